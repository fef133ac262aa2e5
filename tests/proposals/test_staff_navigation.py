"""Staff find their work by clicking: for every role, every link of its staff menu opens
(never 403), and every staff page it may open is linked from somewhere it reaches by
clicking from the home page."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

from jisr.accounts import staff_navigation
from jisr.proposals.models import Proposal
from jisr.proposals.states import Status

from ..conftest import signed_in
from .staff_fixtures import *  # noqa: F403
from .staff_fixtures import proposal_in

HREF = re.compile(r'href="([^"#?]*)')
# Staff also reach a proposal's staff pages from its public page.
PUBLIC_PROPOSAL = re.compile(r"^/proposals/(\d+/)?$")
ROLES = ["member", "volunteer", "moderator", "organizer", "office"]


@pytest.fixture
def work(pp_world):
    """Something waiting for each role: a proposal to moderate, one ready for delivery
    (picked), and one delivered to the office's representative, not yet answered."""
    proposal_in(Status.SUBMITTED, pp_world)
    ready = proposal_in(Status.PUBLISHED, pp_world)
    from jisr.proposals import services

    services.proposal_pick(actor=pp_world.people.organizer, proposal=ready, picked=True)
    proposal_in(Status.DELIVERED, pp_world)
    return pp_world


def _staff_routes(pks, patterns=None, prefix=""):
    """Every URL of the site under /staff/: those without an argument, and the proposals'
    staff pages of each proposal in ``pks``."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _staff_routes(pks, pattern.url_patterns, route)
        elif not isinstance(pattern, URLPattern) or not route.startswith("staff/"):
            continue
        elif "<" not in route:
            yield "/" + route
        elif route.startswith("staff/proposals/<int:pk>/"):
            for pk in pks:
                yield "/" + route.replace("<int:pk>", str(pk))


def _crawl(client) -> dict[str, int]:
    """Follow every staff link from the home page (and the proposals' public pages, which
    link to their staff pages); return each path's status."""
    seen: dict[str, int] = {}
    queue = ["/"]
    while queue and len(seen) < 200:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response.status_code
        if response.status_code != 200 or response.streaming:
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        for href in HREF.findall(response.content.decode()):
            target = urlsplit(href).path
            if (target.startswith("/staff/") or PUBLIC_PROPOSAL.match(target)) and (
                target not in seen
            ):
                queue.append(target)
    return seen


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_opens_and_every_page_is_reached_by_clicking(role, work):
    user = work.people.get(role)
    client = signed_in(Client(), user)
    menu = staff_navigation.menu_for(user)
    for link in menu + staff_navigation.header_for(user):
        assert client.get(link["url"]).status_code == 200, (role, link["url"])

    seen = _crawl(client)
    forbidden = {path: code for path, code in seen.items() if code == 403}
    assert not forbidden, (role, forbidden)
    # The proposals staff work on: the one ready for delivery and the delivered one.
    pks = Proposal.objects.filter(status__in=["published", "delivered"]).values_list(
        "pk", flat=True
    )
    routes = set(_staff_routes(list(pks)))
    assert len(routes) > 20
    can_open = {path for path in routes if client.get(path).status_code == 200}
    assert can_open - set(seen) == set(), (role, "not linked", can_open - set(seen))
    if role in ("member", "volunteer"):
        assert menu == [] and can_open == set()


def test_each_role_reaches_its_queue_from_the_header(work):
    people = work.people
    expected = {
        "moderator": "/staff/proposals/moderation/",
        "organizer": "/staff/proposals/",
        "office": "/staff/proposals/office/",
    }
    for role, queue in expected.items():
        seen = _crawl(signed_in(Client(), people.get(role)))
        assert seen.get(queue) == 200, role


def _waiting(user) -> dict[str, tuple[int, str]]:
    with translation.override("ar"):
        return {
            w["url"]: (w["count"], str(w["text"]), str(w["label"]))
            for w in staff_navigation.waiting_for(user)
        }


def test_staff_home_says_what_waits_for_each_role(work):
    people = work.people
    moderation, ready = "/staff/proposals/moderation/", "/staff/proposals/#ready"
    # Pledges to rate and to agree wait for moderators and organizers too (none here).
    pledges = {"/staff/pledges/", "/staff/pledges/#agreement"}
    waiting = _waiting(people.moderator)
    assert set(waiting) == {moderation, *pledges} and waiting[moderation][0] == 1
    assert [waiting[url][0] for url in sorted(pledges)] == [0, 0]
    page = signed_in(Client(), people.moderator).get("/staff/").content.decode()
    assert f'href="{moderation}" title="{waiting[moderation][1]}"' in page

    waiting = _waiting(people.organizer)
    assert moderation not in waiting and waiting[ready][0] == 1
    page = signed_in(Client(), people.organizer).get("/staff/").content.decode()
    assert f'href="{ready}" title="{waiting[ready][1]}"' in page

    # The office finds its inbox in the header, with what waits there.
    inbox = "/staff/proposals/office/"
    assert _waiting(people.office)[inbox][0] == 1
    office_home = signed_in(Client(), people.office).get("/").content.decode()
    assert f'href="{inbox}"' in office_home
    assert f'title="{_waiting(people.office)[inbox][1]}"' in office_home


def test_links_read_their_roles_from_the_views():
    for link in staff_navigation.staff_links():
        assert link.roles(), link.url_name


def test_staff_home_and_header_queries_are_bounded(work, django_assert_num_queries):
    people = work.people
    moderation, inbox = "/staff/proposals/moderation/", "/staff/proposals/office/"
    for user, url, queries, link in (
        # Each count of what waits is one query (the pledges' two for moderators too).
        # The organizations waiting for verification: one more for organizers.
        (people.organizer, "/staff/", 16, "/staff/proposals/"),
        (people.moderator, "/staff/", 8, moderation),
        # The front page as a member sees it (its organizations' card: two), and the inbox.
        (people.office, "/", 15, inbox),
    ):
        client = signed_in(Client(), user)
        client.get(url)
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200 and f'href="{link}"' in response.content.decode()
