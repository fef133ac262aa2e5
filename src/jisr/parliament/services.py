"""Every write to the parliament records: validated, in one transaction, audited.

Staff forms and importers call the same services, so they enforce the same rules.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, time

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ForeignObjectRel
from django.utils import translation
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.lists import join_list
from jisr.core.services import audit_append
from jisr.core.storage import save_field_file
from jisr.core.text.arabic import name_key
from jisr.core.transactions import entry_service

from . import search_index
from .models import (
    EXCUSED_REASONS,
    UNEXCUSED_REASONS,
    VOTE_COUNT_OPTIONS,
    Activity,
    AnnouncedPosition,
    Area,
    Attendance,
    Bill,
    BillPhase,
    BillStage,
    CommitteeAttendance,
    CommitteeMeeting,
    ContactDetail,
    Membership,
    MergedPerson,
    Organization,
    OtherName,
    Person,
    PersonIdentifier,
    Question,
    Sitting,
    Term,
    Vote,
    VoteEvent,
    VoteExplanation,
)
from .photos import clean_photo
from .selectors import members_on, people_with_name_key


class PossibleDuplicate(ValidationError):
    """A person with the same folded name exists: merge, or confirm it is someone else."""

    def __init__(self, name: str, matches: list[Person]):
        self.matches = matches
        super().__init__(
            _(
                "“%(name)s” looks like the same person as: %(matches)s. Open the existing "
                "record, or confirm that this is a different person."
            )
            % {"name": name, "matches": join_list(p.name for p in matches)},
            code="possible_duplicate",
        )


PERSON_FIELDS = {"name", "name_latin", "gender", "birth_year", "summary", "is_fictional"}


def _check_birth_year(year):
    if year is not None and not 1880 <= year <= date.today().year:
        raise ValidationError(
            {"birth_year": _("The birth year %(year)s is not plausible.") % {"year": year}}
        )


@entry_service
def person_create(
    *, actor: User | str, name: str, allow_same_name: bool = False, photo=None, **fields
) -> Person:
    """Create a person (with an uploaded ``photo``, if any), refusing a name that folds to
    an existing person's name unless the caller confirms it is someone else."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("A name is required.")})
    _check_birth_year(fields.get("birth_year"))
    key = name_key(name)
    if not allow_same_name:
        matches = list(people_with_name_key(key))
        if matches:
            raise PossibleDuplicate(name, matches)
    person = Person.objects.create(name=name, name_key=key, **fields)
    search_index.index_person(person)
    audit_append(actor=actor, action=Action.PERSON_CREATED, target=person)
    if photo:
        person_set_photo.within(actor=actor, person=person, upload=photo)
    return person


@entry_service
def person_update(*, actor: User | str, person: Person, photo=None, **fields) -> bool:
    """Apply the changed fields, then a new uploaded ``photo``; return whether anything
    changed."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise ValueError(f"Not person fields: {sorted(unknown)}")
    _check_birth_year(fields.get("birth_year"))
    if "name" in fields:
        fields["name"] = " ".join(fields["name"].split())
    changed = {k: v for k, v in fields.items() if getattr(person, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(person, key, value)
        person.name_key = name_key(person.name)
        person.save()
        search_index.index_person(person)
        if "name" in changed:  # their speeches and questions show it
            search_index.index_person_records(person)
        audit_append(
            actor=actor,
            action=Action.PERSON_CORRECTED,
            target=person,
            data={"fields": sorted(changed)},
        )
    if photo:
        person_set_photo.within(actor=actor, person=person, upload=photo)
    return bool(changed or photo)


@entry_service
def person_set_photo(*, actor: User | str, person: Person, upload) -> None:
    """Store a resized copy of the photo with its metadata stripped."""
    photo = clean_photo(upload)
    old = person.photo.name if person.photo else ""
    save_field_file(person, "photo", str(photo.name), photo)
    if old:
        transaction.on_commit(lambda: person.photo.storage.delete(old))
    audit_append(actor=actor, action=Action.PERSON_PHOTO_CHANGED, target=person)


@entry_service
def person_merge(*, actor: User | str, keep: Person, duplicate: Person) -> Person:
    """Move everything recorded for the duplicate onto the person kept, then delete it.

    Parliament moves its own rows; every other app moves the rows that point at a person
    through its ``AppConfig.merge_person(keep, duplicate)`` hook (the pattern of
    ``erase_personal_data``), refusing with a ValidationError when two rows would clash.
    The duplicate is deleted only once nothing refers to it; its name stays as an other
    name of the person kept, and its old address redirects there.
    """
    if keep.pk == duplicate.pk:
        raise ValidationError(_("A person cannot be merged with themselves."))
    if duplicate.votes.filter(vote_event__in=keep.votes.values("vote_event")).exists():
        raise ValidationError(
            _("Both records have a vote in the same vote event; correct the votes first.")
        )
    if duplicate.attendance.filter(sitting__in=keep.attendance.values("sitting")).exists():
        raise ValidationError(
            _("Both records have attendance at the same sitting; correct it first.")
        )
    if duplicate.committee_attendance.filter(
        meeting__in=keep.committee_attendance.values("meeting")
    ).exists():
        raise ValidationError(
            _("Both records have attendance at the same committee meeting; correct it first.")
        )
    for model, field in [
        (Membership, "person"),
        (Vote, "person"),
        (AnnouncedPosition, "person"),
        (VoteExplanation, "person"),
        (Activity, "person"),
        (Question, "asked_by"),
        (Attendance, "person"),
        (CommitteeAttendance, "person"),
        (PersonIdentifier, "person"),
        (ContactDetail, "person"),
        (OtherName, "person"),
        (MergedPerson, "person"),
    ]:
        model._default_manager.filter(**{field: duplicate}).update(**{field: keep})
    for bill in duplicate.bills.all():
        bill.sponsors.add(keep)
    duplicate.bills.clear()
    keep.other_names.get_or_create(name=duplicate.name)
    if not keep.photo and duplicate.photo:
        keep.photo, duplicate.photo = duplicate.photo, ""
        keep.save(update_fields=["photo"])
    for config in apps.get_app_configs():
        hook = getattr(config, "merge_person", None)
        if hook is not None:
            hook(keep, duplicate)
    still = _references(duplicate)
    if still:
        raise ValidationError(
            _("The duplicate is still referred to by: %(kinds)s. Nothing was merged.")
            % {"kinds": join_list(still)}
        )
    MergedPerson.objects.create(old_id=duplicate.pk, person=keep)
    audit_append(actor=actor, action=Action.PERSON_MERGED, target=keep, data={"from": duplicate.pk})
    duplicate.delete()
    search_index.index_person(keep)
    search_index.index_person_records(keep)
    return keep


def _references(person: Person) -> list[str]:
    """The kinds of record that still point at the person (every relation, every app)."""
    kinds = []
    for relation in Person._meta.get_fields():
        # Every reverse relation (auto-created and not concrete) is a ForeignObjectRel.
        if isinstance(relation, ForeignObjectRel) and relation.auto_created:
            accessor = relation.get_accessor_name()
            if accessor and getattr(person, accessor).exists():
                kinds.append(str(relation.related_model._meta.verbose_name_plural))
    return kinds


@entry_service
def people_search_reindex(*, person_ids: Iterable[int]) -> None:
    """Index these people again, for a writer that added their other names in bulk."""
    search_index.index_people(person_ids)


def _name_key_for_org(name: str) -> str:
    return name_key(name)


@entry_service
def organization_create(
    *,
    actor: User | str,
    name: str,
    classification: str,
    parent: Organization | None = None,
    **fields,
) -> Organization:
    if classification not in Organization.Classification.values:
        raise ValidationError({"classification": _("Unknown kind of organization.")})
    organization = Organization.objects.create(
        name=" ".join(name.split()),
        classification=classification,
        parent=parent,
        name_key=_name_key_for_org(name),
        **fields,
    )
    search_index.index_organization(organization)
    audit_append(actor=actor, action=Action.ORGANIZATION_CREATED, target=organization)
    return organization


@entry_service
def organization_update(*, actor: User | str, organization: Organization, **fields) -> bool:
    changed = {k: v for k, v in fields.items() if getattr(organization, k) != v}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(organization, key, value)
    organization.name_key = _name_key_for_org(organization.name)
    organization.save()
    search_index.index_organization(organization)
    audit_append(
        actor=actor,
        action=Action.ORGANIZATION_CORRECTED,
        target=organization,
        data={"fields": sorted(changed)},
    )
    return True


@entry_service
def membership_create(*, actor: User | str, person: Person, organization: Organization, **fields):
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("The membership ends before it starts.")})
    membership = Membership.objects.create(person=person, organization=organization, **fields)
    if (
        membership.area_id
        and organization.classification == Organization.Classification.LEGISLATURE
    ):
        search_index.seat_changed(person)
    audit_append(actor=actor, action=Action.MEMBERSHIP_CREATED, target=membership)
    return membership


@entry_service
def membership_update(*, actor: User | str, membership: Membership, **fields) -> list[str]:
    """Correct a membership; return the names of the fields that changed. A seat whose
    governorate, party or dates change moves the person's records in search with it."""
    start = fields.get("start_date", membership.start_date)
    end = fields.get("end_date", membership.end_date)
    if start and end and end < start:
        raise ValidationError({"end_date": _("The membership ends before it starts.")})
    changed = _correct(actor, Action.MEMBERSHIP_CORRECTED, membership, fields)
    if (
        changed
        and membership.organization.classification == Organization.Classification.LEGISLATURE
    ):
        search_index.seat_changed(membership.person)
    return changed


def _save(
    actor: User | str, model, actions: tuple[Action, Action], instance, identifier: str, fields
):
    """Create (``instance`` None) or correct a row with a unique identifier, audited."""
    if instance is None:
        instance = model.objects.create(identifier=identifier, **fields)
        audit_append(actor=actor, action=actions[0], target=instance)
        return instance, ["created"]
    return instance, _correct(actor, actions[1], instance, fields)


def _correct(actor: User | str, action: Action, instance, fields) -> list[str]:
    """Write the fields that differ, audited; return their names."""
    changed = {k: v for k, v in fields.items() if getattr(instance, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(instance, key, value)
        instance.save(update_fields=list(changed))
        audit_append(actor=actor, action=action, target=instance, data={"fields": sorted(changed)})
    return sorted(changed)


AREA_ACTIONS = (Action.AREA_CREATED, Action.AREA_CORRECTED)
TERM_ACTIONS = (Action.TERM_CREATED, Action.TERM_CORRECTED)


@entry_service
def area_save(
    *, actor: User | str, area: Area | None, identifier: str, **fields
) -> tuple[Area, list[str]]:
    """Create a governorate (``area`` None) or correct one; return it and what changed
    (``["created"]`` for a new one). Search reads governorates' names from here."""
    return _save(actor, Area, AREA_ACTIONS, area, identifier, fields)


@entry_service
def term_save(
    *, actor: User | str, term: Term | None, identifier: str, **fields
) -> tuple[Term, list[str]]:
    """Create a term (``term`` None) or correct one; return it and what changed. A new term
    starts with the default bill phases."""
    start, end = fields.get("start_date"), fields.get("end_date")
    if start and end and end < start:
        raise ValidationError({"end_date": _("The term ends before it starts.")})
    saved, changed = _save(actor, Term, TERM_ACTIONS, term, identifier, fields)
    if term is None:
        bill_phases_seed.within(actor=actor, term=saved)
    return saved, changed


def _member_check(term: Term, day: date, person_ids: Iterable[int]) -> dict[int, Membership]:
    """Return the legislature memberships by person, or raise naming the non-members."""
    members = members_on(term, day)
    outsiders = [pid for pid in person_ids if pid not in members]
    if outsiders:
        names = Person.objects.filter(pk__in=outsiders).values_list("name", flat=True)
        raise ValidationError(
            _("Not a member of parliament on %(date)s: %(names)s.")
            % {"date": day.isoformat(), "names": join_list(names)},
            code="not_a_member",
        )
    return members


@entry_service
def vote_event_record(
    *,
    actor: User | str,
    term: Term,
    date: date,
    motion: str,
    result: str,
    votes: Mapping[int, str],
    sitting: Sitting | None = None,
    bill: Bill | None = None,
    source_url: str = "",
    document_ref: str = "",
    method: str | None = None,
    counts: Mapping[str, int] | None = None,
    is_key: bool = False,
) -> VoteEvent:
    """Record a vote event and every member's vote (``votes`` maps person id to option).

    Every person must have been a member in the term on that day. ``method`` says how the
    vote was taken; left out, it is a roll call when votes are given and "unknown"
    otherwise. Individual votes are known only for a roll call with votes: any other
    method refuses ``votes`` (Jisr never invents a per-person vote). ``counts`` (option to
    number) are the announced totals of a vote without individual votes.
    """
    if method is None:
        method = VoteEvent.Method.ROLL_CALL if votes else VoteEvent.Method.UNKNOWN
    if method not in VoteEvent.Method.values:
        raise ValidationError({"method": _("Say how the vote was taken.")})
    if votes and method != VoteEvent.Method.ROLL_CALL:
        raise ValidationError(
            {
                "method": _(
                    "Individual votes are recorded only for a roll call; this vote was "
                    "taken otherwise, so record its result and the announced positions."
                )
            },
            code="votes_not_known",
        )
    if counts and votes:
        raise ValidationError(_("The counts of a roll call come from its votes."))
    if counts and any(
        key not in VOTE_COUNT_OPTIONS or not isinstance(n, int) or n < 0
        for key, n in counts.items()
    ):
        raise ValidationError(_("The counts must be whole numbers, zero or more."))
    if not motion.strip():
        raise ValidationError({"motion": _("Say what was voted on.")})
    if VoteEvent.objects.filter(term=term, date=date, motion=motion.strip()).exists():
        raise ValidationError(
            {"motion": _("This vote is already recorded for that day. Correct it instead.")}
        )
    if result not in VoteEvent.Result.values:
        raise ValidationError({"result": _("Unknown result.")})
    bad = {option for option in votes.values() if option not in Vote.Option.values}
    if bad:
        raise ValidationError(_("Unknown vote: %(options)s.") % {"options": join_list(bad)})
    members = _member_check(term, date, votes.keys())
    totals = Counter(votes.values()) if votes else Counter(counts or {})
    event = VoteEvent.objects.create(
        term=term,
        date=date,
        motion=motion.strip(),
        result=result,
        method=method,
        individual_votes_known=bool(votes),
        is_key=is_key,
        sitting=sitting,
        bill=bill,
        source_url=source_url,
        document_ref=document_ref,
        recorded_by=_user(actor),
        **{f"{option}_count": totals[option] for option in VOTE_COUNT_OPTIONS},
    )
    Vote.objects.bulk_create(
        Vote(vote_event=event, person_id=pid, option=option, party_id=members[pid].on_behalf_of_id)
        for pid, option in votes.items()
    )
    search_index.index_vote_event(event)
    audit_append(
        actor=actor,
        action=Action.VOTE_EVENT_RECORDED,
        target=event,
        data={"votes": len(votes), "method": method},
    )
    if is_key:
        _key_vote_marked(event)
    return event


def _key_vote_marked(event: VoteEvent) -> None:
    """Tell the apps that follow key votes (the offices' requests for an explanation)."""
    for config in apps.get_app_configs():
        hook = getattr(config, "key_vote_marked", None)
        if hook is not None:
            hook(event)


@entry_service
def vote_event_set_method(*, actor: User | str, event: VoteEvent, method: str) -> bool:
    """Correct how a vote was taken. A vote with recorded individual votes stays a roll
    call; return whether anything changed."""
    if method not in VoteEvent.Method.values:
        raise ValidationError({"method": _("Say how the vote was taken.")})
    if method == event.method:
        return False
    if event.individual_votes_known and method != VoteEvent.Method.ROLL_CALL:
        raise ValidationError(
            {"method": _("This vote has recorded individual votes: it was a roll call.")}
        )
    old = event.method
    event.method = method
    event.save(update_fields=["method"])
    audit_append(
        actor=actor,
        action=Action.VOTE_EVENT_METHOD_SET,
        target=event,
        data={"from": old, "to": method},
    )
    return True


@entry_service
def vote_event_set_key(*, actor: User | str, event: VoteEvent, is_key: bool) -> bool:
    """Mark a vote as a key vote (or not); return whether it changed. Marking it asks the
    offices of the organization's representatives for an explanation (a hook)."""
    if event.is_key == is_key:
        return False
    event.is_key = is_key
    event.save(update_fields=["is_key"])
    audit_append(actor=actor, action=Action.VOTE_EVENT_KEY_SET, target=event, data={"to": is_key})
    if is_key:
        _key_vote_marked(event)
    return True


@entry_service
def announced_position_record(
    *,
    actor: User | str,
    vote_event: VoteEvent,
    person: Person,
    position: str,
    source_kind: str,
    date: date,
    url: str = "",
    quote: str = "",
) -> AnnouncedPosition:
    """Record a position a representative announced on a vote after it. Never a vote: it
    is shown as announced and never counted in the vote's totals."""
    errors = {}
    if position not in AnnouncedPosition.Position.values:
        errors["position"] = _("Unknown position.")
    if source_kind not in AnnouncedPosition.Source.values:
        errors["source_kind"] = _("Say where the position was announced.")
    if not url.strip() and not quote.strip():
        errors["url"] = _("Give the source address or quote the announcement.")
    if date < vote_event.date:
        errors["date"] = _("A position is announced on or after the day of the vote.")
    if errors:
        raise ValidationError(errors)
    _member_check(vote_event.term, vote_event.date, [person.pk])
    item = AnnouncedPosition.objects.create(
        vote_event=vote_event,
        person=person,
        position=position,
        source_kind=source_kind,
        date=date,
        url=url.strip(),
        quote=quote.strip(),
        recorded_by=_user(actor),
    )
    audit_append(
        actor=actor,
        action=Action.ANNOUNCED_POSITION_RECORDED,
        target=item,
        data={"vote_event": vote_event.pk, "source": source_kind},
    )
    return item


@entry_service
def vote_explanation_record(
    *,
    actor: User | str,
    person: Person,
    text: str,
    source: str,
    date: date,
    vote_event: VoteEvent | None = None,
    bill: Bill | None = None,
    url: str = "",
) -> VoteExplanation:
    """Record a representative's explanation of their vote or stance on a vote event or a
    bill (exactly one). Shown as an explanation, never as a recorded vote."""
    errors = {}
    if (vote_event is None) == (bill is None):
        errors["vote_event"] = _("An explanation is about one vote or one bill.")
    if not text.strip():
        errors["text"] = _("Write the explanation.")
    if source not in VoteExplanation.Source.values:
        errors["source"] = _("Say where the explanation comes from.")
    if errors:
        raise ValidationError(errors)
    item = VoteExplanation.objects.create(
        person=person,
        vote_event=vote_event,
        bill=bill,
        text=text.strip(),
        source=source,
        date=date,
        url=url.strip(),
        recorded_by=_user(actor),
    )
    audit_append(
        actor=actor,
        action=Action.VOTE_EXPLANATION_RECORDED,
        target=item,
        data={"source": source, "on": "vote_event" if vote_event else "bill"},
    )
    return item


@entry_service
def votes_correct(*, actor: User | str, changes: Mapping[Vote, str]) -> int:
    """Correct several members' votes of one event, all or none; return how many."""
    for vote, option in changes.items():
        vote_correct.within(actor=actor, vote=vote, option=option)
    return len(changes)


@entry_service
def vote_correct(*, actor: User | str, vote: Vote, option: str) -> None:
    """Correct one member's vote and the event's counts."""
    if option not in Vote.Option.values:
        raise ValidationError({"option": _("Unknown vote.")})
    if vote.option == option:
        return
    event = VoteEvent.objects.select_for_update().get(pk=vote.vote_event_id)
    old = vote.option
    setattr(event, f"{old}_count", getattr(event, f"{old}_count") - 1)
    setattr(event, f"{option}_count", getattr(event, f"{option}_count") + 1)
    event.save()
    vote.option = option
    vote.save(update_fields=["option"])
    audit_append(
        actor=actor, action=Action.VOTE_CORRECTED, target=vote, data={"from": old, "to": option}
    )


def _user(actor: User | str) -> User | None:
    return actor if isinstance(actor, User) else None


@entry_service
def bill_record(
    *,
    actor: User | str,
    term: Term,
    title: str,
    introduced_on: date,
    sponsors: Iterable[Person] = (),
    stage: str = Bill.Stage.INTRODUCED,
    number: str = "",
    summary: str = "",
    source_url: str = "",
    explainer: str = "",
    explainer_en: str = "",
) -> Bill:
    codes = _phase_codes(term)
    if stage not in codes:
        raise ValidationError({"stage": _("Unknown stage.")})
    if not title.strip():
        raise ValidationError({"title": _("A title is required.")})
    sponsors = list(sponsors)
    _member_check(term, introduced_on, [p.pk for p in sponsors])
    bill = Bill.objects.create(
        term=term,
        title=title.strip(),
        introduced_on=introduced_on,
        stage=stage,
        number=number,
        summary=summary,
        explainer=explainer.strip(),
        explainer_en=explainer_en.strip(),
        source_url=source_url,
        recorded_by=_user(actor),
    )
    bill.sponsors.set(sponsors)
    # The path starts at the term's first phase (``introduced`` by default).
    first = codes[0]
    BillStage.objects.create(bill=bill, stage=first, date=introduced_on)
    if stage != first:
        BillStage.objects.create(bill=bill, stage=stage, date=introduced_on)
    Activity.objects.bulk_create(
        Activity(
            person=p,
            term=term,
            kind=Activity.Kind.BILL,
            date=introduced_on,
            title=bill.title,
            bill=bill,
            source_url=source_url,
            recorded_by=_user(actor),
        )
        for p in sponsors
    )
    search_index.index_bill(bill)
    audit_append(actor=actor, action=Action.BILL_RECORDED, target=bill)
    return bill


@entry_service
def bill_stage_add(
    *, actor: User | str, bill: Bill, stage: str, date: date, note: str = ""
) -> BillStage:
    if stage not in _phase_codes(bill.term):
        raise ValidationError({"stage": _("Unknown stage.")})
    if date < bill.introduced_on:
        raise ValidationError({"date": _("A stage cannot come before the bill was introduced.")})
    entry = BillStage.objects.create(bill=bill, stage=stage, date=date, note=note)
    bill.stage = stage
    bill.save(update_fields=["stage"])
    audit_append(actor=actor, action=Action.BILL_STAGE_ADDED, target=bill, data={"stage": stage})
    return entry


def _phase_codes(term: Term) -> list[str]:
    """The codes of the term's bill phases in order (the default eight if it has none)."""
    codes = list(BillPhase.objects.filter(term=term).values_list("code", flat=True))
    return codes or list(Bill.Stage.values)


# The default phases' plain-language explanations (a term's staff can rewrite them).
DEFAULT_PHASE_EXPLANATIONS: dict[str, str] = {
    Bill.Stage.INTRODUCED: "A member, a committee or the government put the bill forward.",
    Bill.Stage.FIRST_READING: "The bill was read to the chamber for the first time.",
    Bill.Stage.SECOND_READING: "The chamber debated the bill and proposed changes.",
    Bill.Stage.COMMITTEE: "A committee studies the bill and writes its report.",
    Bill.Stage.VOTE: "The chamber votes on the bill, article by article and as a whole.",
    Bill.Stage.PASSED: "The chamber passed the bill.",
    Bill.Stage.REJECTED: "The chamber rejected the bill.",
    Bill.Stage.WITHDRAWN: "The bill was withdrawn by those who put it forward.",
}
TERMINAL_OUTCOMES: dict[str, str] = {
    Bill.Stage.PASSED: BillPhase.Outcome.PASSED,
    Bill.Stage.REJECTED: BillPhase.Outcome.REJECTED,
    Bill.Stage.WITHDRAWN: BillPhase.Outcome.WITHDRAWN,
}


@entry_service
def bill_phases_seed(*, actor: User | str, term: Term) -> int:
    """Give a term without phases the default eight; return how many were created."""
    if BillPhase.objects.filter(term=term).exists():
        return 0
    phases = []
    for index, (code, label) in enumerate(Bill.Stage.choices):
        with translation.override("ar"):
            name = str(label)
        with translation.override("en"):
            name_en = str(label)
        phases.append(
            BillPhase(
                term=term,
                code=code,
                order=10 * (index + 1),
                name=name,
                name_en=name_en,
                explanation_en=DEFAULT_PHASE_EXPLANATIONS[code],
                is_terminal=code in TERMINAL_OUTCOMES,
                outcome=TERMINAL_OUTCOMES.get(code, ""),
            )
        )
    BillPhase.objects.bulk_create(phases)
    audit_append(actor=actor, action=Action.BILL_PHASES_SEEDED, target=term)
    return len(phases)


PHASE_FIELDS = ("name", "name_en", "explanation", "explanation_en", "is_terminal", "outcome")


@entry_service
def bill_phase_save(
    *, actor: User | str, term: Term, phase: BillPhase | None, code: str = "", **fields
) -> BillPhase:
    """Add a phase at the end of the term's path (``phase`` None) or rename/correct one.
    A phase's code never changes: bills store it."""
    unknown = set(fields) - set(PHASE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown phase fields: {sorted(unknown)}")
    if not str(fields.get("name", phase.name if phase else "")).strip():
        raise ValidationError({"name": _("A name is required.")})
    if fields.get("outcome") and not fields.get("is_terminal", phase and phase.is_terminal):
        raise ValidationError(
            {"outcome": _("Only a phase that ends the procedure has an outcome.")}
        )
    if phase is None:
        if not code or BillPhase.objects.filter(term=term, code=code).exists():
            raise ValidationError({"code": _("Another phase of this term has this code.")})
        last = BillPhase.objects.filter(term=term).order_by("-order").first()
        phase = BillPhase.objects.create(
            term=term, code=code, order=(last.order + 10) if last else 10, **fields
        )
        audit_append(actor=actor, action=Action.BILL_PHASE_SAVED, target=phase, data={"new": True})
        return phase
    if phase.term_id != term.pk:
        raise ValidationError(_("The phase belongs to another term."))
    _correct(actor, Action.BILL_PHASE_SAVED, phase, fields)
    return phase


@entry_service
def bill_phase_move(*, actor: User | str, phase: BillPhase, step: int) -> None:
    """Move a phase one place earlier (``step`` -1) or later (+1) in its term's path."""
    phases = list(BillPhase.objects.select_for_update().filter(term=phase.term_id))
    index = next(i for i, p in enumerate(phases) if p.pk == phase.pk)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(phases):
        return
    phases[index], phases[other] = phases[other], phases[index]
    for position, item in enumerate(phases):
        item.order = 10 * (position + 1)
    BillPhase.objects.bulk_update(phases, ["order"])
    audit_append(
        actor=actor,
        action=Action.BILL_PHASE_MOVED,
        target=phase,
        data={"step": 1 if step > 0 else -1},
    )


@entry_service
def bill_explain(*, actor: User | str, bill: Bill, explainer: str, explainer_en: str = "") -> bool:
    """Write the plain-language explainer of what the bill does; return whether it changed."""
    return bool(
        _correct(
            actor,
            Action.BILL_EXPLAINED,
            bill,
            {"explainer": explainer.strip(), "explainer_en": explainer_en.strip()},
        )
    )


@entry_service
def question_record(
    *,
    actor: User | str,
    term: Term,
    asked_by: Person,
    ministry: Organization,
    kind: str,
    asked_on: date,
    title: str,
    body: str = "",
    source_url: str = "",
) -> Question:
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of question.")})
    if ministry.classification != Organization.Classification.MINISTRY:
        raise ValidationError({"ministry": _("Questions are addressed to a ministry.")})
    if not title.strip():
        raise ValidationError({"title": _("A title is required.")})
    _member_check(term, asked_on, [asked_by.pk])
    question = Question.objects.create(
        term=term,
        asked_by=asked_by,
        ministry=ministry,
        kind=kind,
        asked_on=asked_on,
        title=title.strip(),
        body=body,
        source_url=source_url,
        recorded_by=_user(actor),
    )
    Activity.objects.create(
        person=asked_by,
        term=term,
        kind=Activity.Kind.QUESTION,
        date=asked_on,
        title=question.title,
        question=question,
        source_url=source_url,
        recorded_by=_user(actor),
    )
    search_index.index_question(question)
    audit_append(actor=actor, action=Action.QUESTION_RECORDED, target=question)
    return question


@entry_service
def question_answer(
    *, actor: User | str, question: Question, answered_on: date, answer: str = ""
) -> None:
    if answered_on < question.asked_on:
        raise ValidationError({"answered_on": _("An answer cannot come before the question.")})
    question.answered_on, question.answer = answered_on, answer
    question.save(update_fields=["answered_on", "answer"])
    search_index.index_question(question)
    audit_append(actor=actor, action=Action.QUESTION_ANSWERED, target=question)


@entry_service
def activity_record(
    *,
    actor: User | str,
    person: Person,
    term: Term,
    kind: str,
    date: date,
    title: str,
    summary: str = "",
    committee: Organization | None = None,
    sitting: Sitting | None = None,
    source_url: str = "",
    document_ref: str = "",
) -> Activity:
    """Record a speech, a statement or committee work."""
    if kind not in (Activity.Kind.SPEECH, Activity.Kind.COMMITTEE):
        raise ValidationError({"kind": _("Record bills and questions with their own forms.")})
    if kind == Activity.Kind.COMMITTEE and (
        committee is None or committee.classification != Organization.Classification.COMMITTEE
    ):
        raise ValidationError({"committee": _("Committee work needs its committee.")})
    if not title.strip():
        raise ValidationError({"title": _("A title is required.")})
    _member_check(term, date, [person.pk])
    activity = Activity.objects.create(
        person=person,
        term=term,
        kind=kind,
        date=date,
        title=title.strip(),
        summary=summary,
        committee=committee,
        sitting=sitting,
        source_url=source_url,
        document_ref=document_ref,
        recorded_by=_user(actor),
    )
    search_index.index_activity(activity)
    audit_append(actor=actor, action=Action.ACTIVITY_RECORDED, target=activity, data={"kind": kind})
    return activity


@entry_service
def sitting_get_or_create(
    *, actor: User | str, term: Term, date: date, number: int | None = None
) -> Sitting:
    """Return the term's sitting of that day (and number), recording it if it is new."""
    if date < term.start_date or (term.end_date and date > term.end_date):
        raise ValidationError({"date": _("The date is outside the term.")})
    sitting, created = Sitting.objects.get_or_create(term=term, date=date, number=number)
    if created:
        audit_append(actor=actor, action=Action.SITTING_CREATED, target=sitting)
    return sitting


def _check_attendance(
    statuses: Mapping[int, str], reasons: Mapping[int, str], source: str, source_url: str
) -> None:
    """Refuse an unknown status, reason or source, and a reason that contradicts its status:
    a present member has no reason; an excused absence is not “unexcused”; an absence
    without excuse is not on a mission, on medical leave or exempted."""
    bad = {s for s in statuses.values() if s not in Attendance.Status.values}
    if bad:
        raise ValidationError(_("Unknown attendance: %(values)s.") % {"values": join_list(bad)})
    bad = {r for r in reasons.values() if r not in Attendance.Reason.values}
    if bad:
        raise ValidationError(_("Unknown reason: %(values)s.") % {"values": join_list(bad)})
    if source not in Attendance.Source.values:
        raise ValidationError({"source": _("Unknown source.")})
    if source_url and not source_url.startswith(("http://", "https://")):
        raise ValidationError({"source_url": _("Enter a web address (http:// or https://).")})
    for pid, reason in reasons.items():
        status = statuses.get(pid)
        if not reason:
            continue
        if (
            status == Attendance.Status.PRESENT
            or (status == Attendance.Status.EXCUSED and reason in UNEXCUSED_REASONS)
            or (status == Attendance.Status.ABSENT and reason in EXCUSED_REASONS)
        ):
            raise ValidationError(
                _("The reason “%(reason)s” does not fit the attendance “%(status)s”.")
                % {
                    "reason": Attendance.Reason(reason).label,
                    "status": Attendance.Status(status).label if status else "",
                },
                code="reason_mismatch",
            )


def _write_attendance(model, owner: dict, statuses, reasons, source, source_url):
    """Create or correct the rows of one sitting or meeting; return (new, changed)."""
    existing = {a.person_id: a for a in model.objects.filter(**owner)}
    new, changed = [], []
    for pid, status in statuses.items():
        values = {
            "status": status,
            "reason": reasons.get(pid, ""),
            "source": source,
            "source_url": source_url,
        }
        record = existing.get(pid)
        if record is None:
            new.append(model(person_id=pid, **owner, **values))
        elif any(getattr(record, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(record, key, value)
            changed.append(record)
    model.objects.bulk_create(new)
    model.objects.bulk_update(changed, ["status", "reason", "source", "source_url"])
    return new, changed


@entry_service
def attendance_record(
    *,
    actor: User | str,
    sitting: Sitting,
    statuses: Mapping[int, str],
    reasons: Mapping[int, str] | None = None,
    source: str = "",
    source_url: str = "",
) -> int:
    """Record (or correct) attendance at a sitting; ``statuses`` maps person id to status,
    ``reasons`` person id to the reason of an absence; ``source`` (official list, observer,
    press) and its address apply to every row written."""
    reasons = reasons or {}
    _check_attendance(statuses, reasons, source, source_url)
    _member_check(sitting.term, sitting.date, statuses.keys())
    new, changed = _write_attendance(
        Attendance, {"sitting": sitting}, statuses, reasons, source, source_url
    )
    audit_append(
        actor=actor,
        action=Action.ATTENDANCE_RECORDED,
        target=sitting,
        data={"new": len(new), "corrected": len(changed)},
    )
    return len(new) + len(changed)


@entry_service
def sitting_timing_record(
    *,
    actor: User | str,
    sitting: Sitting,
    scheduled_start: time | None,
    actual_start: time | None,
    quorum_reached: bool | None,
) -> list[str]:
    """Record when the sitting was called for, when it began and whether the quorum was
    reached; return what changed."""
    return _correct(
        actor,
        Action.SITTING_TIMING_RECORDED,
        sitting,
        {
            "scheduled_start": scheduled_start,
            "actual_start": actual_start,
            "quorum_reached": quorum_reached,
        },
    )


@entry_service
def sitting_attendance_record(
    *,
    actor: User | str,
    term: Term,
    date: date,
    number: int | None,
    statuses: Mapping[int, str],
    reasons: Mapping[int, str] | None = None,
    source: str = "",
    source_url: str = "",
    scheduled_start: time | None = None,
    actual_start: time | None = None,
    quorum_reached: bool | None = None,
) -> Sitting:
    """The attendance page's one action: the sitting (found or recorded), its timing and who
    attended, together or not at all — a refused attendance leaves no sitting behind."""
    sitting = sitting_get_or_create.within(actor=actor, term=term, date=date, number=number)
    if scheduled_start or actual_start or quorum_reached is not None:
        sitting_timing_record.within(
            actor=actor,
            sitting=sitting,
            scheduled_start=scheduled_start,
            actual_start=actual_start,
            quorum_reached=quorum_reached,
        )
    attendance_record.within(
        actor=actor,
        sitting=sitting,
        statuses=statuses,
        reasons=reasons,
        source=source,
        source_url=source_url,
    )
    return sitting


def committee_members_on(committee: Organization, day: date) -> set[int]:
    """The ids of the people sitting on the committee on that day."""
    return {
        m.person_id
        for m in Membership.objects.filter(organization=committee).select_related("term")
        if m.covers(day)
    }


@entry_service
def committee_meeting_record(
    *,
    actor: User | str,
    committee: Organization,
    term: Term,
    date: date,
    title: str = "",
    statuses: Mapping[int, str],
    reasons: Mapping[int, str] | None = None,
    source: str = "",
    source_url: str = "",
) -> CommitteeMeeting:
    """Record a committee meeting and who of its members attended it."""
    if committee.classification != Organization.Classification.COMMITTEE:
        raise ValidationError({"committee": _("Choose a committee.")})
    if date < term.start_date or (term.end_date and date > term.end_date):
        raise ValidationError({"date": _("The date is outside the term.")})
    reasons = reasons or {}
    _check_attendance(statuses, reasons, source, source_url)
    members = committee_members_on(committee, date)
    outsiders = [pid for pid in statuses if pid not in members]
    if outsiders:
        names = Person.objects.filter(pk__in=outsiders).values_list("name", flat=True)
        raise ValidationError(
            _("Not a member of the committee on %(date)s: %(names)s.")
            % {"date": date.isoformat(), "names": join_list(names)},
            code="not_a_member",
        )
    meeting = CommitteeMeeting.objects.create(
        committee=committee, term=term, date=date, title=title.strip()
    )
    new, _changed = _write_attendance(
        CommitteeAttendance, {"meeting": meeting}, statuses, reasons, source, source_url
    )
    audit_append(
        actor=actor,
        action=Action.COMMITTEE_MEETING_RECORDED,
        target=meeting,
        data={"attendance": len(new)},
    )
    return meeting
