"""The role × route matrix: every page of the site and every read of the JSON API, opened
by every role, and by each staff role twice — in a session that passed the second factor,
and in one signed in with the password alone. The second must never see more than a member:
it gets what a member gets, or is sent to enter the authenticator's code.

The world is the fictional demo plus a proposal in review, a draft and a draft report
(``tests/e2e/pages.py``), so the pages that differ by role have something to hide."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from jisr.api.urls import api

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from ..e2e.pages import (
    ANONYMOUS,
    AUDITOR,
    MEMBER,
    MODERATOR,
    OFFICE,
    ORGANIZER,
    PAGES,
    TREASURER,
    World,
    query_for,
)

pytestmark = pytest.mark.django_db

API_PREFIX = "/api/v1/"
UNVERIFIED = {
    f"{role} (password only)": role for role in (MODERATOR, ORGANIZER, TREASURER, AUDITOR)
}
BYSTANDER = "another member"
SECOND_FACTOR_PAGES = ("/accounts/2fa/", "/accounts/reauthenticate/")


def _client(world: World, role: str, *, second_factor: bool = True) -> Client:
    client = Client()
    if role != ANONYMOUS:
        signed_in(client, world.users[role], second_factor=second_factor)
    return client


def _page_paths(world: World) -> dict[str, str]:
    paths = {}
    for name, entry in PAGES.items():
        paths[name] = reverse(name, kwargs=entry.kwargs(world)) + query_for(entry, world)
    # The objects only staff may read, by their public addresses.
    paths["proposal in review"] = reverse("proposals:detail", args=[world.in_review.pk])
    paths["draft report"] = reverse("reports:detail", args=[world.draft_report.pk])
    paths["draft report PDF"] = reverse("reports:pdf", args=[world.draft_report.pk])
    return paths


def _api_paths(world: World) -> dict[str, str]:
    """Every GET operation of the API, its ids filled from the world (a proposal in review,
    so that a leak would show)."""
    ids = {
        "persons": world.person.pk,
        "organizations": world.party.pk,
        "vote-events": world.vote_event.pk,
        "proposals": world.in_review.pk,
        "elections": world.election.pk,
    }
    schema = api.get_openapi_schema(path_prefix=API_PREFIX)
    paths = {}
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        resource = path.removeprefix(API_PREFIX).split("/")[0]
        filled = re.sub(r"\{constituency_id\}", "1", path)
        filled = re.sub(r"\{[^}]+\}", str(ids.get(resource, 1)), filled)
        paths[f"API {path}"] = filled
    return paths


def _outcome(response) -> str:
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith(SECOND_FACTOR_PAGES):
            return "asked for the second factor"
        return f"{response.status_code} → {location.split('?')[0]}"
    return str(response.status_code)


def test_a_session_without_the_second_factor_never_sees_more_than_a_member(settings):
    world = World()
    paths = {**_page_paths(world), **_api_paths(world)}
    roles = [ANONYMOUS, MEMBER, MODERATOR, ORGANIZER, OFFICE, TREASURER, AUDITOR]
    clients = {role: _client(world, role) for role in roles}
    clients |= {
        label: _client(world, role, second_factor=False) for label, role in UNVERIFIED.items()
    }
    # The baseline: a member who wrote nothing (the demo's member wrote the proposal in review).
    clients[BYSTANDER] = signed_in(Client(), UserFactory())
    matrix = {}
    for name, path in paths.items():
        for label, client in clients.items():
            matrix[name, label] = _outcome(client.get(path))
    wrong = []
    for name in paths:
        member = matrix[name, BYSTANDER]
        for label in UNVERIFIED:
            seen = matrix[name, label]
            if seen not in (member, "asked for the second factor"):
                wrong.append(f"{name}: {label} got {seen}, a member {member}")
    assert not wrong, "\n".join(wrong)
    # The matrix has teeth: verified staff do read what a member may not.
    for name in ("proposal in review", "draft report", "draft report PDF"):
        assert matrix[name, BYSTANDER] == "404"
        assert matrix[name, ORGANIZER] == "200"
        assert matrix[name, f"{ORGANIZER} (password only)"] == "404"
    assert matrix["proposal in review", MODERATOR] == "200"
    # A donor's identity: the treasurer and the auditor, in a session with the second factor.
    assert matrix["treasury_staff:contribution", BYSTANDER] == "403"
    assert matrix["treasury_staff:contribution", TREASURER] == "200"
    assert matrix["treasury_staff:contribution", AUDITOR] == "200"
    assert matrix["treasury_staff:contribution", ORGANIZER] == "403"
    assert (
        matrix["treasury_staff:contribution", f"{AUDITOR} (password only)"]
        == "asked for the second factor"
    )
    assert (
        matrix["staff:dashboard", f"{MODERATOR} (password only)"] == "asked for the second factor"
    )
    print(
        f"\nrole × route matrix: {len(paths)} routes × {len(clients)} roles = {len(matrix)} cells"
    )
