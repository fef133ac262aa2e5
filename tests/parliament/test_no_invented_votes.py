"""No output shows a per-person vote for a vote whose individual votes are unknown.

The demo world (every app's ``load_demo``) has votes by show of hands with positions that
fictional representatives announced afterwards. One of them gets a motion no other record
has; then every page of the site that the walk in ``tests/e2e/pages.py`` opens (for the
visitor, an organizer, who sees the staff pages too, and an office), the JSON API and the
downloads are read, and wherever that vote appears no vote of a member may be shown
beside it, while the positions are shown as announced.
"""

import json
import re

import pytest
from django.urls import reverse

from jisr.parliament.models import AnnouncedPosition, Vote, VoteEvent

from ..e2e.pages import ANONYMOUS, OFFICE, ORGANIZER, World, pages_for, signed_in_client

pytestmark = pytest.mark.django_db

MARKER = "قرار الاختبار برفع الأيدي ٧٣١"
# How a member's recorded vote is shown wherever votes are listed (parliament templates).
VOTE_SPAN = re.compile(r'class="vote vote-(yes|no|abstain|absent|not_voting)"')
BLOCK_START = re.compile(r"<(li|tr|section|article)\b")


def _blocks_around(html: str, needle: str) -> list[str]:
    """The list item, table row or section around each place ``needle`` appears."""
    blocks = []
    for match in re.finditer(re.escape(needle), html):
        starts = [m.start() for m in BLOCK_START.finditer(html, 0, match.start())]
        start = starts[-1] if starts else 0
        ends = [html.find(tag, match.end()) for tag in ("</li>", "</tr>")]
        ends = [e for e in ends if e != -1]
        blocks.append(html[start : min(ends) if ends else len(html)])
    return blocks


def _world():
    built = World()
    event = (
        VoteEvent.objects.filter(
            method=VoteEvent.Method.SHOW_OF_HANDS, announced_positions__isnull=False
        )
        .order_by("pk")
        .first()
    )
    VoteEvent.objects.filter(pk=event.pk).update(motion=MARKER)
    built.hands = VoteEvent.objects.get(pk=event.pk)
    return built


@pytest.mark.timeout(1200)
def test_no_output_shows_a_member_vote_for_a_vote_by_show_of_hands():
    """One world (the demo takes a while to load), every check on it."""
    world = _world()
    demo_votes_mostly_by_show_of_hands_with_announced_positions(world)
    seen = sum(no_page_shows_a_member_vote(world, role) for role in (ANONYMOUS, ORGANIZER, OFFICE))
    # Its page, the list and the announcers' pages, for each role.
    assert seen >= 3 * 3
    the_vote_page_says_how_it_was_taken_and_shows_positions_as_announced(world)
    the_api_and_the_downloads_give_no_member_vote_for_it(world)


def demo_votes_mostly_by_show_of_hands_with_announced_positions(world):
    methods = list(VoteEvent.objects.values_list("method", flat=True))
    assert methods.count("show_of_hands") > len(methods) / 2
    assert not Vote.objects.filter(vote_event__individual_votes_known=False).exists()
    announced = AnnouncedPosition.objects.filter(vote_event=world.hands)
    assert announced.exists()
    assert all(p.person.is_fictional for p in announced.select_related("person"))


def no_page_shows_a_member_vote(world, role):
    client = signed_in_client(world, role)
    event_url = reverse("parliament:vote_event", args=[world.hands.pk])
    seen = 0
    # The walk, and the pages where this vote appears: its own, every page of the list of
    # votes, and the pages of those who announced a position on it.
    paths = [(page.label, page.path) for page in pages_for(world, role)]
    paths.append(("the vote", event_url))
    pages = -(-VoteEvent.objects.count() // 30)
    votes_url = reverse("parliament:vote_events")
    paths += [("votes list", f"{votes_url}?page={n}") for n in range(1, pages + 1)]
    for person_id in world.hands.announced_positions.values_list("person_id", flat=True):
        paths.append(("announcer", reverse("parliament:representative", args=[person_id])))
    for label, path in paths:
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for needle in (MARKER, f'href="{event_url}"'):
            for block in _blocks_around(html, needle):
                seen += 1
                assert not VOTE_SPAN.search(block), f"{label} ({role}): a vote beside {needle}"
    return seen


def the_vote_page_says_how_it_was_taken_and_shows_positions_as_announced(world):
    client = signed_in_client(world, ANONYMOUS)
    client.cookies["jisr_language"] = "en"
    html = client.get(reverse("parliament:vote_event", args=[world.hands.pk])).content.decode()
    assert "By show of hands: individual votes were not recorded." in html
    assert not VOTE_SPAN.search(html)
    assert "Votes by party" not in html
    assert "Positions announced after the vote" in html
    assert "not recorded votes" in html
    for position in AnnouncedPosition.objects.filter(vote_event=world.hands):
        assert f"announced: {position.get_position_display()}" in html
    person = AnnouncedPosition.objects.filter(vote_event=world.hands).first().person
    html = client.get(reverse("parliament:representative", args=[person.pk])).content.decode()
    assert MARKER in html
    assert all(not VOTE_SPAN.search(b) for b in _blocks_around(html, MARKER))
    assert "announced:" in html


def the_api_and_the_downloads_give_no_member_vote_for_it(world):
    client = signed_in_client(world, ANONYMOUS)
    body = client.get(f"/api/v1/vote-events/{world.hands.pk}").json()
    assert body["method"] == "show_of_hands"
    assert body["votes"] == []
    assert body["announced_positions"]
    listed = client.get("/api/v1/vote-events", {"limit": 1000}).json()["items"]
    (row,) = [r for r in listed if r["id"] == world.hands.pk]
    assert "votes" not in row
    # Every API list without a path parameter: the vote's id never comes with an option.
    schema = client.get("/api/v1/openapi.json").json()
    for path in schema["paths"]:
        if "{" in path:
            continue
        response = client.get(f"/api/v1{path.removeprefix('/api/v1')}")
        if response.status_code != 200:
            continue
        text = response.content.decode()
        assert MARKER not in text or '"option"' not in text, path
    popolo = client.get(reverse("parliament:popolo_export")).content
    assert MARKER.encode() not in popolo
    assert b'"option"' not in popolo
    data = json.loads(popolo)
    assert "vote_events" not in data or all(
        not e.get("votes") for e in data["vote_events"] if e.get("title") == MARKER
    )
