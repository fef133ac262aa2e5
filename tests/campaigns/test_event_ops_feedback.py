"""Feedback that cannot be traced to its giver, and the closing report that names nobody."""

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from jisr.campaigns import event_ops_selectors as selectors
from jisr.campaigns.models import Event, EventStatus, Feedback, FeedbackGiven
from jisr.campaigns.services import event_ops
from jisr.core.audit_actions import Action
from jisr.core.models import AuditEntry
from jisr.proposals.models import Proposal, Topic
from jisr.treasury.models.cash import CountSheet

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from ..treasury.factories import CampaignFactory
from .event_ops_helpers import new_event, register

pytestmark = pytest.mark.django_db


def test_the_feedback_table_cannot_be_linked_to_who_gave_it():
    """Loomio's detached vote: what was said holds no user, no registration, no time finer
    than a day, and a random key; who gave it holds nothing of what was said."""
    fields = {f.name: f for f in Feedback._meta.get_fields() if f.concrete}
    assert set(fields) == {"id", "event", "rating", "comment"}
    relations = [f.related_model._meta.label for f in fields.values() if f.is_relation]
    assert relations == ["campaigns.Event"]
    assert not any(isinstance(f, models.DateTimeField | models.TimeField) for f in fields.values())
    assert isinstance(fields["id"], models.UUIDField) and fields["id"].primary_key
    assert Feedback._meta.ordering == ["id"]  # never the order of insertion
    given = {f.name for f in FeedbackGiven._meta.get_fields() if f.concrete}
    assert given == {"registration"}


def test_an_attendee_gives_feedback_once_and_the_rows_do_not_pair(client):
    event, slot = new_event(past=True)
    people = [UserFactory(preferred_language="en") for _ in range(3)]
    registrations = [register(slot, person) for person in people]
    for registration, rating in zip(registrations, (5, 2, 4), strict=True):
        event_ops.feedback_give(
            actor=registration.user, registration=registration, rating=rating, comment=""
        )
    assert FeedbackGiven.objects.count() == Feedback.objects.count() == 3
    # The log says a member gave feedback, never which one.
    entries = AuditEntry.objects.filter(action=Action.EVENT_FEEDBACK_GIVEN)
    assert {e.actor_ref for e in entries} == {"member"}
    # Nothing was written twice, by the service or the page.
    with pytest.raises(ValidationError):
        event_ops.feedback_give(actor=people[0], registration=registrations[0], rating=3)
    english = signed_in(client, people[0])
    response = english.get(reverse("campaigns:event_feedback", args=[event.pk]))
    assert "you gave your feedback on this event" in response.content.decode()
    assert Feedback.objects.count() == 3
    summary = selectors.feedback_summary(event)
    assert (summary.count, summary.average) == (3, 3.7)
    assert summary.distribution == [(5, 1, 33), (4, 1, 33), (3, 0, 0), (2, 1, 33), (1, 0, 0)]


def test_feedback_is_refused_to_others_and_out_of_range():
    _event, slot = new_event(past=True)
    mine = register(slot, UserFactory())
    stranger = UserFactory()
    waiting = register(slot, UserFactory(), status="waitlisted")
    _future, future_slot = new_event()
    early = register(future_slot, UserFactory())
    attempts = [
        (stranger, mine, 4),  # not theirs
        (mine.user, mine, 6),  # not a rating
        (mine.user, mine, 0),
        (waiting.user, waiting, 4),  # had no place
        (early.user, early, 4),  # before it started
    ]
    for actor, registration, rating in attempts:
        with pytest.raises(ValidationError):
            event_ops.feedback_give(actor=actor, registration=registration, rating=rating)
    with pytest.raises(ValidationError):
        event_ops.feedback_give(actor=mine.user, registration=mine, rating=3, comment="x" * 2001)
    assert not Feedback.objects.exists() and not FeedbackGiven.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.EVENT_FEEDBACK_GIVEN).exists()


def test_the_member_gives_feedback_on_the_page(client):
    event, slot = new_event(past=True)
    person = UserFactory(preferred_language="en")
    register(slot, person)
    signed_in(client, person)
    url = reverse("campaigns:event_feedback", args=[event.pk])
    response = client.get(url)
    assert "nothing links them to you" in response.content.decode()
    response = client.post(url, {"rating": "9", "comment": ""})
    assert response.status_code == 200  # not one of the choices: asked again
    assert not Feedback.objects.exists()
    response = client.post(url, {"rating": "٤", "comment": "  قاعة باردة  "}, follow=True)
    assert "Your feedback is saved without your name." in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.event_id, feedback.rating, feedback.comment) == (event.pk, 4, "قاعة باردة")
    # Someone not registered is told so, with no form.
    signed_in(client, UserFactory(preferred_language="en"))
    response = client.get(url)
    assert "Only members registered for this event" in response.content.decode()


def test_the_closing_report_shows_counts_minutes_proposals_and_money_never_names(client, organizer):
    campaign = CampaignFactory(currency="USD")
    event, slot = new_event(past=True)
    Event.objects.filter(pk=event.pk).update(treasury_campaign=campaign)
    event.refresh_from_db()
    names = ["حاضرة خاصة", "Private Attendee", "غائب خاص"]
    registrations = [register(slot, UserFactory(display_name=n)) for n in names]
    for registration in registrations[:2]:
        event_ops.checkin_record(actor=organizer, event=event, code=registration.code)
    event_ops.feedback_give(
        actor=registrations[0].user, registration=registrations[0], rating=5, comment="سري"
    )
    topic = Topic.objects.create(name="موضوع")
    author = UserFactory(display_name="كاتب المقترح")
    public = Proposal.objects.create(
        author=author, title="مقترح عام", body="نص", topic=topic, status="published"
    )
    hidden = Proposal.objects.create(
        author=author, title="مقترح مخفي", body="نص", topic=topic, status="published", hidden=True
    )
    sheets = [
        CountSheet.objects.create(
            campaign=campaign,
            label=f"صندوق {n}",
            counted_on=timezone.localdate(),
            currency="USD",
            total=total,
        )
        for n, total in ((1, 12500), (2, 2500))
    ]
    event_ops.event_close(
        actor=organizer,
        event=event,
        minutes="اتفقنا على حمل المقترح إلى النائب.",
        proposals=[public, hidden],
        cash_sheets=sheets,
        walk_ins=4,
    )
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED
    report = selectors.public_report(event)
    assert report is not None
    assert (report.attendees, report.walk_ins) == (2, 4)
    assert report.proposals == [public]
    assert report.money == [("USD", 15000)]
    with translation.override("en"):
        html = render_to_string("campaigns/_event_report.html", {"report": report})
    assert "150.00" in html and "اتفقنا على حمل المقترح" in html and "مقترح عام" in html
    assert "مقترح مخفي" not in html
    for private in [*names, "كاتب المقترح", "سري", "صندوق"]:
        assert private not in html
    entry = AuditEntry.objects.get(action=Action.EVENT_CLOSED)
    assert entry.data == {"count": 2}


def test_the_organizers_read_the_comments_and_the_public_report(client, organizer):
    event, slot = new_event(past=True)
    registration = register(slot, UserFactory(display_name="معلّقة"))
    event_ops.feedback_give(
        actor=registration.user, registration=registration, rating=3, comment="الصوت ضعيف"
    )
    event_ops.event_close(actor=organizer, event=event, minutes="محضر قصير")
    organizer.preferred_language = "en"
    organizer.save(update_fields=["preferred_language"])
    signed_in(client, organizer)
    text = client.get(reverse("campaigns_staff:event_report", args=[event.pk])).content.decode()
    assert "الصوت ضعيف" in text and "محضر قصير" in text
    assert "1 attendee gave feedback: 3.0 out of 5 on average." in text
    assert "معلّقة" not in text
