import datetime

import factory
from django.utils import timezone

from jisr.campaigns.models import Event, EventKind, EventStatus, Timeslot


class EventFactory(factory.django.DjangoModelFactory):
    """A published public event, in person, with an address only the registered may see."""

    class Meta:
        model = Event

    kind = EventKind.TRAINING
    status = EventStatus.PUBLISHED
    title = factory.Sequence(lambda n: f"لقاء تجريبي {n}")
    title_en = factory.Sequence(lambda n: f"Test gathering {n}")
    description = "وصف عام للقاء."
    agenda = "جدول الأعمال."
    city = "مالمو"
    address = "شارع السر 7 (عنوان خيالي)"
    online_url = "https://meet.example.invalid/secret-room"
    private_instructions = "تعليمات خاصة بالمسجلين"
    published_at = factory.LazyFunction(timezone.now)


class TimeslotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Timeslot

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=5))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    capacity = None
