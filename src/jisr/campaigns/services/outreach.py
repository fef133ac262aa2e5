"""Outreach's writes: organizers' asks and scripts, members' commitments and tallies, and the
reminders. Nothing written here names or describes a person a member reaches."""

import datetime
import logging
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from ..models.outreach import (
    TALLY_MAX,
    Ask,
    AskReminder,
    AskStatus,
    Commitment,
    Dialect,
    Participation,
    Script,
    Tally,
)

logger = logging.getLogger(__name__)

ASK_FIELDS = (
    "title",
    "title_en",
    "what_to_do",
    "what_to_do_en",
    "people",
    "link",
    "opens_on",
    "closes_on",
)
#: Members may still report what they did for this many days after an ask closes.
REPORT_GRACE_DAYS = 14


def can_commit(ask: Ask, today: datetime.date) -> bool:
    return ask.is_published and ask.opens_on <= today <= ask.closes_on


def can_report(ask: Ask, today: datetime.date) -> bool:
    last = ask.closes_on + datetime.timedelta(days=REPORT_GRACE_DAYS)
    return ask.is_published and ask.opens_on <= today <= last


def _check_reminders(ask: Ask, reminders: list[datetime.date]) -> list[datetime.date]:
    days = sorted(set(reminders))
    for day in days:
        if not ask.opens_on <= day <= ask.closes_on:
            raise ValidationError(
                _("Every reminder date must fall between the day the ask opens and closes."),
                code="reminder",
            )
    return days


#: Query parameters that track who clicked: a shared link may carry none of them.
TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "dclid", "msclkid", "mc_eid", "igshid")


def _check_link(link: str) -> None:
    keys = [key.lower() for key, _value in parse_qsl(urlsplit(link).query, keep_blank_values=True)]
    if any(key.startswith(TRACKING_PARAMETERS) for key in keys):
        raise ValidationError(
            _("Remove the tracking parameters (utm_… and the like) from the link."),
            code="tracking",
        )


def _save_ask(ask: Ask, fields: dict, reminders: list[datetime.date]) -> Ask:
    for name in ASK_FIELDS:
        if name in fields:
            setattr(ask, name, fields[name])
    ask.full_clean()
    _check_link(ask.link)
    days = _check_reminders(ask, reminders)
    ask.save()
    ask.reminders.exclude(on__in=days).delete()
    known = set(ask.reminders.values_list("on", flat=True))
    AskReminder.objects.bulk_create(AskReminder(ask=ask, on=d) for d in days if d not in known)
    return ask


@entry_service
def ask_create(*, actor: User | str, reminders: list[datetime.date] | None = None, **fields) -> Ask:
    ask = _save_ask(Ask(), fields, reminders or [])
    audit_append(actor=actor, action=Action.OUTREACH_ASK_CREATED, target=ask)
    return ask


@entry_service
def ask_update(
    *, actor: User | str, ask: Ask, reminders: list[datetime.date] | None = None, **fields
) -> Ask:
    ask = Ask.objects.select_for_update().get(pk=ask.pk)
    ask = _save_ask(ask, fields, reminders or [])
    audit_append(actor=actor, action=Action.OUTREACH_ASK_CORRECTED, target=ask)
    return ask


@entry_service
def ask_scripts_save(*, actor: User | str, ask: Ask, texts: dict[str, str]) -> Ask:
    """Set the ask's script in each language given; an empty text removes that script."""
    ask = Ask.objects.select_for_update().get(pk=ask.pk)
    for dialect, text in texts.items():
        if dialect not in Dialect.values:
            raise ValidationError(_("Unknown language."), code="dialect")
        text = (text or "").strip()
        if not text:
            Script.objects.filter(ask=ask, dialect=dialect).delete()
            continue
        script = Script.objects.filter(ask=ask, dialect=dialect).first() or Script(
            ask=ask, dialect=dialect
        )
        if script.text != text:
            script.text = text
            script.full_clean()
            script.save()
    if ask.is_published and not ask.scripts.exists():
        raise ValidationError(_("A published ask needs at least one script."), code="scripts")
    audit_append(
        actor=actor,
        action=Action.OUTREACH_SCRIPTS_SAVED,
        target=ask,
        data={"languages": sorted(texts)},
    )
    return ask


@entry_service
def ask_publish(*, actor: User | str, ask: Ask) -> Ask:
    ask = Ask.objects.select_for_update().get(pk=ask.pk)
    if ask.is_published:
        return ask
    if not ask.scripts.exists():
        raise ValidationError(
            _("Write at least one script before publishing the ask."), code="scripts"
        )
    ask.status = AskStatus.PUBLISHED
    ask.published_on = timezone.localdate()
    ask.save(update_fields=["status", "published_on"])
    audit_append(actor=actor, action=Action.OUTREACH_ASK_PUBLISHED, target=ask)
    return ask


@entry_service
def commitment_make(
    *, actor: User, ask: Ask, will_do: bool, planned_on: datetime.date | None = None
) -> Commitment:
    """Record (or change) the member's answer to the ask."""
    today = timezone.localdate()
    if not can_commit(ask, today):
        raise ValidationError(_("This ask is not open for commitments."), code="closed")
    if not will_do:
        planned_on = None
    if planned_on is not None and not today <= planned_on <= ask.closes_on:
        raise ValidationError(
            _("Choose a day between today and the day the ask closes."), code="planned_on"
        )
    commitment = Commitment.objects.select_for_update().filter(ask=ask, member=actor).first()
    if commitment is None:
        commitment = Commitment(ask=ask, member=actor, committed_on=today)
    commitment.will_do = will_do
    commitment.planned_on = planned_on
    commitment.save()
    audit_append(
        actor=actor,
        action=Action.OUTREACH_COMMITTED,
        target=ask,
        data={"will_do": will_do},
    )
    return commitment


@entry_service
def tally_report(*, actor: User, ask: Ask, contacted: int, will_vote: int, registered: int) -> None:
    """Add the member's counts to the ask's figures.

    Two rows are written that nothing links: that the member reported today
    (``Participation``), and what was reported today for the ask (``Tally``). Nothing is
    returned, so no caller can hold the two together; the audit entry names the ask only."""
    today = timezone.localdate()
    if not can_report(ask, today):
        raise ValidationError(_("This ask no longer takes reports."), code="closed")
    counts = (contacted, will_vote, registered)
    if any(c is None or c < 0 or c > TALLY_MAX for c in counts):
        raise ValidationError(
            _("Each number must be between 0 and %(max)d.") % {"max": TALLY_MAX}, code="range"
        )
    if contacted == 0:
        raise ValidationError(_("Report once you have contacted someone."), code="zero")
    if will_vote > contacted or registered > contacted:
        raise ValidationError(
            _("No number can be larger than the number of people you contacted."),
            code="larger",
        )
    commitment = Commitment.objects.filter(ask=ask, member=actor).first()
    if commitment is None:
        raise ValidationError(_("Commit to the ask before reporting."), code="commitment")
    # One report a day: a double click, or a second go at the same numbers, adds nothing.
    _participation, created = Participation.objects.get_or_create(commitment=commitment, on=today)
    if not created:
        raise ValidationError(
            _("You have already reported today. Add anyone else tomorrow."), code="today"
        )
    Tally.objects.create(
        ask=ask, on=today, contacted=contacted, will_vote=will_vote, registered=registered
    )
    audit_append(actor=actor, action=Action.OUTREACH_TALLY_REPORTED, target=ask)


def _absolute(path: str) -> str:
    return settings.JISR_SITE_URL.rstrip("/") + path


def _remind(commitment: Commitment) -> None:
    member = commitment.member
    ask = commitment.ask
    with translation.override(member.preferred_language or settings.LANGUAGE_CODE):
        title = ask.title_en if translation.get_language() == "en" and ask.title_en else ask.title
        context = {
            "ask": ask,
            "title": title,
            "commitment": commitment,
            "ask_url": _absolute(reverse("campaigns:ask", args=[ask.pk])),
            "list_url": _absolute(reverse("campaigns:ask_list", args=[ask.pk])),
            "report_url": _absolute(reverse("campaigns:ask_report", args=[ask.pk])),
        }
        subject = render_to_string("campaigns/outreach/email/reminder_subject.txt", context)
        body = render_to_string("campaigns/outreach/email/reminder_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [member.email])


@entry_service
def outreach_send_reminders(*, actor: User | str, today: datetime.date | None = None) -> int:
    """E-mail each member who said yes to an open ask on the ask's reminder dates: once per
    member and date (a missed run sends the latest date's reminder once, not a pile). Only
    the member is written to, never anyone they reach. Returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    asks = Ask.objects.filter(
        status=AskStatus.PUBLISHED, opens_on__lte=today, closes_on__gte=today
    ).order_by("pk")
    for ask in asks:
        due = ask.reminders.filter(on__lte=today).order_by("-on").values_list("on", flat=True)
        latest = due.first()
        if latest is None:
            continue
        waiting = (
            Commitment.objects.select_for_update()
            .select_related("member", "ask")
            .filter(ask=ask, will_do=True, member__is_active=True)
            .exclude(reminded_on__gte=latest)
            .order_by("pk")
        )
        reminded = []
        for commitment in waiting:
            _remind(commitment)
            reminded.append(commitment.pk)
        if reminded:
            Commitment.objects.filter(pk__in=reminded).update(reminded_on=latest)
            audit_append(
                actor=actor,
                action=Action.OUTREACH_REMINDERS_SENT,
                target=ask,
                data={"count": len(reminded)},
            )
            sent += len(reminded)
    return sent


def commitments_erase_for_user(user) -> int:
    """Delete the member's commitments and with them the days they reported; the tallies
    stay, as they hold no link to anyone. Runs in the erasure's transaction."""
    Participation.objects.filter(commitment__member=user).delete()
    deleted, _counts = Commitment.objects.filter(member=user).delete()
    return deleted
