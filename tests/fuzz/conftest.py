"""Shared settings of the fuzz tests (API schema, HTML forms, importers).

The number of examples is bounded so the suite stays quick; the proving ground
(`python3 dev.py prove`) raises it with JISR_FUZZ_EXAMPLES.

The API and form fuzz tests share a small world (``fuzz_world``): a parliament with
records, proposals in every state, two elections, monthly reports, subscriptions, and one
account per role. It is built once per module inside a transaction that is rolled back at
the end, so it never leaks into other tests; every test (and every example, see
``example_rollback``) runs in a savepoint of its own on top of it.
"""

import os
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from hypothesis import HealthCheck, settings

from tests.rollback import rolled_back

# The election importers' fuzz tests start from the fictional election of tests/elections
# (two constituencies and their roster).
from ..elections.conftest import election  # noqa: F401 - a fixture

FUZZ_EXAMPLES = int(os.environ.get("JISR_FUZZ_EXAMPLES", "25"))

# Everyone the fuzz tests act as. "admin" is the technical administrator (superuser);
# staff roles have two-factor authentication, as they must to use staff pages.
ROLES = ("anonymous", "member", "moderator", "organizer", "office", "admin")


def fuzz_settings(examples: int | None = None, **overrides):
    """Hypothesis settings for a fuzz test: bounded, derandomized in CI, no deadline
    (the database makes timings noisy)."""
    return settings(
        max_examples=examples or FUZZ_EXAMPLES,
        deadline=None,
        derandomize=os.environ.get("CI") == "true",
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        **overrides,
    )


@contextmanager
def example_rollback():
    """Run one Hypothesis example in a savepoint that is rolled back, with empty rate-limit
    counters: every example starts from the same database and cache, so a failure
    replays exactly whatever ran before it."""
    cache.clear()
    with rolled_back():
        yield
    cache.clear()


class FuzzWorld:
    """Enough of everything that every page and API operation has ids to work on."""

    def __init__(self):
        # Imported here: test modules of other apps import Django models at the top.
        from jisr.accounts.roles import Role
        from jisr.parliament import services as parliament
        from jisr.parliament.models import Activity, Question, Vote, VoteEvent
        from jisr.proposals import services as proposals
        from jisr.proposals.models import OfficeAccount
        from jisr.proposals.states import Status
        from jisr.reports import services as reports
        from jisr.reports.models import Frequency

        from ..accounts.factories import UserFactory
        from ..conftest import with_mfa
        from ..elections.conftest import import_file, new_election
        from ..proposals.staff_fixtures import World
        from ..reports.factories import VisitorFactory, subscribe

        actor = "system:test"
        base = World()
        self.parliament = base.parliament
        self.topic, self.area, people = base.topic, base.area, base.people
        self.users = {
            "anonymous": None,
            "member": people.member,
            "moderator": people.moderator,
            "organizer": people.organizer,
            "office": people.office,
            "admin": with_mfa(
                UserFactory(is_staff=True, is_superuser=True, display_name="المدير التقني")
            ),
        }
        self.author = people.author
        # One account holding every role, to find every form of the site.
        self.everyone = with_mfa(
            UserFactory(
                roles=[
                    Role.VOLUNTEER,
                    Role.MODERATOR,
                    Role.ORGANIZER,
                    Role.REPRESENTATIVE_OFFICE,
                    Role.TREASURER,
                    Role.AUDITOR,
                ]
            )
        )
        OfficeAccount.objects.create(user=self.everyone, representative=self.parliament.members[0])

        term, members = self.parliament.term, self.parliament.members
        day = date(2026, 3, 4)
        self.bill = parliament.bill_record(
            actor=actor,
            term=term,
            title="قانون حماية المغتربين",
            introduced_on=day,
            sponsors=[members[0]],
        )
        self.question = parliament.question_record(
            actor=actor,
            term=term,
            asked_by=members[0],
            ministry=self.parliament.ministry,
            kind=Question.Kind.values[0],
            asked_on=day,
            title="سؤال عن الكهرباء",
        )
        self.activity = parliament.activity_record(
            actor=actor,
            person=members[0],
            term=term,
            kind=Activity.Kind.SPEECH,
            date=day,
            title="مداخلة عن الماء",
        )
        sitting = parliament.sitting_get_or_create(actor=actor, term=term, date=day, number=1)
        parliament.attendance_record(
            actor=actor, sitting=sitting, statuses={members[0].pk: "present"}
        )
        self.vote_event = parliament.vote_event_record(
            actor=actor,
            term=term,
            date=day,
            motion="التصويت على قانون المغتربين",
            result=VoteEvent.Result.PASSED,
            sitting=sitting,
            bill=self.bill,
            votes={p.pk: Vote.Option.YES for p in members[:3]} | {members[3].pk: Vote.Option.NO},
        )

        self.proposals = {status: base.proposal(status) for status in Status}
        published = self.proposals[Status.PUBLISHED]
        in_progress = self.proposals[Status.IN_PROGRESS]
        organizer = people.organizer
        proposals.milestone_add(
            actor=organizer,
            proposal=in_progress,
            date=timezone.localdate(),
            note="بدأ العمل",
            progress=40,
        )
        proposals.activity_link(actor=organizer, proposal=in_progress, bill=self.bill)
        proposals.activity_link(actor=organizer, proposal=in_progress, vote_event=self.vote_event)
        proposals.support_add(actor=people.member, proposal=published)
        self.hidden = base.proposal(Status.PUBLISHED, title="مقترح مخفي بعد البلاغات")
        for _n in range(3):
            proposals.proposal_report(actor=UserFactory(), proposal=self.hidden, reason="spam")
        # A delivery to the office's representative, waiting for its answer.
        self.waiting = base.proposal(Status.DELIVERED, title="مقترح ينتظر الجواب")
        # The member's own: a draft to edit, a published one to withdraw.
        self.member_draft = base.proposal(Status.DRAFT, author=people.member, title="مسودتي")
        self.member_published = base.proposal(
            Status.PUBLISHED, author=people.member, title="مقترحي المنشور"
        )
        self.office_token = proposals.office_link_token(self.waiting.deliveries.first())

        self.election = new_election()
        for kind, name in [
            ("constituencies", "constituencies.csv"),
            ("roster", "roster.csv"),
            ("lists", "lists.csv"),
            ("candidates", "candidates.csv"),
        ]:
            import_file(self.election, kind, name)
        from jisr.elections import services as elections

        elections.allocation_run(actor=actor, election=self.election, seed=7)
        self.election.refresh_from_db()
        self.empty_election = new_election(name="انتخابات بلا نتائج", name_en="No results yet")

        start = date(2026, 3, 1)
        self.report = reports.report_create(
            actor=actor, person=members[0], start=start, end=start + timedelta(days=30)
        )
        reports.report_publish(actor=actor, report=self.report)
        self.draft_report = reports.report_create(
            actor=actor, person=None, start=start, end=start + timedelta(days=30)
        )

        visitor = VisitorFactory()
        self.subscription = subscribe(visitor, members[0], frequency=Frequency.WEEKLY)
        self.pending = subscribe(visitor, self.topic, confirmed=False)
        self.tokens = {
            "confirm": reports.confirm_token(self.pending),
            "unsubscribe": reports.unsubscribe_token(self.subscription.key),
            "unsubscribe_all": reports.unsubscribe_all_token(visitor),
            "manage": reports.manage_token(visitor),
            "office": self.office_token,
        }
        reports.subscription_follow(actor=people.member, target=members[0])
        self._treasury(people.member)
        self._events(people.member)
        self._pledges(people)

    def _pledges(self, people) -> None:
        """A pledge of a party's platform with evidence, rated once, in a category."""
        from jisr.pledges import services as pledges
        from jisr.pledges.models import Category

        from ..pledges.factories import EvidenceFactory, PledgeFactory

        self.pledge = PledgeFactory()
        self.pledge_category = Category.objects.order_by("pk").first()
        self.pledge.categories.add(self.pledge_category)
        EvidenceFactory(pledge=self.pledge)
        pledges.pledge_rate(
            actor=people.organizer, pledge=self.pledge, verdict="kept", explanation="x"
        )

    def _treasury(self, member) -> None:
        """A campaign with a part, a gift received from the member, a transfer waiting and
        an expense waiting for its approvals."""
        from jisr.treasury import services as treasury

        start = date(2026, 3, 1)
        fields = {"currency": "USD", "goal": 100_000, "starts_on": start, "is_public": True}
        self.campaign = treasury.campaign_create(
            actor="system:test", title="حملة", purpose="غاية", **fields
        )
        self.campaign_part = treasury.campaign_create(
            actor="system:test", title="جزء", purpose="غاية", parent=self.campaign, **fields
        )
        gift = {"actor": None, "campaign": self.campaign, "currency": "USD", "gross": 1000}
        self.gift = treasury.contribution_record(
            **gift, method="cash", name="متبرع خيالي", attested=True, member=member
        )
        self.transfer = treasury.contribution_record(
            **gift, method="bank_transfer", name="متبرع خيالي", attested=True, member=member
        )
        self.expense = treasury.expense_submit(
            actor=None,
            campaign=self.campaign,
            description="مصروف",
            payee="جهة خيالية",
            currency="USD",
            amount=500,
            spent_on=start,
            no_receipt_reason="بلا إيصال",
        )

    def _events(self, member) -> None:
        """A public event the member registered for, and a members-only one."""
        from datetime import UTC, datetime

        from jisr.campaigns.models import Event, Timeslot
        from jisr.campaigns.services import events

        start = datetime(2099, 5, 1, 16, tzinfo=UTC)
        self.event = Event.objects.create(
            kind="training", status="published", title="فعالية", address="عنوان خاص"
        )
        self.members_event = Event.objects.create(
            kind="house_gathering", status="published", audience="members", title="جلسة"
        )
        for event in (self.event, self.members_event):
            Timeslot.objects.create(
                event=event, starts_at=start, ends_at=start + timedelta(hours=2), capacity=1
            )
        events.registration_create(actor=member, timeslot=self.event.timeslots.get())

    def user(self, role: str):
        return self.users[role]


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The fuzz world, built once per module in a transaction rolled back afterwards."""
    with django_db_blocker.unblock(), rolled_back():
        yield FuzzWorld()
