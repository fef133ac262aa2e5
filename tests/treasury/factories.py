import datetime

import factory

from jisr.treasury.models import Campaign


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"حملة تجريبية {n}")
    title_en = factory.Sequence(lambda n: f"Test campaign {n}")
    purpose = "دعم الحملة (نص تجريبي)."
    currency = "USD"
    goal = 500_000
    preset_amounts = [1000, 2500, 5000]
    starts_on = datetime.date(2026, 1, 1)
