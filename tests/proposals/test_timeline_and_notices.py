"""The proposal's story reads in the order it happened, and a notice is read once the
member opens what it is about."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jisr.proposals import services
from jisr.proposals.models import Notification
from jisr.proposals.states import Status

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from .staff_fixtures import *  # noqa: F403
from .staff_fixtures import deliver, proposal_in
from .test_public_pages import html


def test_one_timeline_in_the_order_things_happened(pp_world):
    people = pp_world.people
    proposal = proposal_in(Status.PUBLISHED, pp_world)
    today = timezone.localdate()
    # The organizer records today a delivery made 12 days ago and an answer of 5 days ago.
    delivery = deliver(
        proposal,
        people.organizer,
        [pp_world.parliament.members[0]],
        delivered_on=today - timedelta(days=12),
    )[0]
    services.answer_record(
        actor=people.organizer,
        delivery=delivery,
        text="سنطرح الموضوع.",
        answered_on=today - timedelta(days=5),
        source="transcribed",
    )
    for page in (
        reverse("proposals:detail", args=[proposal.pk]),
        reverse("proposals_staff:outcome", args=[proposal.pk]),
    ):
        timeline = signed_in(Client(), people.organizer).get(page).context["timeline"]
        story = [
            (e["kind"], e["change"].to_status if e["kind"] == "status" else "") for e in timeline
        ]
        # The test's proposal was submitted and published today, after the back-dated
        # steps; each status follows the step that caused it, on that step's day.
        assert story == [
            ("delivery", ""),
            ("status", "delivered"),
            ("answer", ""),
            ("status", "answered"),
            ("status", "submitted"),
            ("status", "published"),
        ], page
        dates = [e["date"] for e in timeline]
        assert dates == sorted(dates), page
        delivered = next(
            e for e in timeline if e["kind"] == "status" and e["change"].to_status == "delivered"
        )
        assert delivered["date"] == today - timedelta(days=12)


def test_the_proposal_page_offers_to_mark_its_notices_read_and_opening_it_changes_nothing(
    pp_world,
):
    people = pp_world.people
    proposal = proposal_in(Status.PUBLISHED, pp_world)
    other = proposal_in(Status.PUBLISHED, pp_world, title="مقترح آخر لتحسين الخدمات")
    unread = Notification.objects.filter(user=people.author, read_at__isnull=True)
    about_it = unread.filter(proposal=proposal).count()
    assert about_it and unread.filter(proposal=other).exists()
    people.author.preferred_language = "en"
    people.author.save(update_fields=["preferred_language"])
    client = signed_in(Client(), people.author)
    # From an e-mail or the notices list: the member opens the proposal. A GET (which a
    # mail client may prefetch) changes nothing; the page says what is unread.
    page = client.get(reverse("proposals:detail", args=[proposal.pk]))
    assert unread.filter(proposal=proposal).count() == about_it
    text = html(page)
    assert f"You have {about_it} unread notices about this proposal." in text
    assert f'name="proposal" value="{proposal.pk}"' in text
    answer = client.post(reverse("proposals:notifications_read"), {"proposal": proposal.pk})
    assert answer["Location"] == reverse("proposals:detail", args=[proposal.pk])
    assert not unread.filter(proposal=proposal).exists()
    assert unread.filter(proposal=other).exists()  # only what was marked
    again = html(client.get(reverse("proposals:detail", args=[proposal.pk])))
    assert "unread notice" not in again
    assert client.get(reverse("proposals:list")).context["unread_notifications"]() == (
        unread.count()
    )


def test_a_member_marks_only_their_own_notices_read(pp_world):
    people = pp_world.people
    proposal = proposal_in(Status.PUBLISHED, pp_world)
    theirs = Notification.objects.filter(user=people.author, read_at__isnull=True)
    before = theirs.count()
    stranger = signed_in(Client(), UserFactory())
    for field, value in (("proposal", proposal.pk), ("upto", 10**6)):
        stranger.post(reverse("proposals:notifications_read"), {field: value})
    assert theirs.count() == before
    # A GET of the address does nothing at all.
    assert (
        signed_in(Client(), people.author)
        .get(reverse("proposals:notifications_read"), {"upto": 10**6})
        .status_code
        == 405
    )
    assert theirs.count() == before
