"""Subscribers and subscriptions as the services leave them, without the e-mails."""

import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from jisr.reports.models import Frequency, Subscriber, Subscription


class VisitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.net")
    language = "ar"


def subscribe(subscriber, target, frequency=Frequency.WEEKLY, confirmed=True) -> Subscription:
    return Subscription.objects.create(
        subscriber=subscriber,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        frequency=frequency,
        confirmed_at=timezone.now() if confirmed else None,
    )
