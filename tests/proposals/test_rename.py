"""A member who realises their display name identifies them can change it, and the new one
replaces it everywhere a proposal shows its author: the page, the JSON API, the feeds,
search and the staff's CSV export. Nobody else can take the name given up."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from jisr.proposals.states import Status

from ..accounts.factories import PASSWORD, UserFactory
from ..conftest import signed_in
from .staff_fixtures import World, proposal_in

pytestmark = pytest.mark.django_db

OLD, NEW = "أبو حيدر البصري", "نجمة الصباح"


def _text(response) -> str:
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _everywhere(proposal, organizer) -> dict[str, str]:
    staff = signed_in(Client(), organizer)
    visitor = Client()
    pages = {
        "page": visitor.get(reverse("proposals:detail", args=[proposal.pk])),
        "API": visitor.get(f"/api/v1/proposals/{proposal.pk}"),
        "search": visitor.get(reverse("search:results"), {"q": "الخدمات"}),
        "CSV": staff.get(reverse("proposals_staff:export_csv")),
    }
    return {where: _text(response) for where, response in pages.items()}


def test_a_new_display_name_replaces_the_old_everywhere_and_the_old_is_kept_from_others(client):
    world = World()
    author = world.people.author
    author.display_name = OLD
    author.save()
    proposal = proposal_in(Status.PUBLISHED, world, author=author)
    before = _everywhere(proposal, world.people.organizer)
    assert all(OLD in text for text in before.values()), [
        k for k, t in before.items() if OLD not in t
    ]

    signed_in(client, author)
    response = client.post(
        reverse("accounts:profile"), {"display_name": NEW, "preferred_language": "ar"}
    )
    assert response.status_code == 302
    after = _everywhere(proposal, world.people.organizer)
    assert not [where for where, text in after.items() if OLD in text]
    assert all(NEW in text for text in after.values())

    # Nobody else may pass for the member under the old name …
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "x@example.org",
            "display_name": OLD,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert (
        response.status_code == 200
        and not author.__class__.objects.filter(email="x@example.org").exists()
    )
    other = signed_in(Client(), UserFactory())
    response = other.post(
        reverse("accounts:profile"), {"display_name": OLD, "preferred_language": "ar"}
    )
    assert response.status_code == 200  # refused, shown again with the error
    # … but the member may take it back.
    client.post(reverse("accounts:profile"), {"display_name": OLD, "preferred_language": "ar"})
    author.refresh_from_db()
    assert author.display_name == OLD
