"""The decisions part's hooks: the landing section, the monthly report's section, the
review command and the demo."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from jisr.coalition.hooks import decisions as hooks
from jisr.coalition.models import Decision, DecisionKind, DecisionOutcome
from jisr.coalition.services import decisions as services

from .decision_factories import close, coalition_with_members, open_decision, option_ids, vote

pytestmark = pytest.mark.django_db


def test_the_landing_section_lists_open_decisions_only(organizer, django_assert_num_queries):
    request = RequestFactory().get("/")
    assert hooks.landing_section(request) is None
    coalition, _delegates = coalition_with_members(1)
    shown = open_decision(organizer, coalition, title="مفتوح")
    close(open_decision(organizer, coalition, title="مغلق"))
    with django_assert_num_queries(1):
        section = hooks.landing_section(request)
    assert section is not None and section.order == 30
    assert [d.pk for d in section.context["decisions"]] == [shown.pk]


def test_the_report_section_counts_decisions_closed_in_the_period_and_never_names(organizer):
    coalition, (first, second, third) = coalition_with_members(3)
    stood = open_decision(organizer, coalition, quorum=2, quorum_unit="organizations")
    for delegate in (first, second):
        vote(delegate, stood, option_ids(stood)[:1])
    fell = open_decision(organizer, coalition, quorum=3, quorum_unit="organizations")
    vote(third, fell, option_ids(fell)[:1])
    close(stood)
    close(fell)
    services.decision_outcome_record(actor=organizer, decision=stood, statement="قررنا المضي.")
    today = timezone.localdate()
    data = hooks.report_section(today - datetime.timedelta(days=30), today)
    assert data is not None
    rows = data["decisions"]  # by closing time, then as created: stood, then fell
    assert [(r["stood"], r["voted"], r["electorate"]) for r in rows] == [
        (True, 2, 3),
        (False, 1, 3),
    ]
    assert [r["outcome"] for r in rows] == ["قررنا المضي.", ""]
    text = str(data)
    for delegate in (first, second, third):
        assert delegate.organization.name not in text
        assert delegate.user.email not in text
    assert (
        hooks.report_section(
            today - datetime.timedelta(days=90), today - datetime.timedelta(days=31)
        )
        is None
    )


def test_the_review_command_reminds_once(organizer):
    coalition, _delegates = coalition_with_members(1)
    decision = close(open_decision(organizer, coalition))
    services.decision_outcome_record(
        actor=organizer,
        decision=decision,
        statement="قرار",
        review_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    DecisionOutcome.objects.update(review_on=timezone.localdate())  # the day has come
    call_command("coalition_decision_reviews", stdout=io.StringIO())
    sent = len(mail.outbox)
    assert sent == 2  # the organizer and the primary delegate
    call_command("coalition_decision_reviews", stdout=io.StringIO())
    assert len(mail.outbox) == sent


def test_the_api_lists_opened_decisions_without_results(client, organizer):
    coalition, (first, *_rest) = coalition_with_members()
    decision = open_decision(organizer, coalition, DecisionKind.CHOICE)
    vote(first, decision, option_ids(decision)[:1])
    rows = client.get("/api/v1/coalition/decisions").json()["items"]
    assert [r["id"] for r in rows] == [decision.pk]
    assert "results" not in rows[0] and rows[0]["voted"] == 1


def test_the_demo_has_a_closed_proposal_with_an_outcome_and_two_open_decisions(organizer):
    call_command("demo_load", stdout=io.StringIO())
    closed = Decision.objects.get(kind=DecisionKind.PROPOSAL)
    assert closed.is_closed and closed.outcome.review_on > timezone.localdate()
    ranked = Decision.objects.get(kind=DecisionKind.RANKED)
    assert ranked.is_open and ranked.anonymous
    assert Decision.objects.get(kind=DecisionKind.TIME).is_open
    assert Decision.objects.get(kind=DecisionKind.CHOICE).is_draft
