"""The queries of the pages no other test pins, in one world: the demo (every app's
``load_demo``) as ``tests/e2e/pages.py`` builds it. Each page is opened by the first role
that may open it and must answer 200 in exactly the queries written here.

When a page's count changes on purpose, update its number: the failure shows the whole
table, as it is and as it should be."""

import pytest
from django.db import connection
from django.urls import reverse

from ..conftest import count_queries
from ..e2e.pages import PAGES, World, query_for, signed_in_client
from ..parliament.factories import BillFactory, QuestionFactory

pytestmark = pytest.mark.django_db

# Every staff page (GET), bills, questions and the subscription pages. An organizer's page
# counts the events waiting for their closing report (the staff menu's "Events"): one query.
PINS = {
    "parliament_entry:index": 6,
    "parliament_entry:vote_event_new": 9,
    "parliament_entry:vote_event_correct": 7,
    "parliament_entry:attendance_new": 8,
    "parliament_entry:activity_new": 9,
    "parliament_entry:committee_meeting_new": 8,
    "parliament_entry:bill_phases": 8,
    "parliament_entry:bill_phase_edit": 6,
    "parliament_entry:bill_explain": 6,
    "parliament_entry:question_new": 9,
    "parliament_entry:bill_new": 8,
    "parliament_entry:person_new": 5,
    "parliament_entry:person_edit": 7,
    "parliament_entry:person_merge": 8,
    "parliament_staff:import_upload": 5,
    "elections_staff:index": 7,
    "elections_staff:election_new": 5,
    "elections_staff:manage": 16,
    "elections_staff:election_edit": 7,
    "elections_staff:import_upload": 6,
    "elections_staff:allocate": 8,
    "elections_staff:official": 9,
    "elections_staff:certify": 7,
    "proposals_staff:dashboard": 11,
    "proposals_staff:moderation": 7,
    "proposals_staff:moderate": 9,
    "proposals_staff:deliver": 10,
    "proposals_staff:answer": 10,
    "proposals_staff:milestone": 7,
    "proposals_staff:link": 13,
    "proposals_staff:outcome": 9,
    "proposals_staff:topics": 6,
    "proposals_staff:office_inbox": 8,
    "reports_staff:list": 7,
    "reports_staff:new": 6,
    # The draft's preview adds the treasury's money: its campaigns and the ledger's sums
    # (PostgreSQL sums, then streams the lines it hashes: one more), and what the coalition
    # did: members who joined or left, co-hosted and promoted events, listings (four),
    # decisions closed in the period (one), joint statements published in it (one), joint
    # proposals adopted, delivered, answered, with an outcome, and endorsements (five).
    "reports_staff:edit": 46 + (connection.vendor == "postgresql"),
    "reports_staff:digests": 8,
    "staff:dashboard": 8,
    "staff:audit_log": 7,
    "staff:import_runs": 7,
    "staff:people": 8,
    "staff:person_roles": 7,
    "pledges_staff:index": 7,
    "pledges_staff:categories": 6,
    "pledges_staff:category_edit": 6,
    "pledges_staff:platforms": 7,
    "pledges_staff:platform_new": 7,
    "pledges_staff:platform_edit": 8,
    "pledges_staff:pledge_new": 9,
    "pledges_staff:pledge": 13,
    "pledges_staff:pledge_edit": 12,
    "pledges_staff:rate": 12,
    "pledges_staff:agree": 13,
    "pledges_staff:evidence_new": 6,
    "pledges_staff:link_new": 6,
    "pledges_staff:import_upload": 5,
    "parliament:bills": 2,
    # The bill's term's phases: its path.
    "parliament:bill": 6,
    "parliament:questions": 2,
    "parliament:question": 1,
    "reports:subscribe": 6,
    "reports:confirm": 1,
    "reports:unsubscribe": 1,
    "reports:unsubscribe_all": 1,
    "reports:subscriptions": 8,
    "reports:manage": 3,
    "campaigns_staff:reach_asks": 7,
    "campaigns_staff:reach_ask_new": 5,
    "campaigns_staff:reach_ask_edit": 7,
    "campaigns_staff:reach_ask_scripts": 7,
    "campaigns_staff:channel": 7,
    "campaigns_staff:events": 7,
    "campaigns_staff:event_new": 7,
    "campaigns_staff:event": 8,
    "campaigns_staff:event_edit": 9,
    "campaigns_staff:event_checkin": 8,
    "campaigns_staff:event_report": 16,
    "campaigns_staff:kits": 10,
    "campaigns_staff:kit_new": 9,
    "campaigns_staff:kit": 7,
    "campaigns_staff:kit_item_new": 6,
    "campaigns_staff:kit_item": 6,
    "coalition_staff:coalition_list": 6,
    "coalition_staff:coalition_new": 5,
    "coalition_staff:coalition_manage": 14,
    "coalition_staff:coalition_edit": 6,
    "coalition_staff:coalition_membership": 6,
    "coalition_staff:calendar_cohosts": 8,
    # coalition: decisions among organizations
    "coalition_staff:decision_staff_list": 6,
    "coalition_staff:decision_new": 6,
    "coalition_staff:decision_staff_detail": 12,
    "coalition_staff:decision_options": 7,
    "coalition_staff:decision_outcome": 6,
    "coalition_staff:organization_queue": 6,
    "coalition_staff:organization_review": 9,
    # coalition: joint statements (the manage page reads the statement, its versions, the
    # organizations' and the people's signatures)
    "coalition_staff:statement_index": 6,
    "coalition_staff:statement_new": 7,
    "coalition_staff:statement_manage": 9,
    "coalition_staff:statement_version_new": 7,
}


def pinned_names():
    wanted = ("parliament:bill", "parliament:question", "reports:subscri", "reports:confirm")
    wanted += ("reports:unsubscribe", "reports:manage")
    staff = ("staff:", "parliament_entry:", "parliament_staff:", "elections_staff:")
    staff += ("proposals_staff:", "reports_staff:", "campaigns_staff:", "pledges_staff:")
    staff += ("coalition_staff:",)
    return [n for n in PAGES if n.startswith(staff) or n.startswith(wanted)]


def path_of(world, name):
    entry = PAGES[name]
    return reverse(name, kwargs=entry.kwargs(world)) + query_for(entry, world)


def test_every_staff_bill_question_and_subscription_page_is_pinned():
    assert set(pinned_names()) == set(PINS)


def test_each_page_makes_exactly_its_queries():
    world = World()
    counts, failures = {}, {}
    for name in pinned_names():
        client = signed_in_client(world, PAGES[name].roles[0])
        path = path_of(world, name)
        response, counts[name] = count_queries(lambda: client.get(path))  # noqa: B023
        if response.status_code != 200:
            failures[name] = response.status_code
    assert failures == {}
    assert counts == PINS


def test_the_bill_and_question_lists_cost_the_same_with_more_rows(client, assert_flat_queries):
    world = World()
    term = world.bill.term
    for name, factory in (("bills", BillFactory), ("questions", QuestionFactory)):
        path = reverse(f"parliament:{name}")
        before, after = assert_flat_queries(
            PINS[f"parliament:{name}"],
            lambda: client.get(path),  # noqa: B023
            lambda: factory.create_batch(60, term=term),  # noqa: B023
            info=name,
        )
        shown = after.context["page_obj"].paginator.count
        assert shown == before.context["page_obj"].paginator.count + 60
