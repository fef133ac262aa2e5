"""The organization's own promises, measured from Jisr's own data: follow, deliver the
proposals, report back; per month and overall, each with its denominator."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from jisr.parliament.models import Activity, Question, Sitting, VoteEvent
from jisr.proposals.models import Delivery, Proposal, Support, Topic
from jisr.reports.models import MonthlyReport
from jisr.reports.promises import promises

from ..accounts.factories import UserFactory
from ..parliament.conftest import Parliament

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


@pytest.fixture
def world(settings):
    settings.JISR_PROMISE_FOLLOW_DAYS = 7
    settings.JISR_PROMISE_DELIVER_DAYS = 30
    settings.JISR_PROMISE_REPORT_DAY = 15
    settings.JISR_SUPPORT_THRESHOLD = 2
    p = Parliament()
    m0 = p.members[0]
    # Follow, March: a vote entered two days after (on time); an activity entered on its
    # own day but 19 days after its sitting (late: the sitting counts). April: a question
    # entered the next day (on time). June 5: in the future, not counted.
    vote = VoteEvent.objects.create(term=p.term, date=date(2026, 3, 1), motion="m", result="passed")
    sitting = Sitting.objects.create(term=p.term, date=date(2026, 3, 1), number=1)
    activity = Activity.objects.create(
        person=m0, term=p.term, kind="speech", date=date(2026, 3, 20), title="t", sitting=sitting
    )
    question = Question.objects.create(
        term=p.term,
        asked_by=m0,
        ministry=p.ministry,
        kind="oral",
        asked_on=date(2026, 4, 1),
        title="q",
    )
    future = VoteEvent.objects.create(
        term=p.term, date=date(2026, 6, 5), motion="later", result="passed"
    )
    for record, day in [
        (vote, date(2026, 3, 3)),
        (activity, date(2026, 3, 20)),
        (question, date(2026, 4, 2)),
        (future, date(2026, 5, 30)),
    ]:
        type(record).objects.filter(pk=record.pk).update(recorded_at=at(day))

    # Deliver: reached in March and delivered in time; reached in March and never delivered
    # (missed); reached on May 25 (not due yet); a hidden one (not counted).
    topic = Topic.objects.create(name="التعليم")
    users = [UserFactory(), UserFactory()]

    def proposal(supported: list[date], *, delivered: date | None = None, hidden=False):
        item = Proposal.objects.create(
            title="p",
            body="b",
            topic=topic,
            status="published",
            hidden=hidden,
            published_at=at(date(2026, 3, 1)),
            support_count=len(supported),
        )
        for user, day in zip(users, supported, strict=False):
            Support.objects.filter(pk=Support.objects.create(proposal=item, user=user).pk).update(
                created_at=at(day)
            )
        if delivered:
            Delivery.objects.create(
                proposal=item, representative=m0, method="letter", delivered_on=delivered
            )
        return item

    proposal([date(2026, 3, 5), date(2026, 3, 6)], delivered=date(2026, 3, 20))
    proposal([date(2026, 3, 8), date(2026, 3, 10)])
    proposal([date(2026, 5, 20), date(2026, 5, 25)])
    proposal([date(2026, 3, 5), date(2026, 3, 6)], hidden=True)
    proposal([date(2026, 3, 5)])  # one support: below the threshold

    # Report back: March on time (April 10), April late (May 20), May not due yet (June 15);
    # a representative's report does not count.
    for start, end, published in [
        (date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 10)),
        (date(2026, 4, 1), date(2026, 4, 30), date(2026, 5, 20)),
    ]:
        MonthlyReport.objects.create(
            period_start=start, period_end=end, status="published", published_at=at(published)
        )
    MonthlyReport.objects.create(
        person=m0,
        period_start=date(2026, 2, 1),
        period_end=date(2026, 2, 28),
        status="published",
        published_at=at(date(2026, 5, 1)),
    )
    return p


def figures(measure):
    return (measure.kept, measure.due, measure.pending)


def test_each_promise_is_counted_with_its_denominator(world):
    result = promises(TODAY)
    assert figures(result.follow) == (2, 3, 0)
    assert figures(result.deliver) == (1, 2, 1)
    assert figures(result.report) == (1, 2, 1)
    months = {row.month: row for row in result.months}
    march, april, may = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)
    assert figures(months[march].follow) == (1, 2, 0)
    assert figures(months[april].follow) == (1, 1, 0)
    assert figures(months[march].deliver) == (1, 2, 0)
    assert figures(months[may].deliver) == (0, 0, 1)
    assert figures(months[march].report) == (1, 1, 0)
    assert figures(months[april].report) == (0, 1, 0)
    assert figures(months[may].report) == (0, 0, 1)
    assert [row.month for row in result.months] == sorted(months, reverse=True)


def test_the_days_allowed_come_from_the_settings(world, settings):
    settings.JISR_PROMISE_FOLLOW_DAYS = 30
    settings.JISR_PROMISE_REPORT_DAY = 25
    settings.JISR_PROMISE_DELIVER_DAYS = 5
    result = promises(TODAY)
    assert figures(result.follow) == (3, 3, 0)
    assert figures(result.report) == (2, 2, 1)
    assert figures(result.deliver) == (0, 3, 0)  # May 25 + 5 days has passed too


def test_measuring_since_a_day_leaves_earlier_records_out(world, settings):
    settings.JISR_PROMISE_SINCE = "2026-04-01"
    result = promises(TODAY)
    assert figures(result.follow) == (1, 1, 0)
    assert figures(result.deliver) == (0, 0, 1)
    assert figures(result.report) == (0, 1, 1)


def test_the_page_shows_the_counts_in_a_pinned_number_of_queries(
    world, client, django_assert_num_queries, monkeypatch
):
    from django.utils import timezone

    from jisr.reports import promises as module

    real = timezone.localdate
    monkeypatch.setattr(
        module.timezone, "localdate", lambda value=None: real(value) if value else TODAY
    )
    with django_assert_num_queries(6):
        page = client.get(reverse("reports:promises"))
    html = page.content.decode()
    assert "1 of 2 on time (50%)" in html
    assert "2 of 3 on time (67%)" in html
    assert "1 not due yet" in html
    assert 'href="#method-deliver"' in html and 'id="method-deliver"' in html
    assert "within 7 days of their sitting or date" in html


def test_an_empty_site_says_there_is_nothing_to_measure(db, client):
    html = client.get(reverse("reports:promises")).content.decode()
    assert "Nothing to measure yet" in html
    assert "Nothing due" in html


def test_the_pledges_and_reports_pages_link_it(db, client):
    target = reverse("reports:promises")
    assert target in client.get(reverse("pledges:list")).content.decode()
    assert target in client.get(reverse("reports:list")).content.decode()
