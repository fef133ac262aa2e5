"""Committing, reporting, reminding, and a member's data: what is written, and what never is."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from jisr.accounts import services as accounts
from jisr.campaigns.models.outreach import (
    AskReminder,
    AskStatus,
    Commitment,
    Participation,
    Tally,
)
from jisr.campaigns.services import outreach as services
from jisr.core.audit_actions import Action
from jisr.core.models import AuditEntry

from ..accounts.factories import UserFactory
from .outreach_factories import AskFactory, ask_with_scripts

pytestmark = pytest.mark.django_db


def _commit(member, ask, will_do=True, planned_on=None):
    return services.commitment_make(actor=member, ask=ask, will_do=will_do, planned_on=planned_on)


def test_a_member_commits_and_can_change_their_answer():
    ask, member = AskFactory(), UserFactory()
    planned = timezone.localdate() + datetime.timedelta(days=2)
    first = _commit(member, ask, planned_on=planned)
    assert (first.will_do, first.planned_on, first.committed_on) == (
        True,
        planned,
        timezone.localdate(),
    )
    second = _commit(member, ask, will_do=False, planned_on=planned)
    assert second.pk == first.pk
    assert (second.will_do, second.planned_on) == (False, None)
    assert Commitment.objects.count() == 1


def test_no_commitment_outside_the_window_or_for_a_draft():
    member = UserFactory()
    closed = AskFactory(closes_on=timezone.localdate() - datetime.timedelta(days=1))
    draft = AskFactory(status=AskStatus.DRAFT)
    for ask in (closed, draft):
        with pytest.raises(ValidationError):
            _commit(member, ask)
    ask = AskFactory()
    with pytest.raises(ValidationError):
        _commit(member, ask, planned_on=ask.closes_on + datetime.timedelta(days=1))
    assert not Commitment.objects.exists()


def test_a_report_writes_a_tally_and_a_participation_that_nothing_links():
    ask, member = AskFactory(), UserFactory()
    _commit(member, ask)
    result = services.tally_report(actor=member, ask=ask, contacted=3, will_vote=2, registered=1)
    assert result is None  # the caller never holds the two rows together
    tally = Tally.objects.get()
    assert (tally.ask, tally.on, tally.contacted, tally.will_vote, tally.registered) == (
        ask,
        timezone.localdate(),
        3,
        2,
        1,
    )
    participation = Participation.objects.get()
    assert participation.commitment.member == member
    assert participation.on == timezone.localdate()
    # The audit log names the ask and the member, never the counts or the tally.
    entry = AuditEntry.objects.filter(action=Action.OUTREACH_TALLY_REPORTED).get()
    assert entry.object_id == str(ask.pk) and not entry.data
    assert str(tally.pk) not in str(entry.__dict__)


def test_one_report_a_day():
    ask, member = AskFactory(), UserFactory()
    _commit(member, ask)
    services.tally_report(actor=member, ask=ask, contacted=1, will_vote=1, registered=0)
    with pytest.raises(ValidationError):
        services.tally_report(actor=member, ask=ask, contacted=1, will_vote=1, registered=0)
    assert (Participation.objects.count(), Tally.objects.count()) == (1, 1)


@pytest.mark.parametrize(
    "counts",
    [(0, 0, 0), (2, 3, 0), (2, 0, 3), (101, 0, 0), (-1, 0, 0)],
    ids=["nothing", "more-will-vote", "more-registered", "too-many", "negative"],
)
def test_impossible_counts_are_refused(counts):
    ask, member = AskFactory(), UserFactory()
    _commit(member, ask)
    contacted, will_vote, registered = counts
    with pytest.raises(ValidationError):
        services.tally_report(
            actor=member, ask=ask, contacted=contacted, will_vote=will_vote, registered=registered
        )
    assert not Tally.objects.exists() and not Participation.objects.exists()


def test_a_report_needs_a_commitment_first():
    ask, member = AskFactory(), UserFactory()
    with pytest.raises(ValidationError):
        services.tally_report(actor=member, ask=ask, contacted=1, will_vote=0, registered=0)
    assert not Tally.objects.exists()


def test_reports_are_taken_for_two_weeks_after_the_ask_closes():
    today = timezone.localdate()
    member = UserFactory()
    late = AskFactory(closes_on=today - datetime.timedelta(days=services.REPORT_GRACE_DAYS))
    Commitment.objects.create(ask=late, member=member, will_do=True, committed_on=late.opens_on)
    services.tally_report(actor=member, ask=late, contacted=1, will_vote=0, registered=0)
    too_late = AskFactory(closes_on=today - datetime.timedelta(days=services.REPORT_GRACE_DAYS + 1))
    Commitment.objects.create(
        ask=too_late, member=member, will_do=True, committed_on=too_late.opens_on
    )
    with pytest.raises(ValidationError):
        services.tally_report(actor=member, ask=too_late, contacted=1, will_vote=0, registered=0)


# --- reminders ------------------------------------------------------------------------


def _reminded_ask(*days):
    ask = ask_with_scripts()
    for day in days:
        AskReminder.objects.create(ask=ask, on=day)
    return ask


def test_each_member_who_said_yes_is_reminded_once_per_reminder_date():
    today = timezone.localdate()
    ask = _reminded_ask(today - datetime.timedelta(days=3), today + datetime.timedelta(days=4))
    yes, no = UserFactory(preferred_language="en"), UserFactory()
    _commit(yes, ask)
    _commit(no, ask, will_do=False)
    mail.outbox.clear()
    assert services.outreach_send_reminders(actor="system:test", today=today) == 1
    assert [m.to for m in mail.outbox] == [[yes.email]]
    message = mail.outbox[0]
    assert "Remind your 3 people" in message.subject
    assert f"/campaigns/reach/{ask.pk}/my-list/" in message.body
    # the same day again, and the day after: nothing more
    assert services.outreach_send_reminders(actor="system:test", today=today) == 0
    tomorrow = today + datetime.timedelta(days=1)
    assert services.outreach_send_reminders(actor="system:test", today=tomorrow) == 0
    assert len(mail.outbox) == 1
    # the next reminder date: once more
    later = today + datetime.timedelta(days=4)
    assert services.outreach_send_reminders(actor="system:test", today=later) == 1
    assert services.outreach_send_reminders(actor="system:test", today=later) == 0
    assert len(mail.outbox) == 2


def test_missed_reminder_dates_send_one_reminder_not_a_pile():
    today = timezone.localdate()
    ask = _reminded_ask(*(today - datetime.timedelta(days=n) for n in (1, 2, 3)))
    _commit(UserFactory(), ask)
    mail.outbox.clear()
    assert services.outreach_send_reminders(actor="system:test", today=today) == 1
    assert len(mail.outbox) == 1


def test_nobody_is_reminded_of_a_closed_ask_or_before_a_reminder_date():
    today = timezone.localdate()
    ask = _reminded_ask(today + datetime.timedelta(days=1))
    _commit(UserFactory(), ask)
    mail.outbox.clear()
    assert services.outreach_send_reminders(actor="system:test", today=today) == 0
    after = ask.closes_on + datetime.timedelta(days=1)
    assert services.outreach_send_reminders(actor="system:test", today=after) == 0
    assert mail.outbox == []


def test_the_command_sends_the_reminders_once():
    today = timezone.localdate()
    ask = _reminded_ask(today)
    _commit(UserFactory(), ask)
    mail.outbox.clear()
    out = io.StringIO()
    with translation.override("en"):
        call_command("campaigns_outreach_reminders", "--any-hour", stdout=out)
        call_command("campaigns_outreach_reminders", "--any-hour", stdout=out)
    assert len(mail.outbox) == 1
    assert "1 outreach reminder sent." in out.getvalue()


def test_the_reminders_run_on_the_workers_clock():
    from jisr.cli import CLOCK

    assert "campaigns_outreach_reminders" in [command for _every, command in CLOCK]


# --- personal data --------------------------------------------------------------------


def test_export_holds_the_members_commitments_and_days_but_no_counts():
    ask, member = AskFactory(), UserFactory()
    _commit(member, ask)
    services.tally_report(actor=member, ask=ask, contacted=3, will_vote=2, registered=1)
    exported = accounts.user_export(user=member)
    (row,) = exported["campaigns"]["outreach_commitments"]
    assert row["ask"] == ask.title and row["will_do"] is True
    assert row["days_reported"] == [timezone.localdate().isoformat()]
    assert "contacted" not in str(row)


def test_erasure_removes_commitments_and_participation_and_keeps_the_tallies():
    ask, member, other = AskFactory(), UserFactory(), UserFactory()
    for person in (member, other):
        _commit(person, ask)
        services.tally_report(actor=person, ask=ask, contacted=2, will_vote=1, registered=0)
    accounts.user_erase(user=member)
    assert list(Commitment.objects.values_list("member", flat=True)) == [other.pk]
    assert Participation.objects.count() == 1
    assert Tally.objects.count() == 2


@pytest.mark.parametrize(
    "link",
    ["https://example.org/r?utm_source=whatsapp", "https://example.org/r?a=1&FBCLID=x"],
)
def test_a_link_with_tracking_parameters_is_refused(link):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.ask_create(
            actor="system:test",
            title="t",
            what_to_do="w",
            link=link,
            opens_on=today,
            closes_on=today,
        )
    services.ask_create(
        actor="system:test",
        title="t",
        what_to_do="w",
        link="https://example.org/r?lang=ar",
        opens_on=today,
        closes_on=today,
    )
