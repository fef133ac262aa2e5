import datetime

import factory

from jisr.pledges.models import Evidence, Platform, Pledge

from ..parliament.factories import PartyFactory


class PlatformFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Platform

    owner = factory.SubFactory(PartyFactory)
    title = factory.Sequence(lambda n: f"برنامج خيالي {n}")
    source_url = factory.Sequence(lambda n: f"https://example.org/platform-{n}.pdf")
    archive_url = factory.Sequence(lambda n: f"https://web.archive.org/web/2025/platform-{n}")
    published_on = datetime.date(2025, 3, 1)


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    platform = factory.SubFactory(PlatformFactory)
    quote = factory.Sequence(lambda n: f"نتعهد بالأمر رقم {n} كما نُشر.")
    source_url = "https://example.org/platform.pdf"
    archive_url = "https://web.archive.org/web/2025/platform"
    summary = factory.Sequence(lambda n: f"تعهد {n}")
    summary_en = factory.Sequence(lambda n: f"Pledge {n}")
    scope = "national"


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    pledge = factory.SubFactory(PledgeFactory)
    kind = "press"
    title = factory.Sequence(lambda n: f"خبر {n}")
    url = factory.Sequence(lambda n: f"https://example.org/news-{n}")
    date = datetime.date(2025, 6, 1)
