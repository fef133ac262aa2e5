"""Matching a checked Popolo file to what is recorded: by identifiers, never by names; a
new person whose name folds to a recorded one's is a possible duplicate."""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from jisr.core.lists import join_list
from jisr.core.text.arabic import name_key

from ..models import (
    Area,
    Organization,
    OrganizationIdentifier,
    Person,
    PersonIdentifier,
    Term,
)
from .checker import _Checker
from .common import CLS, SCHEME, ImportSummary, PossibleDuplicatePair


class Matcher:
    """The importer's matching steps (it provides ``error``, ``summary`` and
    ``merge_same_names``)."""

    checker: _Checker
    summary: ImportSummary
    merge_same_names: bool
    error: Callable[..., None]  # error(message, **params)

    def _resolve(self, areas, organizations, terms, persons, memberships) -> dict:
        area_refs = {a.id for a in areas} | {m.refs.get("area") for m in memberships}
        area_db = {a.identifier: a for a in Area.objects.filter(identifier__in=area_refs)}
        term_refs = {t.id for t in terms} | {m.refs.get("term") for m in memberships}
        term_db = {t.identifier: t for t in Term.objects.filter(identifier__in=term_refs)}
        self._match_by_identifiers(
            organizations,
            OrganizationIdentifier,
            "organization_id",
            Organization,
            prefetch=("identifiers",),
        )
        self._match_by_identifiers(
            persons,
            PersonIdentifier,
            "person_id",
            Person,
            prefetch=("identifiers", "other_names", "contacts"),
        )
        self._possible_duplicates(persons)

        # What the file points to but does not hold: found by Popolo id among the records.
        file_orgs = {o.id: o for o in organizations}
        wanted = {o.parent_ref for o in organizations} | {t.legislature_ref for t in terms}
        for m in memberships:
            wanted |= {m.organization_ref, m.refs.get("on_behalf_of")}
        outside_orgs = _by_popolo_id(
            OrganizationIdentifier, Organization, "organization_id", wanted - set(file_orgs)
        )
        file_persons = {p.id for p in persons}
        outside_persons = _by_popolo_id(
            PersonIdentifier,
            Person,
            "person_id",
            {m.person_ref for m in memberships} - file_persons,
        )
        known = {
            "organizations": set(file_orgs) | set(outside_orgs),
            "persons": file_persons | set(outside_persons),
            "events": {t.id for t in terms} | set(term_db),
            "areas": {a.id for a in areas} | set(area_db),
        }
        unknown = {
            "organizations": _(
                "%(item)s: %(field)s “%(value)s” is not an organization in the file or "
                "already recorded."
            ),
            "persons": _(
                "%(item)s: %(field)s “%(value)s” is not a person in the file or already recorded."
            ),
            "events": _(
                "%(item)s: %(field)s “%(value)s” is not a legislative period in the file or "
                "already recorded."
            ),
            "areas": _(
                "%(item)s: %(field)s “%(value)s” is not an area in the file or already recorded."
            ),
        }

        def check(kind, item, key, ref):
            """Report a reference to nothing, unless the item it names was reported."""
            if ref is None or ref in known[kind]:
                return
            if kind == "events" and ref in self.checker.other_events:
                self.error(
                    _("%(item)s: %(field)s “%(value)s” is an event but not a legislative period."),
                    item=item,
                    field=key,
                    value=ref,
                )
            elif ref not in self.checker.mentioned[kind] and kind not in self.checker.broken:
                self.error(unknown[kind], item=item, field=key, value=ref)

        for org in organizations:
            check("organizations", org.item, "parent_id", org.parent_ref)
        ordered = self._parents_first(organizations)
        for term in terms:
            ref = term.legislature_ref
            check("organizations", term.item, "organization_id", ref)
            kind = (
                file_orgs[ref].fields["classification"]
                if ref in file_orgs
                else outside_orgs[ref].classification
                if ref in outside_orgs
                else None
            )
            if kind is not None and kind != CLS.LEGISLATURE:
                self.error(
                    _("%(item)s: organization_id “%(value)s” is not a legislature."),
                    item=term.item,
                    value=ref,
                )
        for m in memberships:
            check("persons", m.item, "person_id", m.person_ref)
            check("organizations", m.item, "organization_id", m.organization_ref)
            check("organizations", m.item, "on_behalf_of_id", m.refs.get("on_behalf_of"))
            check("events", m.item, "legislative_period_id", m.refs.get("term"))
            check("areas", m.item, "area_id", m.refs.get("area"))
        self._duplicate_memberships(memberships)
        return {
            "areas": areas,
            "area_db": area_db,
            "organizations": ordered,
            "outside_orgs": outside_orgs,
            "terms": terms,
            "term_db": term_db,
            "persons": persons,
            "outside_persons": outside_persons,
            "memberships": memberships,
        }

    def _match_by_identifiers(self, records, identifier_model, owner, model, prefetch=()):
        """Set each record's match from its identifiers."""
        schemes = {scheme for r in records for scheme, _value in r.identifiers}
        wanted = {pair for r in records for pair in r.identifiers}
        owners = {
            (scheme, value): pk
            for scheme, value, pk in identifier_model.objects.filter(scheme__in=schemes)
            .values_list("scheme", "identifier", owner)
            .iterator()
            if (scheme, value) in wanted
        }
        found = model.objects.filter(pk__in=set(owners.values())).prefetch_related(*prefetch)
        rows = {row.pk: row for row in found}
        claimed: dict[int, str] = {}
        for record in records:
            pks = {owners[pair] for pair in record.identifiers if pair in owners}
            if len(pks) > 1:
                self.error(
                    _(
                        "%(item)s: its identifiers belong to different records already kept: "
                        "%(records)s."
                    ),
                    item=record.item,
                    records=join_list(f"#{pk} “{rows[pk]}”" for pk in sorted(pks)),
                )
            elif pks:
                pk = pks.pop()
                if pk in claimed:
                    self.error(
                        _(
                            "%(item)s and %(other)s are both the record #%(pk)s “%(name)s” "
                            "already kept (same identifiers)."
                        ),
                        item=record.item,
                        other=claimed[pk],
                        pk=pk,
                        name=rows[pk],
                    )
                claimed[pk] = record.item
                record.match = rows[pk]

    def _possible_duplicates(self, persons):
        """Stop (or merge) a new person whose name folds to someone recorded but not in the
        file: the organizer decides whether they are the same person."""
        new = [p for p in persons if p.match is None and p.fields.get("name")]
        matched = {p.match.pk for p in persons if p.match is not None}
        keys = {name_key(p.fields["name"]) for p in new}
        recorded = defaultdict(list)
        for person in Person.objects.filter(name_key__in=keys).order_by("pk"):
            if person.pk not in matched:
                recorded[person.name_key].append(person)
        pairs: list[tuple[Any, list[Person]]] = []
        merged_into: dict[int, str] = {}
        for person in new:
            candidates = recorded.get(name_key(person.fields["name"]), [])
            for existing in candidates:
                self.summary.possible_duplicates.append(
                    PossibleDuplicatePair(
                        item=person.item,
                        name=person.fields["name"],
                        existing_id=existing.pk,
                        existing_name=existing.name,
                        existing_is_fictional=existing.is_fictional,
                    )
                )
            if not candidates:
                continue
            if not self.merge_same_names:
                pairs.append((person, candidates))
                continue
            existing = candidates[0]
            if len(candidates) > 1:
                self.error(
                    _(
                        "%(item)s: “%(name)s” has the same name as several people already "
                        "recorded (%(records)s); it cannot be merged with one automatically."
                    ),
                    item=person.item,
                    name=person.fields["name"],
                    records=join_list(f"#{p.pk}" for p in candidates),
                )
            elif existing.is_fictional:
                self.error(
                    _(
                        "%(item)s: “%(name)s” has the same name as #%(pk)s, a fictional demo "
                        "person; a real person is never merged with one."
                    ),
                    item=person.item,
                    name=person.fields["name"],
                    pk=existing.pk,
                )
            elif existing.pk in merged_into:
                self.error(
                    _("%(item)s and %(other)s would both be merged with #%(pk)s “%(name)s”."),
                    item=person.item,
                    other=merged_into[existing.pk],
                    pk=existing.pk,
                    name=existing.name,
                )
            else:
                merged_into[existing.pk] = person.item
                person.match = Person.objects.prefetch_related(
                    "identifiers", "other_names", "contacts"
                ).get(pk=existing.pk)
                person.merged = True
                self.summary.possible_duplicates[-1].merged = True
        for person, candidates in pairs:
            self.error(
                _(
                    "%(item)s: “%(name)s” may be the same person as %(records)s, already "
                    "recorded without this id. Check, then import again with --merge-same-names "
                    "to treat them as the same person, or correct the name in the file."
                ),
                item=person.item,
                name=person.fields["name"],
                records=join_list(
                    f"#{p.pk} “{p.name}”" + (_(" (fictional demo)") if p.is_fictional else "")
                    for p in candidates
                ),
            )

    def _parents_first(self, organizations):
        by_id = {o.id: o for o in organizations}
        ordered, state = [], {}
        for org in organizations:
            chain = []
            current = org
            while current is not None and current.id not in state:
                state[current.id] = "visiting"
                chain.append(current)
                parent = by_id.get(current.parent_ref) if current.parent_ref else None
                if parent is not None and state.get(parent.id) == "visiting":
                    self.error(
                        _("%(item)s: parent_id “%(value)s” makes a loop of organizations."),
                        item=current.item,
                        value=current.parent_ref,
                    )
                    break
                current = parent
            for item in reversed(chain):
                state[item.id] = "done"
                ordered.append(item)
        return ordered

    def _duplicate_memberships(self, memberships):
        seen: dict[tuple, str] = {}
        for m in memberships:
            key = (
                m.person_ref,
                m.organization_ref,
                m.role,
                m.refs.get("term"),
                m.refs.get("on_behalf_of"),
                m.dates.get("start_date"),
            )
            if key in seen:
                self.error(
                    _(
                        "%(item)s repeats %(other)s (same person, organization, term, role, "
                        "party and start)."
                    ),
                    item=m.item,
                    other=seen[key],
                )
            else:
                seen[key] = m.item


def _by_popolo_id(identifier_model, model, owner, refs) -> dict:
    """Rows recorded under these Popolo ids, by id."""
    refs = {ref for ref in refs if ref is not None}
    if not refs:
        return {}
    pairs = identifier_model.objects.filter(scheme=SCHEME, identifier__in=refs).values_list(
        "identifier", owner
    )
    pks = dict(pairs)
    rows = model.objects.in_bulk(set(pks.values()))
    return {ref: rows[pk] for ref, pk in pks.items()}
