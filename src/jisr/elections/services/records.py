"""Writes to an election's records: the election, its constituencies and roster, and
its results. Each is validated, saved in one transaction and audited; once the result is
certified, nothing here may change it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.lists import join_list
from jisr.core.services import audit_append
from jisr.core.text.arabic import name_key
from jisr.core.transactions import entry_service
from jisr.parliament.models import Area, Organization

from .. import search_index
from ..allocation import (
    RULE_SETS,
)
from ..models import (
    Candidate,
    CandidateResult,
    Community,
    Constituency,
    Election,
    ElectoralList,
    ListParty,
    ListResult,
    OfficialSeats,
    PollingStation,
)

CLS = Organization.Classification


def _user(actor: User | str) -> User | None:
    return actor if isinstance(actor, User) else None


def _check_open(election: Election) -> None:
    # Read from the database: another request may have certified it meanwhile.
    if Election.objects.filter(pk=election.pk, certified_at__isnull=False).exists():
        raise ValidationError(
            _("This election's result is certified: its records can no longer change.")
        )


# --- Elections ----------------------------------------------------------------------------------

ELECTION_FIELDS = {"name", "name_en", "date", "kind", "rule_set", "source_url", "is_fictional"}


def _check_election_fields(fields: Mapping) -> None:
    if "name" in fields and not fields["name"].strip():
        raise ValidationError({"name": _("A name is required.")})
    if "rule_set" in fields and fields["rule_set"] not in RULE_SETS:
        raise ValidationError({"rule_set": _("Unknown rule set.")})
    if "kind" in fields and fields["kind"] not in Election.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of election.")})


@entry_service
def election_create(
    *, actor: User | str, name: str, date: date, kind: str, rule_set: str, **fields
) -> Election:
    unknown = set(fields) - ELECTION_FIELDS
    if unknown:
        raise ValueError(f"Not election fields: {sorted(unknown)}")
    _check_election_fields({"name": name, "kind": kind, "rule_set": rule_set})
    election = Election.objects.create(
        name=" ".join(name.split()), date=date, kind=kind, rule_set=rule_set, **fields
    )
    audit_append(actor=actor, action=Action.ELECTION_CREATED, target=election)
    search_index.index_election(election)
    return election


@entry_service
def election_update(*, actor: User | str, election: Election, **fields) -> bool:
    unknown = set(fields) - ELECTION_FIELDS
    if unknown:
        raise ValueError(f"Not election fields: {sorted(unknown)}")
    _check_open(election)
    _check_election_fields(fields)
    changed = {k: v for k, v in fields.items() if getattr(election, k) != v}
    if not changed:
        return False
    for key, value in changed.items():
        setattr(election, key, value)
    election.save()
    if changed.keys() & {"name", "date"}:  # shown on its lists' and candidates' documents
        search_index.index_election_records(election)
    elif "name_en" in changed:
        search_index.index_election(election)
    audit_append(
        actor=actor,
        action=Action.ELECTION_CORRECTED,
        target=election,
        data={"fields": sorted(changed)},
    )
    return True


# --- Constituencies and the roster ---------------------------------------------------------------


@dataclass
class ConstituencyInput:
    name: str
    seats: int
    code: str = ""
    name_en: str = ""
    area: Area | None = None
    women_seats: int | None = None
    quota_seats: dict[str, int] = field(default_factory=dict)


def _check_quota(quota: Mapping[str, int]) -> dict[str, int]:
    unknown = set(quota) - set(Community.values)
    if unknown:
        raise ValidationError(
            _("Unknown quota community: %(names)s.") % {"names": join_list(sorted(unknown))}
        )
    return {community: seats for community, seats in quota.items() if seats}


@entry_service
def constituencies_save(
    *, actor: User | str, election: Election, rows: Iterable[ConstituencyInput]
) -> dict:
    """Create the constituencies that are new and correct the others (matched by code,
    else by name). Return the counts of created and corrected ones."""
    _check_open(election)
    existing = list(election.constituencies.all())
    by_code = {c.code: c for c in existing}
    by_key = {c.name_key: c for c in existing}
    created = corrected = 0
    renamed_or_placed = []  # their candidates' documents show the name and governorate
    for row in rows:
        name = " ".join(row.name.split())
        key = name_key(name)
        if not name or not key:
            raise ValidationError(_("A constituency needs a name."))
        if row.seats < 1:
            raise ValidationError(_("A constituency needs at least one general seat."))
        if row.women_seats is not None and row.women_seats > row.seats:
            raise ValidationError(
                _("%(name)s: more women's seats than general seats.") % {"name": name}
            )
        quota = _check_quota(row.quota_seats)
        code = row.code.strip() or key
        constituency = by_code.get(code) or by_key.get(key)
        other = by_key.get(key)
        if constituency is not None and other is not None and other != constituency:
            # Renaming one to the other's name would break their unique names.
            raise ValidationError(
                _("The code “%(code)s” is the constituency %(matched)s, but %(name)s is another.")
                % {"code": code, "matched": constituency.name, "name": other.name}
            )
        values = {
            "name": name,
            "name_key": key,
            "seats": row.seats,
            "women_seats": row.women_seats,
            "quota_seats": quota,
            "name_en": row.name_en,
        }
        if row.area is not None:
            values["area"] = row.area
        if constituency is None:
            constituency = Constituency.objects.create(election=election, code=code, **values)
            by_code[code], by_key[key] = constituency, constituency
            created += 1
            continue
        changed = [k for k, v in values.items() if getattr(constituency, k) != v]
        if changed:
            for k in changed:
                setattr(constituency, k, values[k])
            constituency.save()
            corrected += 1
            if {"name", "area"} & set(changed):
                renamed_or_placed.append(constituency.pk)
    search_index.index_constituency_candidates(renamed_or_placed)
    audit_append(
        actor=actor,
        action=Action.ELECTION_CONSTITUENCIES_SAVED,
        target=election,
        data={"created": created, "corrected": corrected},
    )
    return {"constituencies_created": created, "constituencies_corrected": corrected}


@dataclass
class CandidateInput:
    constituency: Constituency
    list_name: str
    number: int
    name: str
    gender: str
    name_latin: str = ""
    community: str = ""
    party_name: str = ""
    list_number: int | None = None
    list_name_en: str = ""
    party_name_en: str = ""


@entry_service
def roster_save(
    *, actor: User | str, election: Election, entries: Iterable[CandidateInput]
) -> dict:
    """Register lists, their parties and their candidates; a candidate already registered
    (same constituency, list and ballot number) is corrected."""
    _check_open(election)
    counts: defaultdict[str, int] = defaultdict(int)
    lists = {item.name_key: item for item in election.lists.all()}
    parties = {
        (p.electoral_list_id, p.name_key): p
        for p in ListParty.objects.filter(electoral_list__election=election)
    }
    existing = {
        (c.constituency_id, c.electoral_list_id, c.number): c
        for c in Candidate.objects.filter(election=election)
    }
    numbers = {item.number: item for item in lists.values() if item.number is not None}
    new: list[Candidate] = []
    indexed_lists, corrected = set(), []  # to index again
    for entry in entries:
        taken = numbers.get(entry.list_number) if entry.list_number is not None else None
        if taken is not None and taken.name_key != name_key(entry.list_name):
            raise ValidationError(
                _("The number %(number)d belongs to the list “%(list)s”.")
                % {"number": entry.list_number, "list": taken.name}
            )
        if entry.gender not in Candidate.Gender.values:
            raise ValidationError(_("Unknown gender."))
        if entry.community and entry.community not in entry.constituency.quota_seats:
            raise ValidationError(
                _("%(name)s has no %(community)s quota seat.")
                % {"name": entry.constituency.name, "community": Community(entry.community).label}
            )
        list_key = name_key(entry.list_name)
        electoral_list = lists.get(list_key)
        if electoral_list is None:
            electoral_list = ElectoralList.objects.create(
                election=election,
                name=" ".join(entry.list_name.split()),
                name_key=list_key,
                number=entry.list_number,
                name_en=entry.list_name_en,
            )
            lists[list_key] = electoral_list
            if entry.list_number is not None:
                numbers[entry.list_number] = electoral_list
            counts["lists_created"] += 1
            indexed_lists.add(electoral_list.pk)
        else:
            changed = False
            if entry.list_number is not None and electoral_list.number != entry.list_number:
                if electoral_list.number is not None:
                    numbers.pop(electoral_list.number, None)
                electoral_list.number, changed = entry.list_number, True
                numbers[entry.list_number] = electoral_list
            if entry.list_name_en and electoral_list.name_en != entry.list_name_en:
                electoral_list.name_en, changed = entry.list_name_en, True
            if changed:
                electoral_list.save()
                indexed_lists.add(electoral_list.pk)
        party = None
        if entry.party_name.strip():
            party_key = (electoral_list.pk, name_key(entry.party_name))
            party = parties.get(party_key)
            if party is None:
                party = ListParty.objects.create(
                    electoral_list=electoral_list,
                    name=" ".join(entry.party_name.split()),
                    name_key=party_key[1],
                    name_en=entry.party_name_en,
                )
                parties[party_key] = party
                counts["parties_created"] += 1
                indexed_lists.add(electoral_list.pk)
                if electoral_list.kind != ElectoralList.Kind.ALLIANCE:
                    electoral_list.kind = ElectoralList.Kind.ALLIANCE
                    electoral_list.save(update_fields=["kind"])
        values: dict[str, Any] = {
            "name": " ".join(entry.name.split()),
            "name_latin": entry.name_latin.strip(),
            "gender": entry.gender,
            "community": entry.community,
            "party": party,
        }
        values["name_key"] = name_key(values["name"])
        if not values["name_key"]:
            raise ValidationError(_("A candidate needs a name."))
        key = (entry.constituency.pk, electoral_list.pk, entry.number)
        candidate = existing.get(key)
        if candidate is None:
            existing[key] = Candidate(
                election=election,
                constituency=entry.constituency,
                electoral_list=electoral_list,
                number=entry.number,
                **values,
            )
            new.append(existing[key])
            counts["candidates_created"] += 1
        else:
            fields = [k for k, v in values.items() if getattr(candidate, k) != v]
            for k in fields:
                setattr(candidate, k, values[k])
            if fields and candidate.pk is not None:  # else it is new, written below
                candidate.save()
                counts["candidates_corrected"] += 1
                corrected.append(candidate.pk)
    Candidate.objects.bulk_create(new, batch_size=1000)
    search_index.index_lists(indexed_lists)
    search_index.index_candidates([c.pk for c in new] + corrected)
    audit_append(
        actor=actor, action=Action.ELECTION_ROSTER_SAVED, target=election, data=dict(counts)
    )
    return dict(counts)


# --- Results ------------------------------------------------------------------------------------


def _covered(election: Election, constituency_ids: Iterable[int]) -> list[int]:
    ids = sorted(set(constituency_ids))
    if Constituency.objects.filter(pk__in=ids).exclude(election=election).exists():
        raise ValueError("Results for another election's constituency.")
    return ids


@entry_service
def list_results_replace(
    *, actor: User | str, election: Election, votes: Mapping[int, Mapping[int, int]]
) -> dict:
    """Replace the list votes of the constituencies in ``votes`` ({constituency id:
    {list id: votes}}); lists running there without a figure get none."""
    _check_open(election)
    ids = _covered(election, votes)
    ListResult.objects.filter(constituency_id__in=ids).delete()
    rows = [
        ListResult(constituency_id=cid, electoral_list_id=lid, votes=n)
        for cid, per_list in votes.items()
        for lid, n in per_list.items()
    ]
    ListResult.objects.bulk_create(rows, batch_size=1000)
    audit_append(
        actor=actor,
        action=Action.ELECTION_LIST_RESULTS_REPLACED,
        target=election,
        data={"constituencies": len(ids), "lists": len(rows)},
    )
    return {"constituencies": len(ids), "list_results": len(rows)}


@entry_service
def candidate_results_replace(
    *, actor: User | str, election: Election, votes: Mapping[int, Mapping[int, int]]
) -> dict:
    """Replace the candidates' votes of the constituencies in ``votes`` ({constituency id:
    {candidate id: votes}})."""
    _check_open(election)
    ids = _covered(election, votes)
    CandidateResult.objects.filter(candidate__constituency_id__in=ids).delete()
    rows = [
        CandidateResult(candidate_id=pk, votes=n)
        for per_candidate in votes.values()
        for pk, n in per_candidate.items()
    ]
    CandidateResult.objects.bulk_create(rows, batch_size=1000)
    audit_append(
        actor=actor,
        action=Action.ELECTION_CANDIDATE_RESULTS_REPLACED,
        target=election,
        data={"constituencies": len(ids), "candidates": len(rows)},
    )
    return {"constituencies": len(ids), "candidate_results": len(rows)}


@dataclass(frozen=True)
class StationInput:
    constituency_id: int
    code: str
    votes: int


@entry_service
def station_results_replace(
    *,
    actor: User | str,
    election: Election,
    list_votes: Mapping[int, Mapping[int, int]],
    candidate_votes: Mapping[int, Mapping[int, int]],
    stations: Iterable[StationInput],
) -> dict:
    """Replace the results of the constituencies a station file covers: list and candidate
    votes (its sums) and the stations' totals."""
    _check_open(election)
    ids = _covered(election, list_votes)
    counts = list_results_replace.within(actor=actor, election=election, votes=list_votes)
    counts |= candidate_results_replace.within(
        actor=actor, election=election, votes=candidate_votes
    )
    PollingStation.objects.filter(election=election, constituency_id__in=ids).delete()
    stations = list(stations)
    codes = [station.code for station in stations]
    for start in range(0, len(codes), 900):
        clash = (
            PollingStation.objects.filter(election=election, code__in=codes[start : start + 900])
            .select_related("constituency")
            .first()
        )
        if clash is not None:
            raise ValidationError(
                _("Station %(station)s is already recorded in %(name)s.")
                % {"station": clash.code, "name": clash.constituency.name}
            )
    batch, written = [], 0
    for station in stations:
        batch.append(
            PollingStation(
                election=election,
                constituency_id=station.constituency_id,
                code=station.code,
                votes=station.votes,
            )
        )
        if len(batch) == 5000:
            PollingStation.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    PollingStation.objects.bulk_create(batch)
    written += len(batch)
    audit_append(
        actor=actor,
        action=Action.ELECTION_STATION_RESULTS_REPLACED,
        target=election,
        data={"constituencies": len(ids), "stations": written},
    )
    return counts | {"stations": written}


@entry_service
def official_seats_set(
    *, actor: User | str, constituency: Constituency, seats: Mapping[int, int | None]
) -> int:
    """Record the seats the commission announced per list ({list id: seats}; None clears)."""
    _check_open(constituency.election)
    if any(n is not None and n < 0 for n in seats.values()):
        raise ValidationError(_("Seats cannot be negative."))
    announced = sum(n for n in seats.values() if n)
    if announced > constituency.total_seats:
        raise ValidationError(
            _("%(announced)d seats announced, but %(name)s has only %(seats)d.")
            % {"announced": announced, "name": constituency.name, "seats": constituency.total_seats}
        )
    OfficialSeats.objects.filter(constituency=constituency).delete()
    rows = [
        OfficialSeats(constituency=constituency, electoral_list_id=lid, seats=n)
        for lid, n in seats.items()
        if n is not None
    ]
    OfficialSeats.objects.bulk_create(rows)
    audit_append(
        actor=actor,
        action=Action.ELECTION_OFFICIAL_SEATS_SET,
        target=constituency,
        data={"lists": len(rows), "seats": announced},
    )
    return len(rows)
