"""The rules of the pledges' services: sources required, evidence before a verdict,
independent ratings, the agreed verdict's history, links; each write audited."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from jisr.core.models import AuditEntry
from jisr.pledges import selectors, services
from jisr.pledges.models import AgreedVerdict, Category, Pledge, Verdict

from ..accounts.factories import UserFactory
from ..parliament.factories import AreaFactory, BillFactory
from .factories import EvidenceFactory, PlatformFactory, PledgeFactory

pytestmark = pytest.mark.django_db


def _pledge_kwargs(**changes):
    data = {
        "platform": PlatformFactory(),
        "quote": "  نتعهد بإقرار قانون الضمان الاجتماعي.  ",
        "source_url": "https://example.org/p.pdf",
        "archive_url": "https://web.archive.org/web/2025/p",
        "summary": "قانون الضمان",
        "summary_en": "Social security law",
        "scope": "national",
    }
    data.update(changes)
    return data


def test_the_voters_expectations_are_the_first_categories():
    names = list(Category.objects.values_list("name_en", flat=True))
    assert names[0] == "Laws that open the way to change"
    assert "Housing" in names and "An independent national decision" in names
    assert len(names) == 9


def test_a_pledge_is_saved_word_for_word_and_audited(organizer):
    pledge = services.pledge_save(actor=organizer, **_pledge_kwargs())
    assert pledge.quote == "نتعهد بإقرار قانون الضمان الاجتماعي."
    assert pledge.verdict == Verdict.NOT_RATED
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry.action == "promise.recorded" and entry.data == {"scope": "national"}


@pytest.mark.parametrize("field", ["quote", "source_url", "archive_url"])
def test_a_pledge_without_its_words_its_source_or_an_archived_copy_is_refused(organizer, field):
    with pytest.raises(ValidationError) as refused:
        services.pledge_save(actor=organizer, **_pledge_kwargs(**{field: " "}))
    assert field in refused.value.message_dict
    assert not Pledge.objects.exists()


def test_the_database_refuses_a_pledge_without_an_archived_copy():
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeFactory(archive_url="")


def test_a_governorate_pledge_names_its_governorate(organizer):
    with pytest.raises(ValidationError):
        services.pledge_save(actor=organizer, **_pledge_kwargs(scope="governorate"))
    area = AreaFactory()
    pledge = services.pledge_save(actor=organizer, **_pledge_kwargs(scope="governorate", area=area))
    assert pledge.area == area


def test_a_verdict_beyond_not_yet_rated_needs_evidence(organizer):
    pledge = PledgeFactory()
    with pytest.raises(ValidationError, match="evidence"):
        services.pledge_rate(actor=organizer, pledge=pledge, verdict="kept", explanation="نعم")
    # "Not yet rated" needs none.
    services.pledge_rate(actor=organizer, pledge=pledge, verdict="not_rated", explanation="بعد")
    EvidenceFactory(pledge=pledge)
    services.pledge_rate(actor=UserFactory(), pledge=pledge, verdict="kept", explanation="نعم")


def test_broken_says_why_and_only_broken_has_a_reason(organizer):
    pledge = EvidenceFactory().pledge
    with pytest.raises(ValidationError):
        services.pledge_rate(actor=organizer, pledge=pledge, verdict="broken", explanation="x")
    with pytest.raises(ValidationError):
        services.pledge_rate(
            actor=organizer, pledge=pledge, verdict="kept", reason="blocked", explanation="x"
        )
    rating = services.pledge_rate(
        actor=organizer, pledge=pledge, verdict="broken", reason="blocked", explanation="x"
    )
    assert rating.reason == "blocked"


def test_each_rater_rates_once_a_round_and_only_two_rate(organizer, moderator):
    pledge = EvidenceFactory().pledge
    services.pledge_rate(actor=organizer, pledge=pledge, verdict="kept", explanation="a")
    with pytest.raises(ValidationError, match="already rated"):
        services.pledge_rate(actor=organizer, pledge=pledge, verdict="stalled", explanation="b")
    services.pledge_rate(actor=moderator, pledge=pledge, verdict="stalled", explanation="c")
    with pytest.raises(ValidationError, match="Two raters"):
        services.pledge_rate(actor=UserFactory(), pledge=pledge, verdict="kept", explanation="d")


def _rated(pledge, first, second):
    for verdict in (first, second):
        reason = "no_majority" if verdict == "broken" else ""
        services.pledge_rate(
            actor=UserFactory(), pledge=pledge, verdict=verdict, reason=reason, explanation="أ"
        )


def test_a_verdict_is_agreed_only_after_two_ratings(organizer):
    evidence = EvidenceFactory()
    pledge = evidence.pledge
    with pytest.raises(ValidationError, match="Two raters"):
        services.pledge_agree(
            actor=organizer, pledge=pledge, verdict="kept", explanation="x", evidence=[evidence]
        )
    services.pledge_rate(actor=UserFactory(), pledge=pledge, verdict="kept", explanation="أ")
    with pytest.raises(ValidationError, match="Two raters"):
        services.pledge_agree(
            actor=organizer, pledge=pledge, verdict="kept", explanation="x", evidence=[evidence]
        )


def test_the_agreed_verdict_rests_on_the_pledges_own_evidence(organizer):
    evidence = EvidenceFactory()
    pledge = evidence.pledge
    _rated(pledge, "kept", "kept")
    with pytest.raises(ValidationError):
        services.pledge_agree(actor=organizer, pledge=pledge, verdict="kept", explanation="x")
    with pytest.raises(ValidationError):
        services.pledge_agree(
            actor=organizer,
            pledge=pledge,
            verdict="kept",
            explanation="x",
            evidence=[EvidenceFactory()],
        )


def test_verdicts_change_and_keep_their_history(organizer):
    evidence = EvidenceFactory()
    pledge = evidence.pledge
    _rated(pledge, "in_the_works", "stalled")
    first = services.pledge_agree(
        actor=organizer,
        pledge=pledge,
        verdict="in_the_works",
        explanation="مشروع القانون في اللجنة.",
        evidence=[evidence],
        on=datetime.date(2025, 5, 1),
    )
    assert first.follows == AgreedVerdict.Follows.FIRST and first.previous == "not_rated"
    pledge.refresh_from_db()
    assert (pledge.verdict, pledge.round) == ("in_the_works", 2)
    # A new round: the first round's ratings do not count in it.
    _rated(pledge, "broken", "broken")
    services.pledge_agree(
        actor=organizer,
        pledge=pledge,
        verdict="broken",
        reason="no_majority",
        explanation="سقط في التصويت.",
        evidence=[evidence],
        on=datetime.date(2025, 9, 1),
    )
    pledge.refresh_from_db()
    assert pledge.verdict == "broken" and pledge.verdict_on == datetime.date(2025, 9, 1)
    history = list(selectors.history(pledge.pk).values_list("verdict", "previous", "follows"))
    assert history == [("broken", "in_the_works", "both"), ("in_the_works", "not_rated", "first")]
    actions = list(
        AuditEntry.objects.filter(object_id=str(pledge.pk)).values_list("action", flat=True)
    )
    assert actions.count("promise.verdict_agreed") == 2 and actions.count("promise.rated") == 4


def test_the_agreed_verdict_says_when_it_follows_neither_rating(organizer):
    evidence = EvidenceFactory()
    _rated(evidence.pledge, "kept", "stalled")
    agreed = services.pledge_agree(
        actor=organizer,
        pledge=evidence.pledge,
        verdict="compromise",
        explanation="x",
        evidence=[evidence],
    )
    assert agreed.follows == AgreedVerdict.Follows.NEITHER


def test_the_waiting_lists_count_the_open_round(organizer, moderator):
    one, two = EvidenceFactory().pledge, EvidenceFactory().pledge
    services.pledge_rate(actor=organizer, pledge=one, verdict="kept", explanation="a")
    _rated(two, "kept", "kept")
    assert list(selectors.waiting_for_second_rating()) == [one]
    assert list(selectors.waiting_for_agreement()) == [two]


def test_kappa_is_read_from_the_independent_ratings(organizer):
    for first, second in [("kept", "kept"), ("kept", "broken"), ("broken", "broken")]:
        pledge = EvidenceFactory().pledge
        services.pledge_rate(
            actor=UserFactory(),
            pledge=pledge,
            verdict=first,
            explanation="a",
            reason="blocked" if first == "broken" else "",
        )
        services.pledge_rate(
            actor=UserFactory(),
            pledge=pledge,
            verdict=second,
            explanation="b",
            reason="blocked" if second == "broken" else "",
        )
    [quarter] = selectors.kappa_quarters()
    assert (quarter.pairs, quarter.agreed) == (3, 2)
    # Observed 2/3; chance (2×1 + 1×2)/9 = 4/9; kappa (2/3 − 4/9) / (5/9) = 0.4.
    assert abs(quarter.kappa - 0.4) < 1e-9


def test_links_point_at_one_record_once(organizer):
    pledge, bill = PledgeFactory(), BillFactory()
    link = services.pledge_link(actor=organizer, pledge=pledge, target=bill, note="القانون")
    assert link.kind == "bill" and link.target == bill
    with pytest.raises(ValidationError):
        services.pledge_link(actor=organizer, pledge=pledge, target=bill)
    with pytest.raises(ValidationError):
        services.pledge_link(actor=organizer, pledge=pledge, target=organizer)


def test_erasure_keeps_the_ratings_without_their_rater(organizer):
    from jisr.accounts.services import user_erase

    pledge = PledgeFactory()
    rater = UserFactory()
    services.pledge_rate(actor=rater, pledge=pledge, verdict="not_rated", explanation="x")
    user_erase(user=rater)
    rating = pledge.ratings.get()
    assert rating.rater is None and rating.verdict == "not_rated"
