"""What certifying an election would do — the new term, who sits for which party or list,
which winners are someone already on record — read without writing anything: the staff
preview shows it, and ``services.election_certify`` carries it out only if nothing changed
since (the plan's digest)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jisr.core.lists import join_list
from jisr.core.text.arabic import name_key
from jisr.parliament.models import Area, Organization, Person, Term

from . import selectors
from .models import (
    AllocationRun,
    Candidate,
    Constituency,
    Election,
    ElectoralList,
    Seat,
)

CLS = Organization.Classification


@dataclass
class WinnerPlan:
    seat: Seat
    candidate: Candidate
    person: Person | None  # reused: the candidate is already linked to this person
    matches: list[Person]  # people with the same folded name: the organizer decides
    decision: str = ""  # "new", or a person id among the matches


@dataclass
class OrganizationPlan:
    label: str
    existing: Organization | None
    classification: str
    parent: OrganizationPlan | None = None  # the alliance's plan, for a party
    reparent: bool = False  # an existing party without an alliance is placed in it
    note: str = ""


@dataclass
class CertifyPlan:
    election: Election
    run: AllocationRun
    legislature: Organization | None
    legislature_name: str
    term_identifier: str
    term_name: str
    term_name_en: str
    start_date: date
    winners: list[WinnerPlan]
    lists: dict[int, OrganizationPlan | None]
    parties: dict[int, OrganizationPlan]
    areas: dict[int, Area | None]
    warnings: list[str]
    digest: str

    @property
    def undecided(self) -> list[WinnerPlan]:
        return [w for w in self.winners if w.person is None and w.matches and not w.decision]

    @property
    def new_people(self) -> int:
        return sum(1 for w in self.winners if w.person is None and w.decision in ("", "new"))

    def on_behalf_of(self, winner: WinnerPlan):
        """The plan of the organization the winner sits for: their party within the
        alliance, or else the list (None for an individual candidate)."""
        party_id = winner.candidate.party_id
        party = self.parties.get(party_id) if party_id is not None else None
        if party is not None and not party.note:
            return party
        return self.lists.get(winner.candidate.electoral_list_id)


def _organization_plan(item, classification: str, parent=None) -> OrganizationPlan:
    existing = item.organization
    note = ""
    reparent = False
    if existing is None:
        matches = list(
            Organization.objects.filter(
                classification=classification, name_key=item.name_key
            ).order_by("pk")[:2]
        )
        existing = matches[0] if matches else None
    if classification == CLS.PARTY and parent is not None and existing is not None:
        parent_org = parent.existing
        if existing.parent_id is None:
            reparent = True
        elif parent_org is None or existing.parent_id != parent_org.pk:
            note = _(
                "%(party)s is recorded in parliament inside another alliance; its winners will "
                "sit for the list."
            ) % {"party": item.name}
    return OrganizationPlan(item.name, existing, classification, parent, reparent, note)


def certify_plan(
    *,
    election: Election,
    term_identifier: str,
    term_name: str,
    start_date: date,
    term_name_en: str = "",
    legislature: Organization | None = None,
    legislature_name: str = "",
    decisions: Mapping[int, str] | None = None,
) -> CertifyPlan:
    """Say what certifying would do, writing nothing: the people reused, created or to be
    decided on, the organizations linked or created, and the term."""
    election.refresh_from_db(fields=["certified_at", "current_run"])
    if election.is_certified:
        raise ValidationError(_("This election's result is already certified."))
    run = election.current_run
    if run is None:
        raise ValidationError(_("Allocate the seats before certifying the result."))
    term_identifier = term_identifier.strip()
    if not term_identifier or not term_name.strip():
        raise ValidationError(_("The new term needs an identifier and a name."))
    if Term.objects.filter(identifier=term_identifier).exists():
        raise ValidationError(
            _("A term with the identifier “%(identifier)s” exists already.")
            % {"identifier": term_identifier}
        )
    if legislature is not None and legislature.classification != CLS.LEGISLATURE:
        raise ValidationError(_("Choose a legislature."))
    if legislature is None and not legislature_name.strip():
        raise ValidationError(_("Choose the legislature, or name a new one."))
    inputs = selectors.allocation_inputs(election, list(election.constituencies.all()))
    digest = selectors.inputs_digest(inputs)
    warnings = []
    if digest != run.inputs_digest:
        raise ValidationError(
            _("The results changed after the seats were allocated: allocate again first.")
        )
    comparison = selectors.official_comparison(election)
    if comparison["differences"]:
        warnings.append(
            _(
                "The official seats differ from the computed ones in %(count)d places: see the "
                "check page before certifying."
            )
            % {"count": comparison["differences"]}
        )
    if not comparison["entered"]:
        warnings.append(_("No official seats were entered to compare with."))
    else:
        missing = [b["constituency"].name for b in comparison["constituencies"] if not b["entered"]]
        if missing:
            warnings.append(
                _("No official seats were entered for: %(names)s.") % {"names": join_list(missing)}
            )
    seats = list(
        run.seats.select_related(
            "candidate__person", "candidate__electoral_list", "candidate__party", "constituency"
        ).order_by("constituency__name", "position")
    )
    decisions = decisions or {}
    winners = []
    keys = {seat.candidate.name_key for seat in seats if seat.candidate.person_id is None}
    people = defaultdict(list)
    for known in Person.objects.filter(name_key__in=keys).order_by("pk"):
        people[known.name_key].append(known)
    for seat in seats:
        candidate = seat.candidate
        person = candidate.person
        matches = [] if person else people.get(candidate.name_key, [])
        decision = decisions.get(candidate.pk, "")
        if decision and decision != "new" and decision not in {str(p.pk) for p in matches}:
            decision = ""
        winners.append(WinnerPlan(seat, candidate, person, matches, decision))
    list_plans: dict[int, OrganizationPlan | None] = {}
    party_plans: dict[int, OrganizationPlan] = {}
    for seat in seats:
        electoral_list = seat.candidate.electoral_list
        if electoral_list.pk not in list_plans:
            if electoral_list.kind == ElectoralList.Kind.INDIVIDUAL:
                list_plans[electoral_list.pk] = None
            else:
                classification = (
                    CLS.ALLIANCE
                    if electoral_list.kind == ElectoralList.Kind.ALLIANCE
                    else CLS.PARTY
                )
                list_plans[electoral_list.pk] = _organization_plan(electoral_list, classification)
        party = seat.candidate.party
        if party is not None and party.pk not in party_plans:
            parent = list_plans[electoral_list.pk]
            party_plans[party.pk] = _organization_plan(party, CLS.PARTY, parent)
            if party_plans[party.pk].note:
                warnings.append(party_plans[party.pk].note)
    areas = {}
    for constituency in {seat.constituency for seat in seats}:
        areas[constituency.pk] = constituency.area or _area_match(constituency)
    return CertifyPlan(
        election=election,
        run=run,
        legislature=legislature,
        legislature_name=" ".join(legislature_name.split()),
        term_identifier=term_identifier,
        term_name=" ".join(term_name.split()),
        term_name_en=term_name_en.strip(),
        start_date=start_date,
        winners=winners,
        lists=list_plans,
        parties=party_plans,
        areas=areas,
        warnings=warnings,
        digest=f"{run.pk}:{digest}",
    )


def _area_match(constituency: Constituency) -> Area | None:
    keys = {name_key(constituency.name), name_key(constituency.name_en or "")} - {""}
    for area in Area.objects.all():
        if name_key(area.name) in keys or (area.name_en and name_key(area.name_en) in keys):
            return area
    return None
