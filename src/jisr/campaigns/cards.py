"""Share cards: what the card of a proposal, a monthly report, a treasury campaign, an event
or the site shows, its address, and its image cached on disk.

``card_url(subject, language)`` is the one function the other parts call (share kits, the
Telegram channel, the OpenGraph tags). The address carries a hash of what the card shows
(``/campaigns/cards/proposal/12/ar-3f9a….png``): WhatsApp and Telegram keep a preview for
as long as its address, so a new support count must mean a new address. An old address
redirects to the current one.

Only what the public page of the subject already shows goes on a card: a proposal's title,
status and support count (never its author), a report's title, period and headline
figures, a campaign's amount raised only where the treasury's disclosure rule lets the
page show it, an event's title, date and city (never its address); members-only events and
drafts have no card.
"""

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, get_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.core.lists import list_separator

from .card_drawing import HEIGHT, WIDTH, Card, Figure, check, drawable, png

logger = logging.getLogger(__name__)

#: Isolates a left-to-right run (an amount "1,250.00 USD") inside an Arabic line, as the
#: site's ``<bdi dir="ltr">`` does, so it never reads "USD 1,250.00".
LRI, PDI = "\u2066", "\u2069"
#: The pages whose own subject has a card (URL name → the subject's name in the page's
#: context); every other page gets the site's card.
PAGE_SUBJECTS = {
    "proposals:detail": "proposal",
    "reports:detail": "report",
    "treasury:campaign": "campaign",
    "campaigns:event": "event",
}


class NoCard(LookupError):
    """The subject has no public card (a draft, a hidden proposal, a members-only event)."""


@dataclass(frozen=True)
class OgImage:
    """What ``core.og`` puts in the page's OpenGraph tags."""

    url: str
    width: int
    height: int
    alt: str


# --- What a card shows ----------------------------------------------------------------------


def _site_name() -> str:
    return settings.JISR_SITE_NAME or _("Jisr")


def _footer() -> str:
    return urlsplit(settings.JISR_SITE_URL).netloc


def _number(n: int) -> str:
    return f"{n:,}"


def _ltr(text: str, language: str) -> str:
    return f"{LRI}{text}{PDI}" if language == "ar" else text


def _localized(title: str, title_en: str, language: str) -> str:
    return title_en if language == "en" and title_en else title


class _Builder:
    """Builds a ``Card`` in one language. ``strict`` refuses text the font cannot draw
    (tests, the demo check); otherwise such characters (an emoji in a title) are dropped."""

    def __init__(self, language: str, strict: bool):
        self.language = language
        self.strict = strict

    def text(self, value: str) -> str:
        value = " ".join(str(value).split())
        return value if self.strict else drawable(value)

    def card(self, kicker: str, title: str, **parts) -> Card:
        card = Card(
            language=self.language,
            site=self.text(_site_name()),
            kicker=self.text(kicker),
            title=self.text(title),
            footer=self.text(_footer()),
            **parts,
        )
        check(card)  # raises MissingGlyphs; never reached with strict=False
        return card


def _kind_of(subject) -> str:
    if subject is None:
        return "site"
    label = subject._meta.label
    kinds = {
        "proposals.Proposal": "proposal",
        "reports.MonthlyReport": "report",
        "treasury.Campaign": "campaign",
        "campaigns.Event": "event",
    }
    try:
        return kinds[label]
    except KeyError:
        raise NoCard(f"no share card for {label}") from None


def is_public(subject) -> bool:
    """Whether anyone may see the subject's page (no query: its own fields only)."""
    kind = _kind_of(subject)
    if kind == "proposal":
        from jisr.proposals.states import PUBLIC

        return subject.status in PUBLIC and not subject.hidden
    if kind == "report":
        return subject.is_published
    if kind == "campaign":
        return subject.is_public
    if kind == "event":
        from .models import EventAudience, EventStatus

        return subject.audience == EventAudience.PUBLIC and subject.status in (
            EventStatus.PUBLISHED,
            EventStatus.CLOSED,
        )
    return True


def card_for(subject, language: str, *, strict: bool = False, context=None) -> Card:
    """The card of ``subject`` (None: the site's) in ``language``. ``context`` may hold what
    the subject's page already read (a report's data, a campaign's total), so the page's
    OpenGraph tags cost no query."""
    if subject is not None and not is_public(subject):
        raise NoCard("the subject is not public")
    context = context or {}
    with translation.override(language):
        build = _Builder(language, strict)
        kind = _kind_of(subject)
        if kind == "proposal":
            return _proposal(build, subject)
        if kind == "report":
            return _report(build, subject, context.get("data"))
        if kind == "campaign":
            return _campaign(build, subject, getattr(subject, "total", None))
        if kind == "event":
            return _event(build, subject, context.get("slots"))
        return build.card(
            "", _("The bridge between our community and the representatives it elected.")
        )


def _proposal(build: _Builder, proposal) -> Card:
    count = proposal.support_count
    return build.card(
        _("Proposal"),
        proposal.title,
        figures=(Figure(_number(count), ngettext("supporter", "supporters", count)),),
        lines=(build.text(str(proposal.status_label)),),
    )


def _report(build: _Builder, report, data: dict | None) -> Card:
    from jisr.reports import presenters, selectors

    if data is None:
        data = selectors.report_content(report)
    figures = tuple(
        Figure(_number(row["current"]), build.text(str(row["label"])))
        for row in presenters.comparisons(data)
        if row["key"] in ("activities", "votes", "delivered", "answered")
        and row["current"] is not None
    )
    return build.card(
        _("Monthly report"),
        presenters.report_title(report),
        figures=figures,
    )


def _campaign(build: _Builder, campaign, total) -> Card:
    from jisr.treasury import selectors
    from jisr.treasury.money import format_minor

    if total is None:
        total = selectors.campaign_totals(campaign.currency)[campaign.pk]
    language = build.language
    goal = _ltr(format_minor(campaign.goal, campaign.currency), language)
    title = _localized(campaign.title, campaign.title_en, language)
    if not total.shown:
        # The disclosure rule hides the amount until no single gift can be told from it.
        return build.card(_("Fundraising campaign"), title, figures=(Figure(goal, _("goal")),))
    raised = _ltr(format_minor(total.raised, campaign.currency), language)
    return build.card(
        _("Fundraising campaign"),
        title,
        figures=(
            Figure(raised, _("of %(goal)s") % {"goal": goal}),
            Figure(_number(total.count), ngettext("gift", "gifts", total.count)),
        ),
        progress=total.percent,
    )


def _event(build: _Builder, event, slots=None) -> Card:
    from .models import EventFormat

    # The event's page passes the timeslots it read; elsewhere they are prefetched.
    slots = list(event.timeslots.all()) if slots is None else list(slots)
    now = timezone.now()
    upcoming = [slot for slot in slots if slot.ends_at >= now] or slots[-1:]
    lines = []
    if upcoming:
        start = timezone.localtime(upcoming[0].starts_at)
        day = date_format(start, "l ") + date_format(start, get_format("DATE_FORMAT"))
        # Not isolated: Arabic's «6:00 م» reads right only in the line's own direction.
        lines.append(f"{day}{list_separator()}{time_format(start)}")
    if event.city:
        lines.append(build.text(event.city))
    elif event.format == EventFormat.ONLINE:
        lines.append(_("Online"))
    return build.card(
        str(event.get_kind_display()),
        _localized(event.title, event.title_en, build.language),
        lines=tuple(lines),
    )


# --- Addresses ------------------------------------------------------------------------------


def _pk(subject) -> int:
    return 0 if subject is None else subject.pk


def card_path(subject, language: str, card: Card | None = None, *, context=None) -> str:
    card = card or card_for(subject, language, context=context)
    return reverse(
        "campaigns:card",
        kwargs={
            "kind": _kind_of(subject),
            "pk": _pk(subject),
            "language": language,
            "digest": card.digest(),
        },
    )


def card_url(subject, language: str | None = None) -> str:
    """The absolute address of ``subject``'s card (None: the site's) in ``language`` (by
    default the active one), on the site's own domain. Raises ``NoCard`` for a subject that
    is not public."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    return settings.JISR_SITE_URL.rstrip("/") + card_path(subject, language)


def public_subject(kind: str, pk: int):
    """The subject of a card's address, only if it is public (``NoCard`` otherwise)."""
    found: Any
    if kind == "site":
        if pk != 0:
            raise NoCard("the site's card is number 0")
        return None
    if kind == "proposal":
        from jisr.proposals.models import PUBLIC_ROWS, Proposal

        found = Proposal.objects.filter(PUBLIC_ROWS, pk=pk).first()
    elif kind == "report":
        from jisr.reports.models import MonthlyReport

        found = (
            MonthlyReport.objects.select_related("person")
            .filter(pk=pk, status=MonthlyReport.Status.PUBLISHED)
            .first()
        )
    elif kind == "campaign":
        from jisr.treasury.models import Campaign

        found = Campaign.objects.filter(pk=pk, is_public=True).first()
    elif kind == "event":
        from .models import Event

        found = Event.objects.filter(pk=pk).prefetch_related("timeslots").first()
    else:
        raise NoCard(f"no kind {kind!r}")
    if found is None or not is_public(found):
        raise NoCard(f"no public {kind} {pk}")
    return found


# --- The image, cached on disk --------------------------------------------------------------


def _cache_file(kind: str, pk: int, card: Card) -> Path:
    return (
        Path(settings.DATA_DIR) / "cards" / kind / str(pk) / f"{card.language}-{card.digest()}.png"
    )


def cached_png(kind: str, pk: int, card: Card) -> Path:
    """The card's file, drawn once: written under a temporary name and renamed, so a reader
    never sees half a file and two servers drawing the same card at once both succeed. The
    subject's older cards in the same language are removed."""
    path = _cache_file(kind, pk, card)
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    data = png(card)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
    for old in path.parent.glob(f"{card.language}-*.png"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


# --- OpenGraph ------------------------------------------------------------------------------


def og_image(request, context) -> OgImage | None:
    """The card for the page's OpenGraph tags: the card of the page's own subject when the
    page is one of ``PAGE_SUBJECTS`` and its subject is public, the site's card otherwise
    (staff and private pages included: they never get a card of their own). Reads only
    what the page already holds, so it adds no query."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    match = getattr(request, "resolver_match", None)
    subject = None
    if match is not None and match.view_name in PAGE_SUBJECTS:
        candidate = context.get(PAGE_SUBJECTS[match.view_name])
        if candidate is not None and _has_card(candidate, context):
            subject = candidate
    flat = context.flatten() if hasattr(context, "flatten") else dict(context)
    try:
        card = card_for(subject, language, context=flat)
    except OSError:
        # The font is missing (system check jisr.campaigns.E002): every page would fail
        # for want of a preview; it keeps the site's static image instead.
        logger.exception("No share card for the page's tags")
        return None
    path = card_path(subject, language, card)
    return OgImage(request.build_absolute_uri(path), WIDTH, HEIGHT, card.title)


def _has_card(subject, context) -> bool:
    try:
        if not is_public(subject):
            return False
    except NoCard:
        return False
    if _kind_of(subject) == "event":
        # The date comes from the timeslots: only when the page read them already.
        return "slots" in context or "timeslots" in getattr(
            subject, "_prefetched_objects_cache", {}
        )
    return True
