"""Popolo JSON (https://www.popoloproject.com/): import a roster of representatives,
parties, terms and memberships, and export the whole roster back.

An import is all or nothing: every item of the file is checked first, every error is
reported at once, and nothing is written unless the whole file is sound. Records are
matched on their identifiers, never on their names, so importing the same file again
changes nothing; a new person whose name folds to the name of someone already recorded
is stopped as a possible duplicate until the organizer decides.
"""

import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jisr.core.audit_actions import Action
from jisr.core.imports import decode_failure, shorten, too_big
from jisr.core.lists import join_list
from jisr.core.services import audit_append, audit_batch
from jisr.core.text.arabic import name_key
from jisr.core.text.decoding import UTF8, DecodeFailed, decode
from jisr.core.text.digits import to_ascii_digits

from . import services
from .models import (
    Area,
    ContactDetail,
    Membership,
    Organization,
    OrganizationIdentifier,
    OtherName,
    Person,
    PersonIdentifier,
    Term,
)

# The scheme under which a record's own Popolo id is stored as an identifier.
SCHEME = "popolo"
TERM_CLASSIFICATION = "legislative period"
# EveryPolitician writes a name in another language as an other name with a language and
# this note; the English (Latin-script) one fills name_latin / name_en.
LATIN_LANG = "en"
LANGUAGE_NOTE = "multilingual"

CLS = Organization.Classification
CLASSIFICATIONS = {
    "legislature": CLS.LEGISLATURE,
    "party": CLS.PARTY,
    "political party": CLS.PARTY,
    "alliance": CLS.ALLIANCE,
    "coalition": CLS.ALLIANCE,
    "committee": CLS.COMMITTEE,
    "ministry": CLS.MINISTRY,
}
CONTACT_TYPES_IN = {
    "email": ContactDetail.Kind.EMAIL,
    "voice": ContactDetail.Kind.PHONE,
    "phone": ContactDetail.Kind.PHONE,
    "cell": ContactDetail.Kind.PHONE,
    "tel": ContactDetail.Kind.PHONE,
    "url": ContactDetail.Kind.WEBSITE,
    "website": ContactDetail.Kind.WEBSITE,
    "facebook": ContactDetail.Kind.FACEBOOK,
    "twitter": ContactDetail.Kind.X,
    "x": ContactDetail.Kind.X,
    "other": ContactDetail.Kind.OTHER,
}
CONTACT_TYPES_OUT = {
    ContactDetail.Kind.EMAIL: "email",
    ContactDetail.Kind.PHONE: "voice",
    ContactDetail.Kind.WEBSITE: "url",
    ContactDetail.Kind.FACEBOOK: "facebook",
    ContactDetail.Kind.X: "twitter",
    ContactDetail.Kind.OTHER: "other",
}
GENDERS = {"male": Person.Gender.MALE, "female": Person.Gender.FEMALE}
FIRST_BIRTH_YEAR = 1880  # as services._check_birth_year
# The whole document is read into memory (EveryPolitician's largest files are a few MB).
MAX_BYTES = 100 * 1024 * 1024

KINDS = ("areas", "organizations", "terms", "persons", "memberships")

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")


class PopoloImportError(Exception):
    """The file was refused and nothing was written; ``errors`` names each item and field."""

    def __init__(self, errors: list[str], *, possible_duplicates=()):
        self.errors = list(errors)
        self.possible_duplicates = list(possible_duplicates)
        super().__init__("\n".join(self.errors))


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class PossibleDuplicatePair:
    """A person of the file with no known identifier whose name folds to a recorded one."""

    item: str
    name: str
    existing_id: int
    existing_name: str
    existing_is_fictional: bool
    merged: bool = False


@dataclass
class ImportSummary:
    dry_run: bool
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    possible_duplicates: list[PossibleDuplicatePair] = field(default_factory=list)
    ignored_events: int = 0
    encoding: str = UTF8

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "encoding": self.encoding,
            "counts": {kind: vars(counts).copy() for kind, counts in self.counts.items()},
            "possible_duplicates": [vars(d).copy() for d in self.possible_duplicates],
            "ignored_events": self.ignored_events,
        }

    def __str__(self) -> str:
        labels = {
            "areas": _("governorates"),
            "organizations": _("organizations"),
            "terms": _("terms"),
            "persons": _("representatives"),
            "memberships": _("memberships"),
        }
        lines = [_("Dry run: nothing was written.") if self.dry_run else _("Imported.")]
        lines.append(_("The file was read as %(encoding)s.") % {"encoding": self.encoding})
        for kind in KINDS:
            counts = self.counts[kind]
            lines.append(
                _("%(kind)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
                % {"kind": labels[kind], **vars(counts)}
            )
        if self.ignored_events:
            lines.append(
                ngettext(
                    "%(count)d event that is not a legislative period was left out.",
                    "%(count)d events that are not legislative periods were left out.",
                    self.ignored_events,
                )
                % {"count": self.ignored_events}
            )
        if self.possible_duplicates:
            lines.append(_("Possible duplicates (same name as someone already recorded):"))
            for dup in self.possible_duplicates:
                lines.append(
                    _("- %(item)s “%(name)s” and #%(pk)s “%(existing)s”%(fictional)s: %(outcome)s")
                    % {
                        "item": dup.item,
                        "name": dup.name,
                        "pk": dup.existing_id,
                        "existing": dup.existing_name,
                        "fictional": _(" (fictional demo)") if dup.existing_is_fictional else "",
                        "outcome": _("merged") if dup.merged else _("not imported"),
                    }
                )
        return "\n".join(lines)


# -- what the file says, once checked ------------------------------------------------------


@dataclass
class _Area:
    item: str
    id: str
    fields: dict


@dataclass
class _Organization:
    item: str
    id: str
    fields: dict  # name, classification, and name_en when given
    parent_ref: str | None  # the parent's Popolo id, when the file gives parent_id
    has_parent: bool
    identifiers: list[tuple[str, str]]
    match: Organization | None = None


@dataclass
class _Term:
    item: str
    id: str
    legislature_ref: str
    fields: dict  # name, start_date, end_date, and name_en when given


@dataclass
class _Person:
    index: int
    item: str
    id: str
    fields: dict  # name, and whichever of gender, birth_year, summary, name_latin are given
    identifiers: list[tuple[str, str]]
    other_names: list[tuple[str, str]]
    contacts: list[tuple[str, str, str]]
    match: Person | None = None
    merged: bool = False


@dataclass
class _Membership:
    item: str
    person_ref: str
    organization_ref: str
    role: str
    refs: dict  # on_behalf_of / area / term -> Popolo id or None, when given
    dates: dict  # start_date / end_date -> date or None, when given


def _type_name(value) -> str:
    if isinstance(value, dict):
        return _("an object")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, bool):
        return _("true/false")
    if isinstance(value, int | float):
        return _("a number")
    return _("null")


def _read_date(value) -> tuple[int, int | None, int | None] | None:
    """Return (year, month, day) of a Popolo date (YYYY, YYYY-MM or YYYY-MM-DD, in any
    digits), or None when it is not one."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    found = _DATE.fullmatch(to_ascii_digits(value.strip()))
    if not found:
        return None
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    return year, month, day


class _Checker:
    """Read the document into records, collecting every error."""

    def __init__(self):
        self.errors: list[str] = []
        # Ids written in the file, sound or not, and the sections that could not be read
        # whole: a reference to them is not reported again as unknown.
        self.mentioned: dict[str, set[str]] = defaultdict(set)
        self.broken: set[str] = set()
        self.other_events: set[str] = set()  # events that are not legislative periods

    def error(self, message: str, **params):
        self.errors.append(shorten(message % params))

    # -- fields

    def text(self, obj, key, item, *, max_length, required=True, collapse=True):
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(_("%(item)s: %(field)s is missing."), item=item, field=key)
            return None if required else ""
        if not isinstance(value, str):
            self.error(
                _("%(item)s: %(field)s must be text, not %(type)s."),
                item=item,
                field=key,
                type=_type_name(value),
            )
            return None
        value = " ".join(value.split()) if collapse else value
        if len(value) > max_length:
            self.error(
                _("%(item)s: %(field)s is longer than %(max)s characters."),
                item=item,
                field=key,
                max=max_length,
            )
            return None
        return value

    def ref(self, obj, key, item, *, required=True, max_length=300):
        """An id or a reference to one: an opaque string, kept exactly as written."""
        value = obj.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if value is None or value == "":
            if required:
                self.error(_("%(item)s: %(field)s is missing."), item=item, field=key)
            return None
        if not isinstance(value, str):
            self.error(
                _("%(item)s: %(field)s must be text, not %(type)s."),
                item=item,
                field=key,
                type=_type_name(value),
            )
            return None
        if len(value) > max_length:
            self.error(
                _("%(item)s: %(field)s is longer than %(max)s characters."),
                item=item,
                field=key,
                max=max_length,
            )
            return None
        return value

    def objects(self, obj, key, item) -> list[tuple[str, dict]]:
        """The entries of a list of objects, each with its label (``item.key[i]``)."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(
                _("%(item)s: %(field)s must be a list, not %(type)s."),
                item=item,
                field=key,
                type=_type_name(value),
            )
            return []
        entries = []
        for index, entry in enumerate(value):
            label = f"{item}.{key}[{index}]"
            if isinstance(entry, dict):
                entries.append((label, entry))
            else:
                self.error(
                    _("%(item)s must be an object, not %(type)s."),
                    item=label,
                    type=_type_name(entry),
                )
        return entries

    def identifiers(self, obj, item, own_id) -> list[tuple[str, str]]:
        pairs = [(SCHEME, own_id)]
        for label, entry in self.objects(obj, "identifiers", item):
            scheme = self.text(entry, "scheme", label, max_length=100)
            identifier = self.ref(entry, "identifier", label)
            if scheme and identifier:
                pairs.append((scheme, identifier))
        return list(dict.fromkeys(pairs))

    def latin_name(self, obj, item, *, max_length) -> tuple[str | None, list[tuple[str, str]]]:
        """Split other_names into the English (Latin-script) name and the rest."""
        latin, others = None, []
        for label, entry in self.objects(obj, "other_names", item):
            name = self.text(entry, "name", label, max_length=max_length)
            note = self.text(entry, "note", label, max_length=200, required=False)
            lang = entry.get("lang")
            if name is None or note is None:
                continue
            if latin is None and lang == LATIN_LANG and note == LANGUAGE_NOTE:
                latin = name
            else:
                others.append((name, note))
        return latin, list(dict.fromkeys(others))

    def birth_year(self, value, item):
        if value is None or value == "":
            return None
        parts = _read_date(value)
        if parts is None:
            self.error(
                _("%(item)s: birth_date “%(value)s” is not a year or a date."),
                item=item,
                value=value,
            )
            return None
        year = parts[0]
        if not FIRST_BIRTH_YEAR <= year <= date.today().year:
            self.error(
                _("%(item)s: birth_date “%(value)s”: the year %(year)s is not plausible."),
                item=item,
                value=value,
                year=year,
            )
            return None
        return year

    def full_date(self, obj, key, item, *, required=False) -> date | None:
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.error(_("%(item)s: %(field)s is missing."), item=item, field=key)
            return None
        parts = _read_date(value)
        if parts is None:
            self.error(
                _("%(item)s: %(field)s “%(value)s” is not a date (YYYY-MM-DD)."),
                item=item,
                field=key,
                value=value,
            )
            return None
        year, month, day = parts
        if day is None:
            self.error(
                _(
                    "%(item)s: %(field)s “%(value)s” is only a year or a month; "
                    "a full date (YYYY-MM-DD) is needed here."
                ),
                item=item,
                field=key,
                value=value,
            )
            return None
        return date(year, month, day)

    # -- sections

    def document(self, document) -> dict[str, list[tuple[int, str, dict]]]:
        sections = {key: [] for key in ("persons", "organizations", "memberships", "events")}
        sections["areas"] = []
        if not isinstance(document, dict):
            self.error(
                _(
                    "The file must hold one JSON object with the lists persons, "
                    "organizations, memberships and events; it holds %(type)s."
                ),
                type=_type_name(document),
            )
            return sections
        if not any(key in document for key in ("persons", "organizations", "memberships")):
            self.error(
                _("The file has no persons, organizations or memberships: is it a Popolo file?")
            )
        for key in sections:
            value = document.get(key)
            if value is None:
                continue
            if not isinstance(value, list):
                self.error(
                    _("%(field)s must be a list, not %(type)s."), field=key, type=_type_name(value)
                )
                self.broken.add(key)
                continue
            for index, entry in enumerate(value):
                item = f"{key}[{index}]"
                if not isinstance(entry, dict):
                    self.error(
                        _("%(item)s must be an object, not %(type)s."),
                        item=item,
                        type=_type_name(entry),
                    )
                    self.broken.add(key)
                    continue
                own = entry.get("id")
                if isinstance(own, str | int) and not isinstance(own, bool) and own != "":
                    item = f"{item} (id {own})"
                    self.mentioned[key].add(str(own))
                sections[key].append((index, item, entry))
        return sections

    def unique_id(self, seen: dict, kind_id, item) -> bool:
        if kind_id in seen:
            self.error(
                _("%(item)s: the id is already used by %(other)s."), item=item, other=seen[kind_id]
            )
            return False
        seen[kind_id] = item
        return True

    def unique_identifiers(self, seen: dict, pairs, item):
        for scheme, identifier in pairs:
            other = seen.setdefault((scheme, identifier), item)
            if other != item:
                self.error(
                    _(
                        "%(item)s: identifier %(scheme)s “%(identifier)s” is also given to "
                        "%(other)s."
                    ),
                    item=item,
                    scheme=scheme,
                    identifier=identifier,
                    other=other,
                )

    def areas(self, entries) -> list[_Area]:
        found, seen = [], {}
        for _index, item, obj in entries:
            own = self.ref(obj, "id", item, max_length=100)
            name = self.text(obj, "name", item, max_length=200)
            name_en, _others = self.latin_name(obj, item, max_length=200)
            if own is None or name is None or not self.unique_id(seen, own, item):
                continue
            fields = {"name": name}
            if name_en is not None:
                fields["name_en"] = name_en
            found.append(_Area(item, own, fields))
        return found

    def organizations(self, entries) -> list[_Organization]:
        found, seen, seen_identifiers = [], {}, {}
        for _index, item, obj in entries:
            own = self.ref(obj, "id", item)
            name = self.text(obj, "name", item, max_length=300)
            name_en, _others = self.latin_name(obj, item, max_length=300)
            raw = obj.get("classification")
            classification = None
            if raw is None or raw == "":
                self.error(
                    _("%(item)s: classification is missing (one of: %(choices)s)."),
                    item=item,
                    choices=join_list(CLASSIFICATIONS),
                )
            elif not isinstance(raw, str) or raw.strip().lower() not in CLASSIFICATIONS:
                self.error(
                    _("%(item)s: classification “%(value)s” is not one of: %(choices)s."),
                    item=item,
                    value=raw,
                    choices=join_list(CLASSIFICATIONS),
                )
            else:
                classification = CLASSIFICATIONS[raw.strip().lower()]
            parent = self.ref(obj, "parent_id", item, required=False)
            if own is None:
                continue
            identifiers = self.identifiers(obj, item, own)
            if not self.unique_id(seen, own, item):
                continue
            self.unique_identifiers(seen_identifiers, identifiers, item)
            if name is None or classification is None:
                continue
            fields = {
                "name": name,
                "classification": classification,
                "is_fictional": obj.get("fictional") is True,
            }
            if name_en is not None:
                fields["name_en"] = name_en
            found.append(_Organization(item, own, fields, parent, "parent_id" in obj, identifiers))
        return found

    def events(self, entries) -> tuple[list[_Term], int]:
        terms, seen, ignored = [], {}, 0
        for _index, item, obj in entries:
            own = self.ref(obj, "id", item, max_length=100)
            if own is None or not self.unique_id(seen, own, item):
                continue
            if obj.get("classification") != TERM_CLASSIFICATION:
                self.other_events.add(own)
                ignored += 1
                continue
            name = self.text(obj, "name", item, max_length=200)
            name_en, _others = self.latin_name(obj, item, max_length=200)
            legislature = self.ref(obj, "organization_id", item)
            start = self.full_date(obj, "start_date", item, required=True)
            end = self.full_date(obj, "end_date", item)
            if start and end and end < start:
                self.error(_("%(item)s: end_date comes before start_date."), item=item)
                continue
            if name is None or legislature is None or start is None:
                continue
            fields = {"name": name, "start_date": start}
            if "end_date" in obj:
                fields["end_date"] = end
            if name_en is not None:
                fields["name_en"] = name_en
            terms.append(_Term(item, own, legislature, fields))
        return terms, ignored

    def persons(self, entries) -> list[_Person]:
        found, seen, seen_identifiers = [], {}, {}
        for index, item, obj in entries:
            own = self.ref(obj, "id", item)
            name = self.text(obj, "name", item, max_length=200)
            fields = {"name": name, "is_fictional": obj.get("fictional") is True}
            if "gender" in obj:
                raw = obj["gender"]
                if raw is None or raw == "":
                    fields["gender"] = Person.Gender.UNKNOWN
                elif isinstance(raw, str) and raw.strip().lower() in GENDERS:
                    fields["gender"] = GENDERS[raw.strip().lower()]
                else:
                    self.error(
                        _("%(item)s: gender “%(value)s” is not one of: male, female."),
                        item=item,
                        value=raw,
                    )
            if "birth_date" in obj:
                fields["birth_year"] = self.birth_year(obj["birth_date"], item)
            if "summary" in obj:
                fields["summary"] = self.text(
                    obj, "summary", item, max_length=100_000, required=False, collapse=False
                )
            latin, other_names = self.latin_name(obj, item, max_length=200)
            if latin is not None:
                fields["name_latin"] = latin
            contacts = []
            for label, entry in self.objects(obj, "contact_details", item):
                kind = self.text(entry, "type", label, max_length=100)
                value = self.text(entry, "value", label, max_length=300)
                note = self.text(entry, "label", label, max_length=100, required=False)
                if kind is None or value is None or note is None:
                    continue
                known = CONTACT_TYPES_IN.get(kind.lower())
                if known is None:
                    known, note = ContactDetail.Kind.OTHER, note or kind
                contacts.append((known, value, note))
            if own is None:
                continue
            identifiers = self.identifiers(obj, item, own)
            if not self.unique_id(seen, own, item):
                continue
            self.unique_identifiers(seen_identifiers, identifiers, item)
            if name is None:
                continue
            found.append(
                _Person(
                    index,
                    item,
                    own,
                    fields,
                    identifiers,
                    other_names,
                    list(dict.fromkeys(contacts)),
                )
            )
        return found

    def memberships(self, entries) -> list[_Membership]:
        found = []
        for _index, item, obj in entries:
            person = self.ref(obj, "person_id", item)
            organization = self.ref(obj, "organization_id", item)
            role = Membership.Role.MEMBER
            if obj.get("role") not in (None, ""):
                raw = obj["role"]
                role = raw.strip().lower().replace(" ", "_") if isinstance(raw, str) else None
                if role not in Membership.Role.values:
                    self.error(
                        _("%(item)s: role “%(value)s” is not one of: %(choices)s."),
                        item=item,
                        value=raw,
                        choices=join_list(Membership.Role.values),
                    )
            refs = {}
            for key, name in [
                ("on_behalf_of_id", "on_behalf_of"),
                ("area_id", "area"),
                ("legislative_period_id", "term"),
            ]:
                if key in obj:
                    refs[name] = self.ref(obj, key, item, required=False)
            dates = {key: self.full_date(obj, key, item) for key in ("start_date", "end_date")}
            dates = {key: value for key, value in dates.items() if key in obj}
            start, end = dates.get("start_date"), dates.get("end_date")
            if start and end and end < start:
                self.error(_("%(item)s: end_date comes before start_date."), item=item)
            found.append(_Membership(item, person, organization, role, refs, dates))
        return found


# -- the importer ---------------------------------------------------------------------------


class PopoloImporter:
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
        actor,
        dry_run: bool,
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportSummary:
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
        with transaction.atomic(), audit_batch():
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
            if dry_run:
                transaction.set_rollback(True)
        return summary

    def error(self, message: str, **params):
        self.errors.append(shorten(message % params))

    # -- matching the file to what is recorded

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
        pairs, merged_into = [], {}
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
        seen = {}
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
                    org = services.organization_create(
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
                    services.organization_update(actor=self.actor, organization=org, **changed)
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
        children = {"identifiers": [], "other_names": [], "contacts": []}
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
        services.people_search_reindex(person_ids={o.person_id for o in children["other_names"]})

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
        area, changed = services.area_save(
            actor=self.actor, area=area, identifier=record.id, **record.fields
        )
        self._count_saved("areas", changed)
        return area

    def _write_term(self, record, legislature, term):
        fields = {**record.fields, "legislature_id": legislature.pk}
        term, changed = services.term_save(
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
                person = services.person_create(
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
                    services.person_update(actor=self.actor, person=person, **changed)
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
                    services.membership_create(
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
            changed = services.membership_update(actor=self.actor, membership=membership, **values)
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


def _load(data: bytes | str) -> tuple[object, str]:
    """Return the JSON document and the encoding it was read in."""
    encoding = UTF8
    if isinstance(data, bytes):
        if len(data) > MAX_BYTES:
            raise PopoloImportError([str(m) for m in too_big(len(data), MAX_BYTES).messages])
        try:
            data, encoding = decode(data, max_line=None)
        except DecodeFailed as failure:
            raise PopoloImportError(
                [str(e) for e in decode_failure(failure, spreadsheet=False).errors]
            ) from None
    try:
        document = json.loads(data.removeprefix("\ufeff"), parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise PopoloImportError(
            [
                _("The file is not valid JSON: line %(line)s, column %(column)s: %(reason)s.")
                % {"line": error.lineno, "column": error.colno, "reason": error.msg}
            ]
        ) from None
    except RecursionError:
        raise PopoloImportError(
            [_("The file is not a Popolo file: its lists and objects are nested too deeply.")]
        ) from None
    except ValueError:  # a number of thousands of digits, NaN or Infinity
        raise PopoloImportError(
            [_("The file is not valid JSON: it holds a number no JSON reader accepts.")]
        ) from None
    problems = _bad_text(document)
    if problems:
        raise PopoloImportError(problems)
    return document, encoding


def _no_constant(name: str):
    raise ValueError(name)


# Text that no database column can hold (NUL; a lone half of a UTF-16 surrogate pair), or
# that no text holds (other control characters).
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _bad_text(document, limit: int = 20) -> list[str]:
    """Name each text of the document (keys too) that holds a character no text holds."""
    problems = []
    stack = [("", document)]
    while stack and len(problems) < limit:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in reversed(value.items()):
                if _BAD_CHARACTER.search(key):
                    problems.append((path or "/", key))
                stack.append((f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str) and _BAD_CHARACTER.search(value):
            problems.append((path, value))
    return [
        _("%(item)s holds the invisible character %(char)s, which text never holds.")
        % {"item": path, "char": f"U+{ord(_BAD_CHARACTER.search(text).group()):04X}"}
        for path, text in problems
    ]


# -- the exporter ---------------------------------------------------------------------------


def _own_id(row, prefix: str) -> tuple[str, list[dict]]:
    """The record's Popolo id (its first stored popolo identifier, else a Jisr id) and its
    other identifiers."""
    pairs = sorted((x.scheme, x.identifier) for x in row.identifiers.all())
    own = next((value for scheme, value in pairs if scheme == SCHEME), None)
    if own is None:
        own = f"jisr:{prefix}/{row.pk}"
    rest = [
        {"scheme": scheme, "identifier": value}
        for scheme, value in pairs
        if (scheme, value) != (SCHEME, own)
    ]
    return own, rest


def _latin(name: str) -> list[dict]:
    return [{"lang": LATIN_LANG, "name": name, "note": LANGUAGE_NOTE}] if name else []


def export_popolo() -> dict:
    """Return the whole roster as a Popolo document, in a fixed number of queries.

    Records keep the Popolo id they were imported with; the others get ``jisr:<kind>/<pk>``.
    Terms are exported as legislative-period events.
    """
    organizations, org_ids = [], {}
    for org in Organization.objects.prefetch_related("identifiers"):
        org_ids[org.pk], identifiers = _own_id(org, "organization")
        organizations.append((org, identifiers))
    org_list = []
    for org, identifiers in organizations:
        entry = {
            "id": org_ids[org.pk],
            "name": org.name,
            "classification": org.classification,
            "other_names": _latin(org.name_en),
            "identifiers": identifiers,
            # Not a Popolo field: marks the demo's invented records so nobody takes them as real.
            "fictional": org.is_fictional or None,
        }
        if org.parent_id:
            entry["parent_id"] = org_ids[org.parent_id]
        org_list.append(_compact(entry))

    person_list, person_ids = [], {}
    for person in Person.objects.prefetch_related("identifiers", "other_names", "contacts"):
        person_ids[person.pk], identifiers = _own_id(person, "person")
        other_names = _latin(person.name_latin) + sorted(
            (_compact({"name": o.name, "note": o.note}) for o in person.other_names.all()),
            key=lambda o: (o["name"], o.get("note", "")),
        )
        contacts = sorted(
            (
                _compact({"type": CONTACT_TYPES_OUT[c.kind], "value": c.value, "label": c.label})
                for c in person.contacts.all()
            ),
            key=lambda c: (c["type"], c["value"], c.get("label", "")),
        )
        person_list.append(
            _compact(
                {
                    "id": person_ids[person.pk],
                    "name": person.name,
                    "other_names": other_names,
                    "identifiers": identifiers,
                    "contact_details": contacts,
                    "gender": person.gender,
                    "birth_date": f"{person.birth_year:04d}" if person.birth_year else "",
                    "summary": person.summary,
                    "fictional": person.is_fictional or None,
                }
            )
        )

    areas = {a.pk: a for a in Area.objects.all()}
    area_list = [
        _compact({"id": a.identifier, "name": a.name, "other_names": _latin(a.name_en)})
        for a in areas.values()
    ]
    terms = {t.pk: t for t in Term.objects.all()}
    events = [
        _compact(
            {
                "id": t.identifier,
                "classification": TERM_CLASSIFICATION,
                "name": t.name,
                "other_names": _latin(t.name_en),
                "organization_id": org_ids[t.legislature_id],
                "start_date": t.start_date.isoformat(),
                "end_date": t.end_date.isoformat() if t.end_date else "",
            }
        )
        for t in terms.values()
    ]
    membership_list = [
        _compact(
            {
                "person_id": person_ids[m.person_id],
                "organization_id": org_ids[m.organization_id],
                "role": m.role,
                "on_behalf_of_id": org_ids[m.on_behalf_of_id] if m.on_behalf_of_id else "",
                "area_id": areas[m.area_id].identifier if m.area_id else "",
                "legislative_period_id": terms[m.term_id].identifier if m.term_id else "",
                "start_date": m.start_date.isoformat() if m.start_date else "",
                "end_date": m.end_date.isoformat() if m.end_date else "",
            }
        )
        for m in Membership.objects.order_by()
    ]

    def by_id(entries):
        return sorted(entries, key=lambda e: e["id"])

    membership_list.sort(
        key=lambda m: tuple(
            m.get(k, "")
            for k in (
                "person_id",
                "organization_id",
                "legislative_period_id",
                "start_date",
                "on_behalf_of_id",
                "role",
                "area_id",
                "end_date",
            )
        )
    )
    return {
        "persons": by_id(person_list),
        "organizations": by_id(org_list),
        "memberships": membership_list,
        "events": by_id(events),
        "areas": by_id(area_list),
    }


def _compact(entry: dict) -> dict:
    """Leave out the empty fields, as Popolo files do."""
    return {k: v for k, v in entry.items() if v not in ("", None, [])}
