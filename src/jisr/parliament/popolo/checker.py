"""Checking a Popolo file item by item, every error at once, before anything is written."""

from collections import defaultdict
from datetime import date

from django.utils.translation import gettext as _

from jisr.core.importing import shorten
from jisr.core.lists import join_list

from ..models import (
    ContactDetail,
    Membership,
    Person,
)
from .common import (
    CLASSIFICATIONS,
    CONTACT_TYPES_IN,
    FIRST_BIRTH_YEAR,
    GENDERS,
    LANGUAGE_NOTE,
    LATIN_LANG,
    SCHEME,
    TERM_CLASSIFICATION,
    _Area,
    _Membership,
    _Organization,
    _Person,
    _read_date,
    _Term,
    _type_name,
)


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
        if month is None or day is None:  # a day is always given with its month
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
        sections: dict[str, list[tuple[int, str, dict]]] = {
            key: [] for key in ("persons", "organizations", "memberships", "events")
        }
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
        found: list[_Area] = []
        seen: dict[str, str] = {}
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
        found: list[_Organization] = []
        seen: dict[str, str] = {}
        seen_identifiers: dict[tuple[str, str], str] = {}
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
        terms: list[_Term] = []
        seen: dict[str, str] = {}
        ignored = 0
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
        found: list[_Person] = []
        seen: dict[str, str] = {}
        seen_identifiers: dict[tuple[str, str], str] = {}
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
            role: str | None = Membership.Role.MEMBER
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
