"""Writing a checked Popolo file through the parliament services, all or nothing."""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jisr.accounts.models import User
from jisr.core.audit_actions import Action
from jisr.core.importing import RUN_KINDS, recorded, shorten, writing
from jisr.core.services import audit_append

from .. import services
from ..models import (
    ContactDetail,
    Membership,
    OrganizationIdentifier,
    OtherName,
    PersonIdentifier,
)
from .checker import _Checker
from .common import (
    ImportSummary,
    PopoloImportError,
    _load,
)
from .matching import Matcher

RUN_KIND = "parliament.popolo"
RUN_KINDS[RUN_KIND] = gettext_lazy("Popolo roster")


class PopoloImporter(Matcher):
    """Import a Popolo JSON document (EveryPolitician's format) into the parliament records.

    Persons and organizations are matched on their Popolo id (stored as the identifier of
    scheme ``popolo``) and on any other identifier the file gives; terms and areas on
    their identifier; memberships on person, organization, term and role. Only the
    fields the file gives are changed, and nothing recorded is ever deleted.
    """

    def __init__(self, *, merge_same_names: bool = False):
        self.merge_same_names = merge_same_names

    def run(
        self,
        data: bytes | str,
        *,
        actor: User | str,
        dry_run: bool,
        progress: Callable[[int, int], None] | None = None,
        file_name: str = "",
    ) -> ImportSummary:
        """Import the document; raise PopoloImportError (nothing written) on any error. The
        run is recorded."""
        with recorded(
            RUN_KIND,
            actor=actor,
            dry_run=dry_run,
            data=data,
            file_name=file_name,
            refused=(PopoloImportError,),
        ) as run:
            summary = self._run(data, actor=actor, dry_run=dry_run, progress=progress)
            run.summary = summary.as_dict()
        return summary

    def _run(self, data, *, actor, dry_run, progress) -> ImportSummary:
        document, encoding = _load(data)
        checker = _Checker()
        sections = checker.document(document)
        areas = checker.areas(sections["areas"])
        organizations = checker.organizations(sections["organizations"])
        terms, ignored = checker.events(sections["events"])
        persons = checker.persons(sections["persons"])
        memberships = checker.memberships(sections["memberships"])
        summary = ImportSummary(dry_run=dry_run, ignored_events=ignored, encoding=encoding)
        self.errors = checker.errors
        self.checker = checker
        self.summary = summary
        self.actor = actor
        with writing(dry_run=dry_run):
            plan = self._resolve(areas, organizations, terms, persons, memberships)
            if self.errors:
                raise PopoloImportError(
                    self.errors, possible_duplicates=summary.possible_duplicates
                )
            self._write(plan, progress)
            if self.errors:
                raise PopoloImportError(self.errors)
            audit_append(
                actor=actor,
                action=Action.POPOLO_IMPORTED,
                data={kind: vars(counts).copy() for kind, counts in summary.counts.items()},
            )
        return summary

    def error(self, message: str, **params):
        self.errors.append(shorten(message % params))

    # -- writing

    def _write(self, plan, progress):
        counts = self.summary.counts
        areas = {}
        for record in plan["areas"]:
            areas[record.id] = self._write_area(record, plan["area_db"].get(record.id))
        areas.update({k: v for k, v in plan["area_db"].items() if k not in areas})

        orgs = dict(plan["outside_orgs"])
        new_identifiers = []
        for record in plan["organizations"]:
            parent = orgs.get(record.parent_ref) if record.parent_ref else None
            if record.match is None:
                try:
                    org = services.organization_create.within(
                        actor=self.actor, parent=parent, **record.fields
                    )
                except ValidationError as error:
                    self._service_error(record.item, error)
                    continue
                counts["organizations"].created += 1
                new_identifiers += [
                    OrganizationIdentifier(organization=org, scheme=s, identifier=i)
                    for s, i in record.identifiers
                ]
            else:
                org = record.match
                fields = dict(record.fields)
                if record.has_parent:
                    fields["parent_id"] = parent.pk if parent else None
                known = {(x.scheme, x.identifier) for x in org.identifiers.all()}
                added = [
                    OrganizationIdentifier(organization=org, scheme=s, identifier=i)
                    for s, i in record.identifiers
                    if (s, i) not in known
                ]
                new_identifiers += added
                changed = {k: v for k, v in fields.items() if getattr(org, k) != v}
                if changed:
                    services.organization_update.within(
                        actor=self.actor, organization=org, **changed
                    )
                elif added:
                    audit_append(
                        actor=self.actor,
                        action=Action.ORGANIZATION_CORRECTED,
                        target=org,
                        data={"fields": ["identifiers"]},
                    )
                self._count("organizations", changed or added)
            orgs[record.id] = org
        OrganizationIdentifier.objects.bulk_create(new_identifiers)

        terms = dict(plan["term_db"])
        for record in plan["terms"]:
            if record.legislature_ref in orgs:
                terms[record.id] = self._write_term(
                    record, orgs[record.legislature_ref], plan["term_db"].get(record.id)
                )

        people = dict(plan["outside_persons"])
        total = len(plan["persons"])
        children: dict[str, list[Any]] = {"identifiers": [], "other_names": [], "contacts": []}
        for done, record in enumerate(plan["persons"], start=1):
            person = self._write_person(record, children)
            if person is not None:
                people[record.id] = person
            if progress is not None:
                progress(done, total)
        PersonIdentifier.objects.bulk_create(children["identifiers"])
        OtherName.objects.bulk_create(children["other_names"])
        ContactDetail.objects.bulk_create(children["contacts"])
        # Other names are found by search: index their people again with them.
        services.people_search_reindex.within(
            person_ids={o.person_id for o in children["other_names"]}
        )

        self._write_memberships(plan["memberships"], people, orgs, terms, areas)

    def _count(self, kind, changed):
        counts = self.summary.counts[kind]
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    def _service_error(self, item, error: ValidationError):
        self.error(_("%(item)s: %(errors)s"), item=item, errors=" ".join(error.messages))

    def _write_area(self, record, area):
        area, changed = services.area_save.within(
            actor=self.actor, area=area, identifier=record.id, **record.fields
        )
        self._count_saved("areas", changed)
        return area

    def _write_term(self, record, legislature, term):
        fields = {**record.fields, "legislature_id": legislature.pk}
        term, changed = services.term_save.within(
            actor=self.actor, term=term, identifier=record.id, **fields
        )
        self._count_saved("terms", changed)
        return term

    def _count_saved(self, kind: str, changed: list[str]) -> None:
        if changed == ["created"]:
            self.summary.counts[kind].created += 1
        else:
            self._count(kind, changed)

    def _write_person(self, record, children):
        person = record.match
        if person is None:
            try:
                # Same-name people were checked against the records before the import; two
                # ids of the file with the same name are two people.
                person = services.person_create.within(
                    actor=self.actor,
                    allow_same_name=True,
                    **record.fields,
                )
            except ValidationError as error:
                self._service_error(record.item, error)
                return None
            self.summary.counts["persons"].created += 1
            known_ids, known_names, known_contacts = set(), set(), set()
        else:
            known_ids = {(x.scheme, x.identifier) for x in person.identifiers.all()}
            known_names = {(x.name, x.note) for x in person.other_names.all()}
            known_contacts = {(x.kind, x.value, x.label) for x in person.contacts.all()}
        if record.match is not None:
            # As person_merge does: the spelling that was recorded stays as an other name.
            old_name = (person.name, "")
            renamed = person.name != record.fields["name"]
            if record.merged and renamed and old_name not in known_names:
                children["other_names"].append(OtherName(person=person, name=person.name))
                known_names.add(old_name)
            changed = {k: v for k, v in record.fields.items() if getattr(person, k) != v}
            if changed:
                try:
                    services.person_update.within(actor=self.actor, person=person, **changed)
                except ValidationError as error:
                    self._service_error(record.item, error)
                    return None
        new_ids = [p for p in record.identifiers if p not in known_ids]
        new_names = [n for n in record.other_names if n not in known_names]
        new_contacts = [c for c in record.contacts if c not in known_contacts]
        children["identifiers"] += [
            PersonIdentifier(person=person, scheme=s, identifier=i) for s, i in new_ids
        ]
        children["other_names"] += [
            OtherName(person=person, name=n, note=note) for n, note in new_names
        ]
        children["contacts"] += [
            ContactDetail(person=person, kind=k, value=v, label=label)
            for k, v, label in new_contacts
        ]
        if record.match is not None:
            added = [
                name
                for name, rows in [
                    ("identifiers", new_ids),
                    ("other_names", new_names),
                    ("contact_details", new_contacts),
                ]
                if rows
            ]
            if added and not changed:
                audit_append(
                    actor=self.actor,
                    action=Action.PERSON_CORRECTED,
                    target=person,
                    data={"fields": added},
                )
            self._count("persons", changed or added)
        return person

    def _write_memberships(self, records, people, orgs, terms, areas):
        """Match the file's memberships to the recorded ones of the same person,
        organization, term and role: first those with the same party and start, then a
        single one left on each side (a corrected party or date)."""
        resolved = []
        for record in records:
            person, org = people.get(record.person_ref), orgs.get(record.organization_ref)
            refs = [
                (record.refs.get("on_behalf_of"), orgs),
                (record.refs.get("area"), areas),
                (record.refs.get("term"), terms),
            ]
            if person is None or org is None or any(r and r not in rows for r, rows in refs):
                continue  # something it points to failed, and said so
            values = {}
            if "on_behalf_of" in record.refs:
                ref = record.refs["on_behalf_of"]
                values["on_behalf_of_id"] = orgs[ref].pk if ref else None
            if "area" in record.refs:
                ref = record.refs["area"]
                values["area_id"] = areas[ref].pk if ref else None
            values.update(record.dates)
            term_ref = record.refs.get("term")
            key = (person.pk, org.pk, terms[term_ref].pk if term_ref else None, record.role)
            resolved.append((record, key, values))
        recorded = defaultdict(list)
        for membership in Membership.objects.filter(
            person_id__in={key[0] for _record, key, _values in resolved}
        ).order_by("pk"):
            key = (
                membership.person_id,
                membership.organization_id,
                membership.term_id,
                membership.role,
            )
            recorded[key].append(membership)
        by_key = defaultdict(list)
        for entry in resolved:
            by_key[entry[1]].append(entry)
        for key, entries in by_key.items():
            left = recorded.get(key, [])
            pending = []
            for record, _key, values in entries:
                same = next(
                    (
                        m
                        for m in left
                        if m.on_behalf_of_id == values.get("on_behalf_of_id", m.on_behalf_of_id)
                        and m.start_date == values.get("start_date", m.start_date)
                    ),
                    None,
                )
                if same is None:
                    pending.append((record, values))
                else:
                    left.remove(same)
                    self._update_membership(record, same, values)
            if len(pending) == 1 and len(left) == 1:
                self._update_membership(pending[0][0], left[0], pending[0][1])
                continue
            for record, values in pending:
                term_id, role = key[2:]
                try:
                    services.membership_create.within(
                        actor=self.actor,
                        person=people[record.person_ref],
                        organization=orgs[record.organization_ref],
                        term_id=term_id,
                        role=role,
                        **values,
                    )
                except ValidationError as error:
                    self._service_error(record.item, error)
                    continue
                self.summary.counts["memberships"].created += 1

    def _update_membership(self, record, membership, values):
        try:
            changed = services.membership_update.within(
                actor=self.actor, membership=membership, **values
            )
        except ValidationError:
            start = values.get("start_date", membership.start_date)
            end = values.get("end_date", membership.end_date)
            self.error(
                _("%(item)s: the membership would end (%(end)s) before it starts (%(start)s)."),
                item=record.item,
                end=end.isoformat(),
                start=start.isoformat(),
            )
            return
        self._count("memberships", changed)
