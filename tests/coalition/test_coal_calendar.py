"""The shared calendar: an organizer invites, a delegate of the invited organization
accepts (acting rules); a member organization's delegate promotes a public event; the
coalition's page and iCal feed show only public events, each with its URL; co-hosts are
named on the event's page, never given its registrations."""

import datetime

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jisr.campaigns.models import EventAudience, EventStatus
from jisr.coalition.models import DelegateRole, EventPromotion
from jisr.coalition.services import calendar

from ..accounts.factories import UserFactory
from ..campaigns.factories import EventFactory, TimeslotFactory
from ..conftest import signed_in
from .coal_factories import CohostFactory, ListingFactory, member_delegate
from .factories import CoalitionFactory, DelegateFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_an_organizer_invites_and_a_delegate_of_that_organization_accepts(organizer):
    delegate = DelegateFactory()
    event = EventFactory()
    cohost = calendar.cohost_invite(
        actor=organizer, event=event, organization=delegate.organization
    )
    assert not cohost.accepted
    accepted = calendar.cohost_accept(delegate=delegate, cohost=cohost)
    assert accepted.delegate == delegate and accepted.organization == delegate.organization
    with pytest.raises(ValidationError) as refused:
        calendar.cohost_accept(delegate=delegate, cohost=cohost)
    assert refused.value.code == "accepted"


def test_an_unverified_organization_is_not_invited(organizer):
    with pytest.raises(ValidationError) as refused:
        calendar.cohost_invite(
            actor=organizer,
            event=EventFactory(),
            organization=OrganizationFactory(status="pending"),
        )
    assert refused.value.code == "unverified"


@pytest.mark.parametrize("who", ["other_organization", "observer", "no_two_factor"])
def test_only_an_acting_delegate_of_the_invited_organization_accepts(who):
    cohost = CohostFactory()
    if who == "other_organization":
        delegate = DelegateFactory()
    elif who == "observer":
        delegate = DelegateFactory(organization=cohost.organization, role=DelegateRole.OBSERVER)
    else:
        delegate = DelegateFactory(organization=cohost.organization, user=UserFactory())
    with pytest.raises(ValidationError):
        calendar.cohost_accept(delegate=delegate, cohost=cohost)
    cohost.refresh_from_db()
    assert cohost.delegate is None and cohost.accepted_at is None


def test_accepting_through_the_page_needs_a_delegate_of_that_organization(client):
    cohost = CohostFactory()
    outsider = DelegateFactory()
    signed_in(client, outsider.user)
    url = reverse("coalition:calendar_accept", args=[cohost.pk])
    assert client.post(url).status_code == 403
    own = DelegateFactory(organization=cohost.organization)
    signed_in(client, own.user)
    assert client.post(url).status_code == 302
    cohost.refresh_from_db()
    assert cohost.delegate == own


def test_a_member_organization_promotes_a_public_event_only():
    coalition = CoalitionFactory()
    delegate = member_delegate(coalition)
    hidden = EventFactory(audience=EventAudience.MEMBERS)
    draft = EventFactory(status=EventStatus.DRAFT)
    for event in (hidden, draft):
        with pytest.raises(ValidationError) as refused:
            calendar.event_promote(delegate=delegate, event=event)
        assert refused.value.code == "not_public"
    event = EventFactory()
    promotion = calendar.event_promote(delegate=delegate, event=event)
    assert (promotion.organization, promotion.delegate) == (delegate.organization, delegate)
    with pytest.raises(ValidationError):
        calendar.event_promote(delegate=delegate, event=event)
    outsider = DelegateFactory()  # an organization in no coalition
    with pytest.raises(ValidationError) as refused:
        calendar.event_promote(delegate=outsider, event=event)
    assert refused.value.code == "not_member"
    assert EventPromotion.objects.count() == 1


def _calendar_world():
    coalition = CoalitionFactory()
    host = member_delegate(coalition, name_en="Host club")
    promoter = member_delegate(coalition, name_en="Promoting union")
    cohosted = TimeslotFactory(event=EventFactory(title="لقاء مشترك")).event
    promoted = TimeslotFactory(event=EventFactory(title="ندوة مروّجة")).event
    secret = TimeslotFactory(
        event=EventFactory(title="اجتماع سري", audience=EventAudience.MEMBERS)
    ).event
    unrelated = TimeslotFactory(event=EventFactory(title="فعالية أخرى")).event
    for event in (cohosted, secret):
        cohost = CohostFactory(event=event, organization=host.organization)
        cohost.delegate, cohost.accepted_at = host, timezone.now()
        cohost.save()
    # Waiting invitations do not put an event on the calendar.
    CohostFactory(event=unrelated, organization=promoter.organization)
    EventPromotion.objects.create(
        event=promoted, organization=promoter.organization, delegate=promoter
    )
    return coalition, cohosted, promoted, secret, unrelated


def test_the_calendar_page_lists_public_cohosted_and_promoted_events(
    client, django_assert_num_queries
):
    coalition, _cohosted, _promoted, _secret, _unrelated = _calendar_world()
    with django_assert_num_queries(2):
        page = client.get(reverse("coalition:calendar", args=[coalition.pk])).content.decode()
    assert "لقاء مشترك" in page and "ندوة مروّجة" in page
    assert "اجتماع سري" not in page and "فعالية أخرى" not in page


def test_the_feed_parses_carries_urls_and_never_a_members_only_event(client):
    coalition, cohosted, _promoted, _secret, _unrelated = _calendar_world()
    response = client.get(reverse("coalition:calendar_feed", args=[coalition.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    events = parsed.walk("VEVENT")
    assert sorted(str(e["summary"]) for e in events) == sorted(["لقاء مشترك", "ندوة مروّجة"])
    for vevent in events:
        assert str(vevent["url"]).endswith(
            reverse("campaigns:event", args=[int(str(vevent["uid"]).split("-")[1])])
        )
    assert "اجتماع سري" not in response.content.decode()
    assert cohosted.address not in response.content.decode()


def test_a_former_members_events_leave_the_calendar(client):
    coalition, _cohosted, _promoted, _secret, _unrelated = _calendar_world()
    coalition.memberships.filter(organization__name_en="Promoting union").update(
        left_on=timezone.localdate() + datetime.timedelta(days=0)
    )
    page = client.get(reverse("coalition:calendar", args=[coalition.pk])).content.decode()
    assert "ندوة مروّجة" not in page and "لقاء مشترك" in page


def test_the_event_page_names_its_public_cohosts_and_no_registration(client):
    coalition, cohosted, promoted, _secret, _unrelated = _calendar_world()
    hidden = member_delegate(coalition, name="رابطة سرية", visibility="members")
    cohost = CohostFactory(event=cohosted, organization=hidden.organization)
    cohost.delegate, cohost.accepted_at = hidden, timezone.now()
    cohost.save()
    host = cohosted.coalition_cohosts.exclude(pk=cohost.pk).get().organization
    page = client.get(reverse("campaigns:event", args=[cohosted.pk])).content.decode()
    assert host.name in page
    assert "رابطة سرية" not in page
    assert hidden.user.display_name not in page
    promoted_page = client.get(reverse("campaigns:event", args=[promoted.pk])).content.decode()
    assert promoted.coalition_promotions.get().organization.name in promoted_page


def test_a_cohosts_delegate_gets_no_access_to_the_events_registrations(client):
    _coalition, cohosted, _promoted, _secret, _unrelated = _calendar_world()
    host = cohosted.coalition_cohosts.get().delegate
    signed_in(client, host.user)
    for name in ("campaigns_staff:event", "campaigns_staff:event_checkin"):
        assert client.get(reverse(name, args=[cohosted.pk])).status_code == 403


def test_a_delegate_sees_invitations_and_promotes_from_their_page(client):
    coalition = CoalitionFactory()
    delegate = member_delegate(coalition)
    invitation = CohostFactory(organization=delegate.organization)
    event = TimeslotFactory(event=EventFactory()).event
    signed_in(client, delegate.user)
    url = reverse("coalition:calendar_mine")
    page = client.get(url).content.decode()
    assert reverse("coalition:calendar_accept", args=[invitation.pk]) in page
    response = client.post(url, {"organization": delegate.organization_id, "event": event.pk})
    assert response.status_code == 302
    assert EventPromotion.objects.get().delegate == delegate


def test_the_monthly_report_counts_public_organizations_only(client):
    from django.apps import apps
    from django.template.loader import render_to_string
    from django.utils import translation

    _calendar_world()
    ListingFactory(kind="need")
    ListingFactory(
        kind="offer",
        delegate=DelegateFactory(organization=OrganizationFactory(visibility="members")),
    )
    today = timezone.localdate()
    section = apps.get_app_config("coalition").report_section(
        None, today - datetime.timedelta(days=30), today
    )
    parts = {item["part"]: item["data"] for item in section["parts"]}
    assert parts["calendar"] == {"cohosted": 1, "promoted": 1, "offers": 0, "needs": 1}
    assert parts["coalitions"] == {"joined": 2, "left": 0}
    with translation.override("en"):
        html = render_to_string("coalition/report/_section.html", {"section": section})
    assert "1 event co-hosted by an organization" in html and "1 need posted" in html
    assert "2 organizations joined a coalition." in html
