import io

import pytest

from jisr.accounts import demo as accounts_demo
from jisr.campaigns import event_demo
from jisr.campaigns.models import Event, EventAudience, Registration, Timeslot
from jisr.campaigns.models import RegistrationStatus as S

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_members_only_event_a_waiting_list_and_a_registered_member():
    accounts_demo.load(io.StringIO())
    event_demo.load(io.StringIO())
    event_demo.load(io.StringIO())  # safe twice
    assert 4 <= Event.objects.count() <= 6
    assert Event.objects.filter(audience=EventAudience.MEMBERS).count() == 1
    full = [
        slot
        for slot in Timeslot.objects.exclude(capacity=None)
        if slot.registrations.filter(status=S.CONFIRMED).count() == slot.capacity
    ]
    assert any(slot.registrations.filter(status=S.WAITLISTED).exists() for slot in full)
    member = Registration.objects.filter(user__email="member@demo.jisr.invalid")
    assert member.filter(status=S.CONFIRMED).exists()
    assert all("(تجريبي)" in e.title and "demo" in e.title_en for e in Event.objects.all())
