"""Every write to proposals: validated, in one transaction, audited, and notified through
the task queue (the queue row commits with the change, so a proposal the member was told
is submitted is never lost, and its notices go out after the commit)."""

from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts import services as account_services
from jisr.accounts.models import User
from jisr.accounts.roles import Role
from jisr.core import queue
from jisr.core.audit_actions import Action
from jisr.core.services import MEMBER_ACTOR, audit_append
from jisr.core.transactions import entry_service
from jisr.parliament.models import Person

from . import search_index, states, tasks
from .models import (
    AbuseReport,
    ActivityLink,
    Answer,
    Delivery,
    Milestone,
    Notification,
    OfficeAccount,
    Proposal,
    StatusChange,
    Support,
    Topic,
)
from .states import Actor, Status

TITLE_MAX, BODY_MAX = 200, 10_000
OFFICE_LINK_SALT = "jisr.proposals.office-answer"


def setting(name: str):
    return getattr(settings, name)


# --- Topics ---------------------------------------------------------------------------------


@entry_service
def topic_save(
    *, actor: User | str, name: str, name_en: str = "", topic: Topic | None = None, **fields
):
    topic = topic or Topic()
    topic.name, topic.name_en = " ".join(name.split()), name_en.strip()
    for key, value in fields.items():
        setattr(topic, key, value)
    if not topic.name:
        raise ValidationError({"name": _("A name is required.")})
    created = topic.pk is None
    topic.save()
    audit_append(
        actor=actor, action=Action.TOPIC_CREATED if created else Action.TOPIC_CHANGED, target=topic
    )
    return topic


# --- Writing and submitting -----------------------------------------------------------------


def _clean_text(title: str, body: str) -> tuple[str, str]:
    title, body = " ".join(title.split()), body.strip()
    errors = {}
    if not title:
        errors["title"] = _("Give your proposal a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("The title is longer than %(max)d characters.") % {"max": TITLE_MAX}
    if not body:
        errors["body"] = _("Explain your proposal.")
    elif len(body) > BODY_MAX:
        errors["body"] = _("The text is longer than %(max)d characters.") % {"max": BODY_MAX}
    if errors:
        raise ValidationError(errors)
    return title, body


@entry_service(purges_pages=False)  # a draft is never public
def proposal_save_draft(
    *,
    actor: User,
    title: str,
    body: str,
    topic: Topic,
    area=None,
    targets=(),
    language: str = "ar",
    proposal: Proposal | None = None,
) -> Proposal:
    """Create or change the author's draft."""
    title, body = _clean_text(title, body)
    if not topic.is_active:
        raise ValidationError({"topic": _("This topic is no longer offered.")})
    if proposal is None:
        proposal = Proposal(author=actor)
    elif proposal.author_id != actor.pk or proposal.status != Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed, and only by its author."))
    proposal.title, proposal.body, proposal.topic, proposal.area = title, body, topic, area
    proposal.language = language
    proposal.author_display_name = actor.display_name
    created = proposal.pk is None
    proposal.save()
    proposal.targets.set(targets)
    audit_append(
        actor=actor,
        action=Action.PROPOSAL_DRAFTED if created else Action.PROPOSAL_EDITED,
        target=proposal,
    )
    return proposal


def _transition(
    proposal: Proposal, target: Status, *, actor: User | str, role: Actor, note: str = ""
):
    """Move the proposal along the state machine, keep its public timeline, audit it and
    queue the notices to its author and supporters."""
    try:
        states.check(Status(proposal.status), target, role)
    except states.TransitionNotAllowed as error:
        raise ValidationError(
            _("This step is not possible for a proposal that is “%(status)s”.")
            % {"status": proposal.status_label},
            code="transition_not_allowed",
        ) from error
    previous = proposal.status
    now = timezone.now()
    proposal.status = target
    proposal.last_update_at = now
    if target == Status.SUBMITTED and proposal.submitted_at is None:
        proposal.submitted_at = now
    if target == Status.PUBLISHED and proposal.published_at is None:
        proposal.published_at = now
    # Only what a transition changes: the counters are kept with F() by other requests,
    # and saving a stale copy of them would lose supports and reports.
    proposal.save(
        update_fields=[
            "status",
            "last_update_at",
            "submitted_at",
            "published_at",
            "moderator_message",
        ]
    )
    if previous in states.PUBLIC or target in states.PUBLIC:
        search_index.index_proposal(proposal)  # it enters, is refreshed or leaves the index
    StatusChange.objects.create(
        proposal=proposal, from_status=previous, to_status=target, note=note
    )
    audit_append(
        actor=actor,
        action=Action.PROPOSAL_STATUS_CHANGED,
        target=proposal,
        data={"from": previous, "to": target},
    )
    queue.enqueue(
        tasks.notify_followers, proposal.pk, "status", {"from": previous, "to": str(target)}
    )


@entry_service
def proposal_save_and_submit(*, actor: User, proposal: Proposal | None, **fields) -> Proposal:
    """The "Submit" button: save the text and submit it, together or not at all — either the
    member is told it was submitted, or nothing changed."""
    draft = proposal_save_draft.within(actor=actor, proposal=proposal, **fields)
    return proposal_submit.within(actor=actor, proposal=draft)


@entry_service
def proposal_submit(*, actor: User, proposal: Proposal) -> Proposal:
    """Submit the draft; with post-moderation it is published at once."""
    if proposal.author_id != actor.pk:
        raise ValidationError(_("Only the author can submit this proposal."))
    Proposal.objects.select_for_update().filter(pk=proposal.pk).exists()  # lock the row
    proposal.refresh_from_db()
    _transition(proposal, Status.SUBMITTED, actor=actor, role=Actor.AUTHOR)
    if not setting("JISR_PROPOSALS_PREMODERATION"):
        _transition(
            proposal, Status.PUBLISHED, actor="system:post-moderation", role=Actor.MODERATOR
        )
    return proposal


@entry_service
def proposal_withdraw(*, actor: User, proposal: Proposal) -> None:
    if proposal.author_id != actor.pk:
        raise ValidationError(_("Only the author can withdraw this proposal."))
    _transition(proposal, Status.WITHDRAWN, actor=actor, role=Actor.AUTHOR)


@entry_service
def proposal_resubmit(*, actor: User, proposal: Proposal) -> None:
    if proposal.author_id != actor.pk:
        raise ValidationError(_("Only the author can resubmit this proposal."))
    _transition(proposal, Status.SUBMITTED, actor=actor, role=Actor.AUTHOR)


# --- Moderation -----------------------------------------------------------------------------


@entry_service
def proposal_moderate(
    *, actor: User, proposal: Proposal, target: Status, message: str = ""
) -> None:
    """Review, publish, ask for changes (back to draft, with a message) or reject (with a
    reason the author sees)."""
    target = Status(target)
    if target in (Status.DRAFT, Status.REJECTED) and not message.strip():
        raise ValidationError({"message": _("Tell the author why.")})
    if message:
        proposal.moderator_message = message.strip()
    _transition(proposal, target, actor=actor, role=Actor.MODERATOR, note=message.strip())
    if message:
        queue.enqueue(tasks.notify_author, proposal.pk, "moderation", {"to": str(target)})


@entry_service
def proposal_merge(*, actor: User, duplicate: Proposal, into: Proposal) -> None:
    """Close the duplicate into the surviving proposal; its supports move over (a member
    who supported both keeps one support)."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("A proposal cannot be merged into itself."))
    if into.status not in states.PUBLIC or into.hidden:
        raise ValidationError(_("Merge into a published proposal."))
    already = Support.objects.filter(proposal=into).values_list("user_id", flat=True)
    moved = Support.objects.filter(proposal=duplicate).exclude(user_id__in=already)
    if into.author_id:  # an author never supports their own proposal
        moved = moved.exclude(user_id=into.author_id)
    moved_count = moved.update(proposal=into)
    Support.objects.filter(proposal=duplicate).delete()
    Proposal.objects.filter(pk=into.pk).update(support_count=F("support_count") + moved_count)
    Proposal.objects.filter(pk=duplicate.pk).update(support_count=0, merged_into=into)
    duplicate.refresh_from_db()
    _transition(duplicate, Status.MERGED, actor=actor, role=Actor.MODERATOR)
    audit_append(
        actor=actor, action=Action.PROPOSAL_MERGED, target=duplicate, data={"into": into.pk}
    )


@entry_service
def proposal_report(*, actor: User, proposal: Proposal, reason: str) -> AbuseReport:
    """Record a report; enough of them hide the proposal until a moderator reviews it."""
    if reason not in AbuseReport.Reason.values:
        raise ValidationError({"reason": _("Choose a reason.")})
    if proposal.status not in states.PUBLIC:
        raise ValidationError(_("Only published proposals can be reported."))
    report, created = AbuseReport.objects.get_or_create(
        proposal=proposal, reporter=actor, defaults={"reason": reason}
    )
    if created:
        Proposal.objects.filter(pk=proposal.pk).update(report_count=F("report_count") + 1)
        proposal.refresh_from_db()
        if proposal.report_count >= setting("JISR_REPORTS_TO_HIDE") and not proposal.hidden:
            proposal.hidden = True
            proposal.save(update_fields=["hidden"])
            search_index.index_proposal(proposal)
            audit_append(actor="system:reports", action=Action.PROPOSAL_HIDDEN, target=proposal)
        audit_append(actor=MEMBER_ACTOR, action=Action.PROPOSAL_REPORTED, target=proposal)
    return report


@entry_service
def proposal_review_reports(*, actor: User, proposal: Proposal, restore: bool) -> None:
    """Settle the reports: restore the proposal, or keep it hidden."""
    proposal.hidden = not restore
    if restore:
        proposal.report_count = 0  # settled reports no longer count towards hiding it again
    proposal.last_update_at = timezone.now()
    proposal.save(update_fields=["hidden", "report_count", "last_update_at"])
    search_index.index_proposal(proposal)
    proposal.reports.update(resolved=True)
    audit_append(
        actor=actor,
        action=Action.PROPOSAL_RESTORED if restore else Action.PROPOSAL_HIDDEN,
        target=proposal,
    )


# --- Support --------------------------------------------------------------------------------


@entry_service(purges_pages=False)  # the count may wait for the page cache
def support_add(*, actor: User, proposal: Proposal) -> bool:
    """Support once; return whether a support was added."""
    if proposal.status not in states.PUBLIC or proposal.hidden:
        raise ValidationError(_("Only published proposals can be supported."))
    if proposal.author_id == actor.pk:
        raise ValidationError(_("Your own proposal already counts as yours."))
    _support, created = Support.objects.get_or_create(proposal=proposal, user=actor)
    if created:
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
        audit_append(actor=MEMBER_ACTOR, action=Action.PROPOSAL_SUPPORTED, target=proposal)
    return created


@entry_service(purges_pages=False)  # the count may wait for the page cache
def support_withdraw(*, actor: User, proposal: Proposal) -> bool:
    deleted, _counts = Support.objects.filter(proposal=proposal, user=actor).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
        audit_append(actor=MEMBER_ACTOR, action=Action.PROPOSAL_SUPPORT_WITHDRAWN, target=proposal)
    return bool(deleted)


@entry_service
def proposal_pick(*, actor: User, proposal: Proposal, picked: bool = True) -> None:
    proposal.picked_for_delivery = picked
    proposal.last_update_at = timezone.now()
    proposal.save(update_fields=["picked_for_delivery", "last_update_at"])
    audit_append(actor=actor, action=Action.PROPOSAL_PICKED, target=proposal, data={"on": picked})


def notifications_mark_read(
    *,
    actor: User,
    proposal_id: int | None = None,
    upto: int | None = None,
) -> int:
    """Mark the member's unread notices read, when they say so: those about one proposal,
    or all up to the newest they were shown (``upto``), so that a notice arriving meanwhile
    stays unread. Reading is not a change anybody audits."""
    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if proposal_id is not None:
        unread = unread.filter(proposal_id=proposal_id)
    if upto is not None:
        unread = unread.filter(pk__lte=upto)
    return unread.update(read_at=timezone.now())


def ready_for_delivery(proposal: Proposal) -> bool:
    return proposal.picked_for_delivery or (
        proposal.support_count >= setting("JISR_SUPPORT_THRESHOLD")
    )


# --- Delivery, answers, outcome -------------------------------------------------------------


@entry_service
def delivery_record(
    *,
    actor: User,
    proposal: Proposal,
    representatives,
    method: str,
    delivered_on: date,
    note: str = "",
    email_office: bool = False,
) -> list[Delivery]:
    """Record that the proposal was delivered to each representative (how, when, by whom)."""
    if method not in Delivery.Method.values:
        raise ValidationError({"method": _("Say how it was delivered.")})
    if delivered_on > timezone.localdate():
        raise ValidationError({"delivered_on": _("A delivery cannot be in the future.")})
    if proposal.hidden:
        raise ValidationError(_("A hidden proposal cannot be delivered before it is reviewed."))
    representatives = list(representatives)
    if not representatives:
        raise ValidationError({"representatives": _("Choose at least one representative.")})
    already = set(proposal.deliveries.values_list("representative_id", flat=True))
    deliveries = [
        Delivery.objects.create(
            proposal=proposal,
            representative=person,
            method=method,
            delivered_on=delivered_on,
            delivered_by=actor,
            note=note.strip(),
        )
        for person in representatives
        if person.pk not in already
    ]
    if proposal.status == Status.PUBLISHED:
        _transition(proposal, Status.DELIVERED, actor=actor, role=Actor.ORGANIZER)
    elif proposal.status not in (Status.DELIVERED, Status.ANSWERED, Status.IN_PROGRESS):
        raise ValidationError(_("Only a published proposal can be delivered."))
    else:
        Proposal.objects.filter(pk=proposal.pk).update(last_update_at=timezone.now())
    for delivery in deliveries:
        audit_append(actor=actor, action=Action.DELIVERY_RECORDED, target=delivery)
        if email_office:
            queue.enqueue(tasks.email_office_link, delivery.pk)
    return deliveries


def office_link_token(delivery: Delivery) -> str:
    return signing.dumps({"delivery": delivery.pk}, salt=OFFICE_LINK_SALT)


def delivery_from_office_token(token: str) -> Delivery:
    """Return the delivery a signed office link names, or raise ValidationError when the
    link is forged or older than the allowed days."""
    max_age = timedelta(days=setting("JISR_OFFICE_LINK_DAYS"))
    try:
        data = signing.loads(token, salt=OFFICE_LINK_SALT, max_age=max_age)
        return Delivery.objects.select_related("proposal", "representative").get(
            pk=data["delivery"]
        )
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This link has expired. Ask the organizers for a new one.")
        ) from error
    except (signing.BadSignature, KeyError, Delivery.DoesNotExist) as error:
        raise ValidationError(_("This link is not valid.")) from error


@entry_service
def answer_record(
    *, actor: User | str, delivery: Delivery, text: str, answered_on: date, source: str
) -> Answer:
    """Record the representative's answer, written by the office or transcribed."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the answer.")})
    if answered_on < delivery.delivered_on:
        raise ValidationError({"answered_on": _("An answer cannot come before the delivery.")})
    if answered_on > timezone.localdate():
        raise ValidationError({"answered_on": _("An answer cannot be in the future.")})
    if hasattr(delivery, "answer"):
        raise ValidationError(_("This delivery already has its answer."))
    answer = Answer.objects.create(
        delivery=delivery,
        text=text,
        answered_on=answered_on,
        source=source,
        recorded_by=actor if isinstance(actor, User) else None,
    )
    proposal = delivery.proposal
    role = Actor.OFFICE if source == Answer.Source.OFFICE else Actor.ORGANIZER
    if proposal.status == Status.DELIVERED:
        _transition(proposal, Status.ANSWERED, actor=actor, role=role)
    else:
        Proposal.objects.filter(pk=proposal.pk).update(last_update_at=timezone.now())
        queue.enqueue(tasks.notify_followers, proposal.pk, "answer", {})
    audit_append(actor=actor, action=Action.ANSWER_RECORDED, target=answer)
    return answer


@entry_service
def proposal_set_outcome(
    *, actor: User, proposal: Proposal, target: Status, note: str = ""
) -> None:
    """Move a delivered proposal on: in progress, achieved, partly achieved, declined,
    closed — or reopen it."""
    _transition(proposal, Status(target), actor=actor, role=Actor.ORGANIZER, note=note)


@entry_service
def milestone_add(
    *, actor: User, proposal: Proposal, date: date, note: str, progress: int
) -> Milestone:
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})
    if not note.strip():
        raise ValidationError({"note": _("Say what happened.")})
    if proposal.status not in states.PUBLIC:
        raise ValidationError(_("Milestones belong to published proposals."))
    milestone = Milestone.objects.create(
        proposal=proposal, date=date, note=note.strip(), progress=progress, created_by=actor
    )
    Proposal.objects.filter(pk=proposal.pk).update(last_update_at=timezone.now())
    audit_append(actor=actor, action=Action.MILESTONE_ADDED, target=milestone)
    queue.enqueue(tasks.notify_followers, proposal.pk, "milestone", {"progress": progress})
    return milestone


@entry_service
def activity_link(*, actor: User, proposal: Proposal, **target) -> ActivityLink:
    """Link a parliamentary record (activity, vote_event, bill or question) to the proposal."""
    target = {k: v for k, v in target.items() if v is not None}
    if len(target) != 1 or not set(target) <= {"activity", "vote_event", "bill", "question"}:
        raise ValidationError(_("Choose one parliamentary record to link."))
    link, created = ActivityLink.objects.get_or_create(proposal=proposal, **target)
    if created:
        Proposal.objects.filter(pk=proposal.pk).update(last_update_at=timezone.now())
        audit_append(actor=actor, action=Action.PROPOSAL_LINKED, target=link)
    return link


@entry_service
def office_account_link(*, actor: User | str, user: User, person: Person) -> OfficeAccount:
    """Let ``user`` answer for the office of ``person`` (the representative-office role)."""
    office, _created = OfficeAccount.objects.update_or_create(
        user=user, defaults={"representative": person}
    )
    account_services.role_grant.within(actor=actor, user=user, role=Role.REPRESENTATIVE_OFFICE)
    audit_append(
        actor=actor, action=Action.OFFICE_LINKED, target=office, data={"representative": person.pk}
    )
    return office


@entry_service
def office_account_unlink(*, actor: User | str, user: User, person: Person) -> None:
    office = OfficeAccount.objects.filter(user=user, representative=person).first()
    if office is None:
        raise ValidationError(_("This account is not linked to this representative."))
    audit_append(
        actor=actor,
        action=Action.OFFICE_UNLINKED,
        target=office,
        data={"representative": person.pk},
    )
    office.delete()
    account_services.role_revoke.within(actor=actor, user=user, role=Role.REPRESENTATIVE_OFFICE)
