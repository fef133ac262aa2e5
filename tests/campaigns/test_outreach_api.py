"""The outreach API: aggregates only, under the same small-cell rule as the pages."""

import datetime

import pytest
from django.utils import timezone

from jisr.campaigns.models.outreach import AskStatus

from .outreach_factories import ask_with_scripts
from .test_outreach_views import LAST_WEEK, reports

pytestmark = pytest.mark.django_db


def test_the_api_gives_weeks_shown_and_hidden_and_nothing_about_anyone(
    client, django_assert_num_queries
):
    ask = ask_with_scripts()
    ask_with_scripts(status=AskStatus.DRAFT)
    reports(ask, 11, LAST_WEEK - datetime.timedelta(days=7), contacted=3)
    reports(ask, 2, LAST_WEEK)
    reports(ask, 10, timezone.localdate())  # this week: not yet
    with django_assert_num_queries(5):
        listed = client.get("/api/v1/campaigns/reach/asks").json()
    assert [a["id"] for a in listed["items"]] == [ask.pk]
    one = client.get(f"/api/v1/campaigns/reach/asks/{ask.pk}").json()
    assert one == listed["items"][0]
    assert one["min_cell"] == 10 and one["committed"] == 23
    shown, hidden = one["weeks"]
    assert (shown["suppressed"], shown["members"], shown["contacted"]) == (False, 11, 33)
    assert hidden == {
        "week": LAST_WEEK.isoformat(),
        "suppressed": True,
        "members": None,
        "contacted": None,
        "will_vote": None,
        "registered": None,
    }
    assert one["total"]["contacted"] == 33
    text = str(one)
    assert "member" not in text.replace("members", "") and "commitment" not in text


def test_a_draft_is_not_in_the_api(client):
    draft = ask_with_scripts(status=AskStatus.DRAFT)
    assert client.get(f"/api/v1/campaigns/reach/asks/{draft.pk}").status_code == 404
