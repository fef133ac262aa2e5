"""The scale data generator at a tiny scale, on the database the tests run on (SQLite by
default, PostgreSQL with DATABASE_URL): the counts follow the formula, the same scale gives
the same rows, the records keep the invariants the site relies on, the pages render, and a
database with data in it is refused."""

import hashlib
import io
import itertools
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError, OutputWrapper
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.html import escape

from jisr.accounts.models import User
from jisr.elections.models import Election, PollingStation, Seat
from jisr.parliament.models import (
    Activity,
    Attendance,
    Membership,
    Person,
    Sitting,
    Vote,
    VoteEvent,
)
from jisr.proposals import states
from jisr.proposals.models import (
    AbuseReport,
    Answer,
    Delivery,
    Milestone,
    Proposal,
    StatusChange,
    Support,
)
from jisr.reports.models import ConsentRecord, MonthlyReport, Subscriber, Subscription
from jisr.scale import accounts, elections, run
from jisr.scale.plan import SEATS, sizes
from jisr.scale.progress import Progress
from jisr.search.models import SearchDocument
from jisr.search.registry import search_types
from tests.rollback import rolled_back

SCALE = 0.001
LOAD_ACCOUNTS = 2

pytestmark = pytest.mark.django_db


@dataclass
class Generated:
    counts: dict[str, int]
    first: dict[str, str]
    second: dict[str, str]
    log: str


def fingerprint() -> dict[str, str]:
    """A digest of every generated table's rows in id order, every column but the times
    the database or a service sets to now."""
    digests = {}
    for model in run.generated_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))
        ]
        digest = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
        digests[model._meta.label] = digest.hexdigest()
    return digests


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """Generate twice, the first time in a savepoint rolled back; the second data set stays
    for the module's tests, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), rolled_back():
        with rolled_back():
            run.generate(scale=SCALE, progress=Progress(quiet=True), load_accounts=LOAD_ACCOUNTS)
            first = fingerprint()
        log = io.StringIO()
        counts = run.generate(scale=SCALE, progress=Progress(log), load_accounts=LOAD_ACCOUNTS)
        yield Generated(dict(counts), first, fingerprint(), log.getvalue())


def test_the_counts_follow_the_formula(generated):
    n = sizes(SCALE)
    counts = generated.counts
    assert counts["accounts.User"] == n["members"] + LOAD_ACCOUNTS
    assert counts["account.EmailAddress"] == n["members"] + LOAD_ACCOUNTS
    assert Person.objects.filter(is_fictional=True).count() == counts["parliament.Person"]
    assert counts["parliament.Term"] == 2
    for term in ("scale-term-4", "scale-term-5"):
        seats = Person.objects.filter(
            memberships__term__identifier=term,
            memberships__organization__classification="legislature",
        )
        assert seats.count() == SEATS
    assert counts["parliament.Sitting"] == n["sittings"]
    assert counts["parliament.VoteEvent"] == n["vote_events"]
    assert counts["parliament.Vote"] == n["vote_events"] * SEATS
    assert counts["parliament.Attendance"] == n["sittings"] * SEATS
    assert counts["parliament.Activity"] == n["activities"]
    assert counts["parliament.Bill"] == n["bills"]
    assert counts["parliament.Question"] == n["questions"]
    for key, model in [
        ("proposals", "Proposal"),
        ("supports", "Support"),
        ("deliveries", "Delivery"),
        ("answers", "Answer"),
        ("milestones", "Milestone"),
    ]:
        assert counts[f"proposals.{model}"] == n[key], key
    assert counts["reports.Subscriber"] == n["subscribers"]
    assert counts["reports.Subscription"] == n["subscriptions"]
    assert counts["reports.ConsentRecord"] == n["subscriptions"]
    assert counts["elections.Election"] == 1
    assert counts["elections.Seat"] == SEATS
    assert counts["elections.PollingStation"] == sum(elections.station_counts(n))
    assert counts["search.SearchDocument"] == sum(t.count() for t in search_types().values())


def test_the_same_scale_gives_the_same_rows(generated):
    different = [
        label for label, digest in generated.first.items() if generated.second[label] != digest
    ]
    assert not different


def test_every_person_is_fictional_and_every_address_an_example(generated):
    assert not Person.objects.filter(is_fictional=False).exists()
    assert not User.objects.exclude(email__endswith="@example.net").exists()
    assert (
        not Subscriber.objects.filter(user__isnull=True)
        .exclude(email__endswith="@example.org")
        .exists()
    )
    assert Election.objects.get().is_fictional


def test_parliament_counts_agree_with_the_votes(generated):
    for event in VoteEvent.objects.annotate(
        yes=Count("votes", filter=Q(votes__option="yes")),
        no=Count("votes", filter=Q(votes__option="no")),
        total=Count("votes"),
    ):
        assert (event.yes_count, event.no_count) == (event.yes, event.no)
        assert event.total == SEATS
        assert event.sitting.term_id == event.term_id
    seats = set(
        Membership.objects.filter(organization__classification="legislature").values_list(
            "term", "person"
        )
    )
    assert set(Activity.objects.values_list("term", "person")) <= seats
    assert set(Attendance.objects.values_list("sitting__term", "person")) <= seats
    assert set(Vote.objects.values_list("vote_event__term", "person")) <= seats
    assert Sitting.objects.count() == Sitting.objects.values("term", "date", "number").count()


def test_proposals_keep_their_invariants(generated):
    public = [str(s) for s in states.PUBLIC]
    wrong_count = Proposal.objects.annotate(n=Count("supports")).exclude(support_count=F("n"))
    assert not wrong_count.exists()
    wrong_reports = Proposal.objects.annotate(n=Count("reports")).exclude(report_count=F("n"))
    assert not wrong_reports.exists()
    assert not Support.objects.filter(user=F("proposal__author")).exists()
    assert not Support.objects.exclude(proposal__status__in=public).exists()
    assert not Support.objects.filter(created_at__lt=F("proposal__published_at")).exists()
    for proposal in Proposal.objects.prefetch_related("changes"):
        path = [(c.from_status, c.to_status) for c in proposal.changes.all()]
        for step in path:
            assert (states.Status(step[0]), states.Status(step[1])) in states.TRANSITIONS
        if path:
            assert path[0][0] == "draft" and path[-1][1] == proposal.status
            assert all(a[1] == b[0] for a, b in itertools.pairwise(path))
        else:
            assert proposal.status == "draft"
        times = [c.created_at for c in proposal.changes.all()]
        assert times == sorted(times)
        assert (proposal.submitted_at is None) == (proposal.status == "draft")
        if proposal.published_at is not None:
            assert proposal.created_at <= proposal.submitted_at <= proposal.published_at
            assert proposal.published_at <= proposal.last_update_at
        assert proposal.hidden is False or proposal.status == "published"
    answered = ["answered", "in_progress", "achieved", "partly_achieved", "declined"]
    with_records = Proposal.objects.annotate(
        deliveries_=Count("deliveries", distinct=True),
        answers=Count("deliveries__answer", distinct=True),
        milestones_=Count("milestones", distinct=True),
    )
    assert not with_records.filter(status__in=["delivered", *answered], deliveries_=0).exists()
    assert not with_records.filter(status__in=answered, answers=0).exists()
    assert not with_records.filter(status="delivered", answers__gt=0).exists()
    assert not with_records.filter(
        status__in=["in_progress", "achieved", "partly_achieved"], milestones_=0
    ).exists()
    assert not Answer.objects.filter(answered_on__lt=F("delivery__delivered_on")).exists()
    assert not Delivery.objects.exclude(proposal__status__in=public).exists()
    assert not Milestone.objects.exclude(
        proposal__status__in=["in_progress", "achieved", "partly_achieved"]
    ).exists()
    assert not AbuseReport.objects.exclude(proposal__hidden=True).exists()
    merged = Proposal.objects.filter(status="merged")
    assert not merged.filter(merged_into__isnull=True).exists()
    assert not StatusChange.objects.filter(
        to_status="published", proposal__published_at__isnull=True
    ).exists()


def test_subscriptions_are_confirmed_with_their_consent(generated):
    assert not Subscription.objects.filter(confirmed_at__isnull=True).exists()
    for subscription in Subscription.objects.select_related("subscriber")[:200]:
        assert ConsentRecord.objects.filter(
            subscriber=subscription.subscriber, what=subscription.target_key, action="given"
        ).exists()
    assert MonthlyReport.objects.filter(status="published").count() == MonthlyReport.objects.count()


def test_the_election_is_allocated_with_station_results(generated):
    election = Election.objects.get()
    assert election.current_run is not None
    assert election.rule_set == elections.RULE_SET
    assert Seat.objects.filter(run=election.current_run).count() == SEATS
    assert PollingStation.objects.filter(election=election).count() > 0
    assert election.candidates.filter(person__isnull=False).exists()


def test_pages_render(client, generated):
    person = Person.objects.filter(memberships__term__identifier="scale-term-5").first()
    proposal = Proposal.objects.filter(status="in_progress", hidden=False).first()
    election = Election.objects.get()
    report = MonthlyReport.objects.filter(person__isnull=True).first()
    event = VoteEvent.objects.first()
    # Each page with what it shows of the generated data.
    pages = [
        (reverse("parliament:representatives"), None),
        (reverse("parliament:representative", args=[person.pk]), person.name),
        (reverse("parliament:vote_event", args=[event.pk]), event.motion),
        (reverse("proposals:list"), None),
        (reverse("proposals:detail", args=[proposal.pk]), proposal.title),
        (reverse("elections:list"), election.name),
        (reverse("elections:election", args=[election.pk]), election.name),
        (reverse("elections:check", args=[election.pk]), election.name),
    ]
    for url, shown in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        if shown is None:  # a list: its first page is full
            assert len(response.context["page_obj"].object_list) >= 10, url
        else:
            assert escape(shown) in response.content.decode(), url
    response = client.get(reverse("reports:detail", args=[report.pk]))
    assert response.status_code == 200 and response.context["report"] == report
    assert response.context["data"]["vote_totals"] == report.snapshot["vote_totals"]


def test_search_finds_the_generated_records(client, generated):
    person = Person.objects.filter(memberships__term__identifier="scale-term-5").first()
    page = client.get(reverse("search:results"), {"q": person.name})
    assert page.status_code == 200
    assert reverse("parliament:representative", args=[person.pk]) in page.content.decode()
    if "proposal" in search_types():  # once the proposals app indexes its records
        proposal = Proposal.objects.filter(status="published", hidden=False).first()
        page = client.get(reverse("search:results"), {"q": proposal.title, "type": "proposal"})
        urls = [
            reverse("proposals:detail", args=[p.pk])
            for p in Proposal.objects.filter(title=proposal.title)
        ]
        assert any(url in page.content.decode() for url in urls)
    assert SearchDocument.objects.filter(doc_type="activity").exists()


def test_load_test_accounts_sign_in(client, generated):
    response = client.post(
        reverse("account_login"),
        {"login": accounts.load_email(1), "password": accounts.LOAD_PASSWORD},
    )
    assert response.status_code == 302
    account = User.objects.get(email=accounts.load_email(1))
    assert int(client.session["_auth_user_id"]) == account.pk
    assert client.get(reverse("accounts:profile")).context["user"] == account


def test_the_generated_members_cannot_sign_in(client, generated):
    member = User.objects.get(pk=1)
    assert not member.has_usable_password()


def test_a_database_with_data_is_refused(generated):
    with pytest.raises(run.Refused, match="--flush"):
        run.generate(scale=SCALE, progress=Progress(quiet=True))
    with pytest.raises(CommandError, match="--flush"):
        call_command("generate_scale_data", "--scale", "0.001", "--quiet")


def test_accounts_only_adds_load_accounts_to_generated_data(generated):
    out = io.StringIO()
    call_command("generate_scale_data", "--accounts-only", "--load-accounts", "3", stdout=out)
    assert User.objects.filter(email=accounts.load_email(3)).exists()
    assert accounts.load_email(3) in out.getvalue()


def test_progress_shows_each_phase_and_tenths(generated):
    lines = generated.log.splitlines()
    assert any(line.startswith("[1/7] members:") for line in lines)
    assert any(line.startswith("[6/7] search index:") for line in lines)
    assert any(line.strip().startswith("votes (fifth term)") for line in lines)


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_bar_is_a_line_per_tenth_in_a_log_and_redrawn_on_a_terminal():
    log = io.StringIO()
    bar = Progress(log).bar("rows", 1000)
    for _ in range(1000):
        bar.add()
    bar.close()
    lines = log.getvalue().splitlines()
    assert len(lines) == 10
    assert lines[0].rstrip().endswith("10% 100/1,000")
    assert lines[-1].rstrip().endswith("100% 1,000/1,000")
    terminal = Terminal()
    bar = Progress(terminal).bar("rows", 1000)
    for _ in range(1000):
        bar.add()
    bar.close()
    assert terminal.getvalue().count("\n") == 1
    assert terminal.getvalue().count("\r") > 10


def test_a_bar_is_redrawn_in_place_through_a_commands_stderr():
    terminal = Terminal()
    bar = Progress(OutputWrapper(terminal)).bar("rows", 1000)
    for _ in range(1000):
        bar.add()
    bar.close()
    assert terminal.getvalue().count("\n") == 1
