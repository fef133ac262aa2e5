"""Writes that turn results into seats: an allocation run (with its lots), and the
certification that makes the winners members of a new term."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.lists import join_list
from jisr.core.services import audit_append, audit_batched
from jisr.core.text.arabic import name_key
from jisr.core.transactions import entry_service
from jisr.parliament import services as parliament
from jisr.parliament.models import Area, Organization, Term

from .. import search_index, selectors
from ..allocation import (
    RULE_SETS,
    AllocationError,
    CommunityVote,
    Lot,
    allocate_constituency,
)
from ..certification import OrganizationPlan, certify_plan
from ..models import (
    AllocationRun,
    Community,
    Constituency,
    ConstituencyAllocation,
    Election,
    Seat,
)
from ..naming import Names
from .records import CLS, _check_open, _user

# --- Allocation ---------------------------------------------------------------------------------


def lot_tokens(constituency: Constituency, lines: Iterable[str]) -> list[str]:
    """Return the tokens of the lists or candidates an organizer's lot names, one per line:
    a list's ballot number or name, or a candidate's name. Raise naming the line."""
    inputs = selectors.allocation_inputs(constituency.election, [constituency])[0]
    by_name: dict[str, list[str]] = defaultdict(list)
    for item in inputs.lists_by_token.values():
        by_name[name_key(item.name)].append(inputs.token_of_list[item.pk])
        if item.name_en:
            by_name[name_key(item.name_en)].append(inputs.token_of_list[item.pk])
        if item.number is not None:
            by_name[str(item.number)].append(inputs.token_of_list[item.pk])
    for candidate in inputs.candidates_by_token.values():
        by_name[name_key(candidate.name)].append(inputs.token_of_candidate[candidate.pk])
        if candidate.name_latin:
            by_name[name_key(candidate.name_latin)].append(inputs.token_of_candidate[candidate.pk])
    tokens = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        found = set(by_name.get(name_key(text), ()))
        if len(found) != 1:
            message = (
                _("Line %(line)d of the lot for %(name)s: “%(value)s” names no list or candidate.")
                if not found
                else _(
                    "Line %(line)d of the lot for %(name)s: “%(value)s” names several lists or "
                    "candidates; use the list's number."
                )
            )
            raise ValidationError(
                message % {"line": number, "name": constituency.name, "value": text.strip()}
            )
        tokens.append(found.pop())
    return tokens


def _engine_problem(constituency, names: Names, error: AllocationError) -> ValidationError:
    return ValidationError(
        _("%(name)s: the seats cannot be allocated: %(reason)s")
        % {"name": constituency.name, "reason": names.render(str(error))}
    )


@entry_service
def allocation_run(
    *,
    actor: User | str,
    election: Election,
    seed: int | None = None,
    lots: Mapping[int, list[str]] | None = None,
) -> AllocationRun:
    """Allocate every seat of the election from its results, as its rule set says, and
    store the engine's whole output. Ties no recorded lot settles go to a draw seeded
    with ``seed`` (or a fresh seed); the seed is stored with the run."""
    _check_open(election)
    rules = RULE_SETS[election.rule_set]
    constituencies = list(election.constituencies.all())
    if not constituencies:
        raise ValidationError(_("The election has no constituencies yet."))
    if rules.christian_seats is CommunityVote.NATIONAL and any(
        Community.CHRISTIAN in c.quota_seats for c in constituencies
    ):
        raise ValidationError(
            _(
                "Under this rule set the Christian seats are one national vote, which these "
                "pages do not allocate: remove the Christian quota seats from the "
                "constituencies, or use the command jisr elections allocate."
            )
        )
    problems = selectors.roster_problems(constituencies)
    if problems:
        raise ValidationError([message for _c, message in problems])
    inputs = selectors.allocation_inputs(election, constituencies)
    run_seed = seed if seed is not None else secrets.randbelow(2**53)
    run = AllocationRun.objects.create(
        election=election,
        rule_set=rules.code,
        seed=run_seed,
        inputs_digest=selectors.inputs_digest(inputs),
        created_by=_user(actor),
    )
    lots = lots or {}
    seats = []
    for item in inputs:
        names = Names.of(item.lists_by_token.values(), item.candidates_by_token.values(), "ar")
        missing = item.missing_results()
        if missing:
            raise ValidationError(missing)
        order = tuple(lots.get(item.constituency.pk, ()))
        try:
            result = allocate_constituency(
                item.engine_input(), rules, lot=Lot(order=order, seed=run_seed)
            )
        except AllocationError as error:
            raise _engine_problem(item.constituency, names, error) from None
        stored = ConstituencyAllocation.objects.create(
            run=run,
            constituency=item.constituency,
            lot_order=list(order),
            seed_used=result.seed,
            output=result.as_dict(),
        )
        for position, seat in enumerate(result.seats, start=1):
            candidate = item.candidates_by_token[seat.candidate]
            seats.append(
                Seat(
                    run=run,
                    allocation=stored,
                    constituency=item.constituency,
                    candidate=candidate,
                    electoral_list_id=candidate.electoral_list_id,
                    party_id=candidate.party_id,
                    basis=seat.basis.value,
                    community=seat.community or "",
                    position=position,
                )
            )
    Seat.objects.bulk_create(seats, batch_size=1000)
    election.current_run = run
    election.save(update_fields=["current_run"])
    audit_append(
        actor=actor,
        action=Action.ELECTION_ALLOCATED,
        target=election,
        data={"run": run.pk, "seats": len(seats), "seed_given": seed is not None},
    )
    return run


# --- Certification ------------------------------------------------------------------------------


def _organization(actor: User | str, plan: OrganizationPlan | None, election, cache: dict):
    if plan is None:
        return None
    if id(plan) in cache:
        return cache[id(plan)]
    parent = _organization(actor, plan.parent, election, cache) if plan.parent else None
    organization = plan.existing
    if organization is None:
        organization = parliament.organization_create.within(
            actor=actor,
            name=plan.label,
            classification=plan.classification,
            parent=parent if plan.classification == CLS.PARTY else None,
            is_fictional=election.is_fictional,
        )
    elif plan.reparent and parent is not None:
        parliament.organization_update.within(actor=actor, organization=organization, parent=parent)
    cache[id(plan)] = organization
    return organization


@audit_batched
def election_certify(
    *,
    actor: User | str,
    election: Election,
    expected_digest: str,
    term_identifier: str,
    term_name: str,
    start_date: date,
    term_name_en: str = "",
    legislature: Organization | None = None,
    legislature_name: str = "",
    decisions: Mapping[int, str] | None = None,
) -> Term:
    """Confirm the final result: create the new term, and make every winner a member of
    it, elected for their party within the list (or the list), in their governorate.

    A winner already linked to a person is that person; a winner whose folded name matches
    someone else's needs the organizer's decision (the same person, or a new one).
    ``expected_digest`` is the preview's: anything changed since, nothing is written.
    """
    election = Election.objects.select_for_update().get(pk=election.pk)
    plan = certify_plan(
        election=election,
        term_identifier=term_identifier,
        term_name=term_name,
        start_date=start_date,
        term_name_en=term_name_en,
        legislature=legislature,
        legislature_name=legislature_name,
        decisions=decisions,
    )
    if plan.digest != expected_digest:
        raise ValidationError(_("The result changed since the preview. Preview it again."))
    if plan.undecided:
        raise ValidationError(
            _("Decide for each winner whose name matches a person on record: %(names)s.")
            % {"names": join_list(w.candidate.name for w in plan.undecided)}
        )
    if legislature is None:
        legislature = parliament.organization_create.within(
            actor=actor,
            name=plan.legislature_name,
            classification=CLS.LEGISLATURE,
            is_fictional=election.is_fictional,
        )
    term, _created = parliament.term_save.within(
        actor=actor,
        term=None,
        identifier=plan.term_identifier,
        legislature=legislature,
        name=plan.term_name,
        name_en=plan.term_name_en,
        start_date=plan.start_date,
    )
    organizations: dict = {}
    areas = {}
    for constituency_id, area in plan.areas.items():
        areas[constituency_id] = area or _area_create(actor, constituency_id)
    created: set[str] = set()
    for winner in plan.winners:
        candidate = winner.candidate
        person = winner.person
        if person is None and winner.decision not in ("", "new"):
            person = next(p for p in winner.matches if str(p.pk) == winner.decision)
        if person is None:
            # Two winners of one election are two people, even with the same name.
            person = parliament.person_create.within(
                actor=actor,
                name=candidate.name,
                name_latin=candidate.name_latin,
                gender=candidate.gender,
                is_fictional=election.is_fictional,
                allow_same_name=winner.decision == "new" or candidate.name_key in created,
            )
            created.add(candidate.name_key)
        if candidate.person_id != person.pk:
            candidate.person = person
            candidate.save(update_fields=["person"])
        on_behalf_of = _organization(actor, plan.on_behalf_of(winner), election, organizations)
        electoral_list = candidate.electoral_list
        list_org = _organization(actor, plan.lists.get(electoral_list.pk), election, organizations)
        if list_org is not None and electoral_list.organization_id != list_org.pk:
            electoral_list.organization = list_org
            electoral_list.save(update_fields=["organization"])
        party = candidate.party
        if party is not None and party.pk in plan.parties:
            party_org = _organization(actor, plan.parties[party.pk], election, organizations)
            if party.organization_id != party_org.pk:
                party.organization = party_org
                party.save(update_fields=["organization"])
        parliament.membership_create.within(
            actor=actor,
            person=person,
            organization=legislature,
            term=term,
            on_behalf_of=on_behalf_of,
            area=areas[winner.seat.constituency_id],
            start_date=plan.start_date,
        )
    for constituency_id, area in areas.items():
        if Constituency.objects.filter(pk=constituency_id, area__isnull=True).update(area=area):
            search_index.constituency_placed(constituency_id, area)
    election.certified_at = timezone.now()
    election.certified_run = plan.run
    election.term = term
    election.save(update_fields=["certified_at", "certified_run", "term"])
    audit_append(
        actor=actor,
        action=Action.ELECTION_CERTIFIED,
        target=election,
        data={"run": plan.run.pk, "term": term.pk, "members": len(plan.winners)},
    )
    return term


def _area_create(actor: User | str, constituency_id: int) -> Area:
    constituency = Constituency.objects.get(pk=constituency_id)
    identifier = constituency.code
    if Area.objects.filter(identifier=identifier).exists():
        identifier = f"{constituency.code}/{constituency.election_id}"
    area, _created = parliament.area_save.within(
        actor=actor,
        area=None,
        identifier=identifier,
        name=constituency.name,
        name_en=constituency.name_en,
    )
    return area
