"""Every write of the pledges: validated, one transaction, audited, indexed for search.

Two raters rate a pledge on their own in a *round*; an organizer then records the agreed
verdict, which closes the round and opens the next (a verdict can always change, and every
agreed verdict stays in the pledge's history). A verdict beyond "not yet rated" rests on at
least one evidence item."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service
from jisr.elections.models import Election
from jisr.parliament.models import Activity, Area, Bill, Organization, Person, Question, VoteEvent
from jisr.proposals.models import Proposal

from . import search_index
from .models import (
    AgreedVerdict,
    BrokenReason,
    Category,
    Evidence,
    Link,
    Platform,
    Pledge,
    Rating,
    Scope,
    Verdict,
)

Actor = User | str


def _required(**values) -> None:
    missing = [name for name, value in values.items() if not (value or "").strip()]
    if missing:
        raise ValidationError({name: _("A value is required.") for name in missing})


def _full_clean(obj: Model, exclude=None) -> None:
    obj.full_clean(exclude=exclude, validate_unique=False)


# --- Categories ---------------------------------------------------------------------------


@entry_service
def category_save(
    *, actor: Actor, category: Category | None = None, name: str, name_en: str, order: int
) -> Category:
    category = category or Category()
    created = category.pk is None
    category.name, category.name_en, category.order = name.strip(), name_en.strip(), order
    _full_clean(category)
    category.save()
    audit_append(
        actor=actor,
        action=Action.PLEDGE_CATEGORY_SAVED,
        target=category,
        data={"created": created},
    )
    return category


# --- Platforms ----------------------------------------------------------------------------


@entry_service
def platform_save(
    *,
    actor: Actor,
    platform: Platform | None = None,
    owner: Organization | None,
    election: Election | None,
    title: str,
    source_url: str,
    archive_url: str,
    published_on: datetime.date,
) -> Platform:
    """Record a platform (no owner: the organization's own) or correct one."""
    _required(title=title, source_url=source_url, archive_url=archive_url)
    platform = platform or Platform()
    created = platform.pk is None
    platform.owner, platform.election = owner, election
    platform.title, platform.published_on = title.strip(), published_on
    platform.source_url, platform.archive_url = source_url.strip(), archive_url.strip()
    _full_clean(platform)
    platform.save()
    audit_append(
        actor=actor,
        action=Action.PLATFORM_RECORDED if created else Action.PLATFORM_CORRECTED,
        target=platform,
    )
    if not created:
        search_index.index_platform_pledges(platform)
    return platform


# --- Pledges ------------------------------------------------------------------------------


@entry_service
def pledge_save(
    *,
    actor: Actor,
    pledge: Pledge | None = None,
    platform: Platform,
    quote: str,
    source_url: str,
    archive_url: str,
    summary: str,
    summary_en: str,
    scope: str,
    page: str = "",
    area: Area | None = None,
    deadline: datetime.date | None = None,
    categories: list[Category] | None = None,
    people: list[Person] | None = None,
) -> Pledge:
    """Record a pledge, quoted word for word with where it was published and an archived
    copy, or correct one (its verdict and ratings are left as they are)."""
    _required(quote=quote, source_url=source_url, archive_url=archive_url, summary=summary)
    _required(summary_en=summary_en)
    if scope == Scope.GOVERNORATE and area is None:
        raise ValidationError({"area": _("A pledge for a governorate names the governorate.")})
    if scope == Scope.NATIONAL:
        area = None
    pledge = pledge or Pledge()
    created = pledge.pk is None
    pledge.platform, pledge.scope, pledge.area, pledge.deadline = platform, scope, area, deadline
    # The quote is kept exactly as published: only the ends are trimmed.
    pledge.quote, pledge.page = quote.strip(), page.strip()
    pledge.source_url, pledge.archive_url = source_url.strip(), archive_url.strip()
    pledge.summary, pledge.summary_en = summary.strip(), summary_en.strip()
    _full_clean(pledge)
    pledge.save()
    pledge.categories.set(categories or [])
    pledge.people.set(people or [])
    audit_append(
        actor=actor,
        action=Action.PROMISE_RECORDED if created else Action.PROMISE_CORRECTED,
        target=pledge,
        data={"scope": scope},
    )
    search_index.index_pledge(pledge)
    return pledge


@entry_service
def evidence_add(
    *,
    actor: Actor,
    pledge: Pledge,
    kind: str,
    title: str,
    url: str,
    date: datetime.date,
    archive_url: str = "",
    quote: str = "",
) -> Evidence:
    _required(title=title, url=url)
    evidence = Evidence(
        pledge=pledge,
        kind=kind,
        title=title.strip(),
        url=url.strip(),
        archive_url=archive_url.strip(),
        quote=quote.strip(),
        date=date,
    )
    _full_clean(evidence)
    evidence.save()
    audit_append(
        actor=actor, action=Action.PROMISE_EVIDENCE_ADDED, target=pledge, data={"kind": kind}
    )
    return evidence


def _check_verdict(pledge: Pledge, verdict: str, reason: str, explanation: str) -> None:
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": _("Choose a verdict.")})
    if not explanation.strip():
        raise ValidationError({"explanation": _("Say why, for the readers.")})
    if verdict == Verdict.BROKEN and not reason:
        raise ValidationError({"reason": _("A broken pledge says why it was broken.")})
    if verdict != Verdict.BROKEN and reason:
        raise ValidationError({"reason": _("Only a broken pledge has a reason.")})
    if reason and reason not in BrokenReason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if verdict != Verdict.NOT_RATED and not pledge.evidence.exists():
        raise ValidationError(
            _(
                "A verdict other than “not yet rated” rests on evidence: add at least one "
                "evidence item to the pledge first."
            )
        )


def _locked(pledge: Pledge) -> Pledge:
    return Pledge.objects.select_for_update().get(pk=pledge.pk)


@entry_service
def pledge_rate(
    *,
    actor: User,
    pledge: Pledge,
    verdict: str,
    explanation: str,
    reason: str = "",
    at: datetime.datetime | None = None,
) -> Rating:
    """One rater's own verdict for the round now open. A rater rates once a round, and only
    two rate it: a rating given is final, so nobody changes theirs after seeing the other."""
    pledge = _locked(pledge)
    _check_verdict(pledge, verdict, reason, explanation)
    given = Rating.objects.filter(pledge=pledge, round=pledge.round)
    if given.filter(rater=actor).exists():
        raise ValidationError(_("You have already rated this pledge in this round."))
    if given.count() >= 2:
        raise ValidationError(_("Two raters have already rated this pledge in this round."))
    rating = Rating.objects.create(
        pledge=pledge,
        round=pledge.round,
        rater=actor,
        verdict=verdict,
        reason=reason,
        explanation=explanation.strip(),
        rated_at=at or timezone.now(),
    )
    audit_append(
        actor=actor,
        action=Action.PROMISE_RATED,
        target=pledge,
        data={"round": pledge.round, "verdict": verdict},
    )
    return rating


def ratings_detach(user: User) -> int:
    """In the erasure's transaction: the member's ratings no longer name them."""
    return Rating.objects.filter(rater=user).update(rater=None)


def round_ratings(pledge: Pledge) -> list[Rating]:
    return list(Rating.objects.filter(pledge=pledge, round=pledge.round).order_by("rated_at", "pk"))


@entry_service
def pledge_agree(
    *,
    actor: Actor,
    pledge: Pledge,
    verdict: str,
    explanation: str,
    reason: str = "",
    evidence: list[Evidence] | None = None,
    on: datetime.date | None = None,
) -> AgreedVerdict:
    """Record the verdict agreed from the round's two ratings (it says which it follows when
    they differ), make it the pledge's, and open the next round."""
    pledge = _locked(pledge)
    _check_verdict(pledge, verdict, reason, explanation)
    ratings = round_ratings(pledge)
    if len(ratings) < 2:
        raise ValidationError(_("Two raters must rate the pledge before a verdict is agreed."))
    evidence = list(evidence or [])
    if any(item.pledge_id != pledge.pk for item in evidence):
        raise ValidationError({"evidence": _("Choose evidence of this pledge.")})
    if verdict != Verdict.NOT_RATED and not evidence:
        raise ValidationError({"evidence": _("Choose the evidence this verdict rests on.")})
    first, second = ratings[0].verdict, ratings[1].verdict
    if first == second == verdict:
        follows = AgreedVerdict.Follows.BOTH
    elif verdict == first:
        follows = AgreedVerdict.Follows.FIRST
    elif verdict == second:
        follows = AgreedVerdict.Follows.SECOND
    else:
        follows = AgreedVerdict.Follows.NEITHER
    now = timezone.now()
    agreed = AgreedVerdict.objects.create(
        pledge=pledge,
        round=pledge.round,
        verdict=verdict,
        previous=pledge.verdict,
        reason=reason,
        explanation=explanation.strip(),
        follows=follows,
        decided_on=on or timezone.localdate(),
        decided_at=now,
    )
    agreed.evidence.set(evidence)
    previous = pledge.verdict
    pledge.verdict, pledge.verdict_on = verdict, agreed.decided_on
    pledge.round += 1
    pledge.save(update_fields=["verdict", "verdict_on", "round"])
    audit_append(
        actor=actor,
        action=Action.PROMISE_VERDICT_AGREED,
        target=pledge,
        data={"verdict": verdict, "previous": previous, "follows": follows},
    )
    return agreed


LINK_TYPES: dict[type[Model], str] = {
    Bill: "bill",
    VoteEvent: "vote_event",
    Question: "question",
    Activity: "activity",
    Proposal: "proposal",
}


@entry_service
def pledge_link(*, actor: Actor, pledge: Pledge, target: Model, note: str = "") -> Link:
    """Link the pledge to a bill, a vote, a question, an activity or a proposal."""
    field = LINK_TYPES.get(type(target))
    if field is None:
        raise ValidationError(
            _("A pledge links to bills, votes, questions, activities and proposals.")
        )
    if Link.objects.filter(pledge=pledge, **{field: target}).exists():
        raise ValidationError(_("The pledge is already linked to this record."))
    link = Link(pledge=pledge, note=note.strip(), **{field: target})
    _full_clean(link)
    link.save()
    audit_append(actor=actor, action=Action.PROMISE_LINKED, target=pledge, data={"kind": field})
    return link
