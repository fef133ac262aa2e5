"""Decisions among organizations: drafting, opening, voting, outcomes and review reminders.

One organization, one vote, cast by a delegate (``acting.check_may_act``). See
``models/decisions.py`` for how anonymous ballots are kept apart from who voted.
"""

import datetime
import random

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.accounts.roles import Role, has_role
from jisr.core.audit_actions import Action
from jisr.core.services import audit_append
from jisr.core.transactions import entry_service

from .. import decision_tally
from ..acting import check_may_act
from ..models import (
    AnonymousBallot,
    Coalition,
    Decision,
    DecisionElectorate,
    DecisionKind,
    DecisionOption,
    DecisionOutcome,
    DecisionParticipation,
    DecisionVote,
    Delegate,
    DelegateRole,
    QuorumUnit,
    Stance,
)

#: What a time poll's option is; any other kind's option is a label (Arabic, English).
OptionInput = tuple[str, str] | datetime.datetime

MAX_OPTIONS = 20


def _closed_error() -> ValidationError:
    return ValidationError(
        _("This decision is closed: nothing can change any more."), code="closed"
    )


def _check_organizer(actor: User) -> None:
    if not has_role(actor, Role.ORGANIZER):
        raise ValidationError(_("Only a coalition organizer can do this."), code="not_organizer")


def _check_options(kind: str, options: list[OptionInput]) -> list[DecisionOption]:
    rows = []
    for position, option in enumerate(options):
        if kind == DecisionKind.TIME:
            if not isinstance(option, datetime.datetime):
                raise ValidationError(
                    _("A time poll's options are dates and times."), code="option"
                )
            rows.append(DecisionOption(starts_at=option, position=position))
        else:
            if isinstance(option, datetime.datetime):
                raise ValidationError(_("Write each option as text."), code="option")
            label, label_en = (option[0] or "").strip(), (option[1] or "").strip()
            if not (label or label_en):
                continue
            rows.append(DecisionOption(label=label, label_en=label_en, position=position))
    if len(rows) > MAX_OPTIONS:
        raise ValidationError(
            _("A decision has at most %(count)d options.") % {"count": MAX_OPTIONS},
            code="options",
        )
    if kind == DecisionKind.TIME:
        times = [row.starts_at for row in rows]
        if len(set(times)) != len(times):
            raise ValidationError(_("The same time is proposed twice."), code="options")
    return rows


@entry_service
def decision_create(
    *,
    actor: User,
    coalition: Coalition,
    title: str,
    kind: str,
    closes_at: datetime.datetime,
    title_en: str = "",
    details: str = "",
    details_en: str = "",
    quorum: int = 50,
    quorum_unit: str = QuorumUnit.PERCENT,
    results_hidden_until_close: bool = True,
    anonymous: bool = False,
    options: list[OptionInput] | None = None,
    delegate: Delegate | None = None,
) -> Decision:
    """Draft a decision: an organizer, or a member organization's delegate (``delegate``),
    puts it forward. A proposal gets its four stances; other kinds the ``options`` given."""
    if delegate is not None:
        check_may_act(delegate)
        if delegate.user_id != actor.pk:
            raise ValidationError(_("You are not a delegate of this organization."), code="actor")
        if not coalition.memberships.filter(
            organization_id=delegate.organization_id, left_on__isnull=True
        ).exists():
            raise ValidationError(
                _("Only a member organization of this coalition can put a decision forward."),
                code="not_member",
            )
    else:
        _check_organizer(actor)
    decision = Decision(
        coalition=coalition,
        title=title.strip(),
        title_en=title_en.strip(),
        details=details.strip(),
        details_en=details_en.strip(),
        kind=kind,
        closes_at=closes_at,
        quorum=quorum,
        quorum_unit=quorum_unit,
        results_hidden_until_close=results_hidden_until_close,
        anonymous=anonymous,
        created_by=actor,
        proposed_by_organization=delegate.organization if delegate else None,
        proposed_by_delegate=delegate,
    )
    decision.full_clean(exclude=["created_by", "proposed_by_organization", "proposed_by_delegate"])
    if decision.quorum_unit == QuorumUnit.PERCENT and decision.quorum > 100:
        raise ValidationError(_("A quorum in percent is at most 100."), code="quorum")
    if closes_at <= timezone.now():
        raise ValidationError(_("The closing time must be in the future."), code="closes_at")
    rows = (
        [
            DecisionOption(stance=stance, position=position)
            for position, stance in enumerate(Stance.values)
        ]
        if kind == DecisionKind.PROPOSAL
        else _check_options(kind, options or [])
    )
    decision.save()
    for row in rows:
        row.decision = decision
    DecisionOption.objects.bulk_create(rows)
    audit_append(
        actor=actor,
        action=Action.DECISION_CREATED,
        target=decision,
        data={"kind": kind, "anonymous": anonymous, "by_organization": delegate is not None},
    )
    return decision


@entry_service
def decision_options_save(
    *, actor: User, decision: Decision, options: list[OptionInput]
) -> Decision:
    """Replace a draft's options (a proposal's four stances are fixed)."""
    _check_organizer(actor)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_draft:
        raise ValidationError(_("The options of an opened decision cannot change."), code="opened")
    if decision.kind == DecisionKind.PROPOSAL:
        raise ValidationError(
            _("A proposal's options are agree, abstain, disagree and block."), code="proposal"
        )
    rows = _check_options(decision.kind, options)
    decision.options.all().delete()
    for row in rows:
        row.decision = decision
    DecisionOption.objects.bulk_create(rows)
    audit_append(
        actor=actor,
        action=Action.DECISION_OPTIONS_SAVED,
        target=decision,
        data={"count": len(rows)},
    )
    return decision


def _member_organization_ids(coalition: Coalition) -> list[int]:
    return list(
        coalition.memberships.filter(left_on__isnull=True, organization__status="verified")
        .order_by("organization_id")
        .values_list("organization_id", flat=True)
    )


@entry_service
def decision_open(*, actor: User, decision: Decision, delegate: Delegate | None = None) -> Decision:
    """Open a draft to the coalition's current (verified) member organizations: that
    electorate is frozen now; an organization joining later does not vote on it."""
    if delegate is not None:
        check_may_act(delegate)
        if decision.proposed_by_delegate_id != delegate.pk:
            raise ValidationError(
                _("Only the organization that put the decision forward may open it."),
                code="not_proposer",
            )
    else:
        _check_organizer(actor)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_draft:
        raise ValidationError(_("This decision is already open."), code="opened")
    now = timezone.now()
    if decision.closes_at <= now:
        raise ValidationError(_("The closing time must be in the future."), code="closes_at")
    if decision.kind != DecisionKind.PROPOSAL and decision.options.count() < 2:
        raise ValidationError(_("A decision needs at least two options."), code="options")
    members = _member_organization_ids(decision.coalition)
    if not members:
        raise ValidationError(
            _("The coalition has no member organization to vote."), code="no_members"
        )
    DecisionElectorate.objects.bulk_create(
        DecisionElectorate(decision=decision, organization_id=pk) for pk in members
    )
    decision.opens_at = now
    decision.save(update_fields=["opens_at"])
    audit_append(
        actor=actor,
        action=Action.DECISION_OPENED,
        target=decision,
        data={"electorate": len(members)},
    )
    return decision


def _checked_ballot(decision: Decision, choices: list[int]) -> list[int]:
    options = list(decision.options.values_list("pk", flat=True))
    try:
        return decision_tally.check_ballot(decision.kind, options, choices)
    except decision_tally.BallotError:
        messages: dict[str, str] = {
            DecisionKind.RANKED: _("Rank every option, each once."),
            DecisionKind.TIME: _("Mark only the times offered, each once."),
        }
        raise ValidationError(
            messages.get(decision.kind, _("Choose one of the options.")), code="ballot"
        ) from None


@entry_service
def decision_vote(
    *,
    actor: User,
    delegate: Delegate,
    decision: Decision,
    choices: list[int],
    reason: str = "",
    change: bool = False,
) -> None:
    """Cast the organization's one vote (``change``: change the vote already cast, which only
    a named decision allows). Returns nothing: the caller never holds an anonymous ballot."""
    if delegate.user_id != actor.pk:
        raise ValidationError(_("You are not a delegate of this organization."), code="actor")
    check_may_act(delegate)
    # The decision's row is the lock: two delegates of one organization voting at once are
    # served one after the other, and the second finds the first's participation.
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.is_draft:
        raise ValidationError(_("This decision is not open yet."), code="draft")
    if decision.is_closed:
        raise _closed_error()
    organization = delegate.organization
    if not decision.electorate.filter(organization=organization).exists():
        raise ValidationError(
            _(
                "Your organization is not among the organizations voting on this decision "
                "(those that were members when it opened)."
            ),
            code="not_electorate",
        )
    ballot = _checked_ballot(decision, choices)
    already = decision.participations.filter(organization=organization).first()
    today = timezone.localdate()
    if already is not None:
        if not change:
            raise ValidationError(
                _("Your organization has already voted on this decision: one vote each."),
                code="voted",
            )
        if decision.anonymous:
            raise ValidationError(
                _("An anonymous vote cannot be changed: nothing links it to your organization."),
                code="anonymous",
            )
        vote = DecisionVote.objects.select_for_update().get(
            decision=decision, organization=organization
        )
        vote.choices, vote.reason, vote.delegate = ballot, reason.strip(), delegate
        vote.changed_at = timezone.now()
        vote.save(update_fields=["choices", "reason", "delegate", "changed_at"])
        already.delegate, already.on = delegate, today
        already.save(update_fields=["delegate", "on"])
        audit_append(actor=actor, action=Action.DECISION_VOTE_CHANGED, target=decision)
        return None
    record_ballot(decision, delegate, ballot, reason=reason, on=today)
    # The log says that the organization voted, never what.
    audit_append(actor=actor, action=Action.DECISION_VOTED, target=decision)
    return None


def record_ballot(
    decision: Decision,
    delegate: Delegate,
    ballot: list[int],
    *,
    reason: str = "",
    on: datetime.date | None = None,
) -> None:
    """Write one organization's participation and ballot (the caller checked everything;
    ``decision_vote`` does, and the demo writes its fictional history with it)."""
    organization = delegate.organization
    DecisionParticipation.objects.create(
        decision=decision,
        organization=organization,
        delegate=delegate,
        on=on or timezone.localdate(),
    )
    if decision.anonymous:
        # The choices only: no organization, delegate, time or participation. Ranked and
        # time ballots are kept as a list, so that order is the ballot itself; a choice's
        # order within a time poll's ballot carries nothing, so it is shuffled.
        if decision.kind == DecisionKind.TIME:
            ballot = random.sample(ballot, len(ballot))
        AnonymousBallot.objects.create(decision=decision, choices=ballot)
    else:
        DecisionVote.objects.create(
            decision=decision,
            organization=organization,
            delegate=delegate,
            choices=ballot,
            reason=reason.strip(),
        )


@entry_service
def decision_outcome_record(
    *,
    actor: User,
    decision: Decision,
    statement: str,
    statement_en: str = "",
    review_on: datetime.date | None = None,
) -> DecisionOutcome:
    """After close, an organizer writes what was decided (and may correct it later); the
    review date, if any, sends one reminder when it comes."""
    _check_organizer(actor)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if not decision.is_closed:
        raise ValidationError(
            _("An outcome is recorded after the decision closes."), code="not_closed"
        )
    if review_on is not None and review_on <= timezone.localdate():
        raise ValidationError(_("The review date must be in the future."), code="review_on")
    outcome = DecisionOutcome.objects.filter(decision=decision).first() or DecisionOutcome(
        decision=decision
    )
    if outcome.review_on != review_on:
        outcome.reminded_at = None  # a new review date reminds again, once
    outcome.statement = statement.strip()
    outcome.statement_en = statement_en.strip()
    outcome.review_on = review_on
    outcome.author = actor
    outcome.full_clean(exclude=["author", "decision"])
    outcome.save()
    audit_append(
        actor=actor,
        action=Action.DECISION_OUTCOME_RECORDED,
        target=decision,
        data={"review": review_on is not None},
    )
    return outcome


def review_recipients(decision: Decision) -> list[User]:
    """The coalition's organizers and the primary delegates of its member organizations."""
    organizers = list(
        User.objects.filter(groups__name=Role.ORGANIZER, is_active=True).order_by("pk")
    )
    today = timezone.localdate()
    members = decision.coalition.memberships.filter(left_on__isnull=True).values("organization_id")
    primaries = [
        d.user
        for d in Delegate.objects.select_related("user")
        .filter(organization_id__in=members, role=DelegateRole.PRIMARY, user__is_active=True)
        .order_by("pk")
        if d.user is not None and d.in_mandate(today)
    ]
    seen: dict[int, User] = {}
    for user in organizers + primaries:
        seen.setdefault(user.pk, user)
    return list(seen.values())


def _absolute(path: str) -> str:
    return settings.JISR_SITE_URL.rstrip("/") + path


def _remind(outcome: DecisionOutcome, user: User) -> None:
    decision = outcome.decision
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        english = translation.get_language() == "en"
        context = {
            "title": decision.title_en if english and decision.title_en else decision.title,
            "statement": (
                outcome.statement_en if english and outcome.statement_en else outcome.statement
            ),
            "review_on": outcome.review_on,
            "url": _absolute(reverse("coalition:decision_detail", args=[decision.pk])),
        }
        subject = render_to_string("coalition/decisions/email/review_subject.txt", context)
        body = render_to_string("coalition/decisions/email/review_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


@entry_service
def decision_send_review_reminders(*, actor: User | str, today: datetime.date | None = None) -> int:
    """On (or after, if a run was missed) an outcome's review date, e-mail the coalition's
    organizers and its member organizations' primary delegates — once. Returns how many
    outcomes were reminded of."""
    today = today or timezone.localdate()
    due = (
        DecisionOutcome.objects.select_for_update()
        .select_related("decision__coalition")
        .filter(review_on__lte=today, reminded_at__isnull=True)
        .order_by("review_on", "pk")
    )
    count = 0
    for outcome in due:
        recipients = review_recipients(outcome.decision)
        for user in recipients:
            _remind(outcome, user)
        outcome.reminded_at = timezone.now()
        outcome.save(update_fields=["reminded_at"])
        audit_append(
            actor=actor,
            action=Action.DECISION_REVIEW_REMINDED,
            target=outcome.decision,
            data={"recipients": len(recipients)},
        )
        count += 1
    return count
