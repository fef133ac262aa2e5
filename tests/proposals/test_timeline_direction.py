"""The staff status timeline's arrow points from the old state to the new one in the
reading direction: ← in Arabic (a → there points back to the old state), → in English."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from jisr.core.middleware import LANGUAGE_COOKIE
from jisr.proposals.states import Status

from ..conftest import signed_in
from .staff_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language,arrow,wrong", [("ar", "←", "→"), ("en", "→", "←")])
def test_the_status_timeline_points_from_the_old_state_to_the_new(
    client, pp_world, language, arrow, wrong
):
    proposal = pp_world.proposal(Status.ACHIEVED)
    organizer = pp_world.people.organizer
    organizer.preferred_language = language
    organizer.save(update_fields=["preferred_language"])
    signed_in(client, organizer)
    client.cookies[LANGUAGE_COOKIE] = language
    page = client.get(reverse("proposals_staff:outcome", args=[proposal.pk]))
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', page.content.decode(), re.S)[1]
    change = proposal.changes.last()
    with translation.override(language):
        step = f"{change.get_from_status_display()} {arrow} {change.get_to_status_display()}"
    assert step in timeline
    assert wrong not in timeline
