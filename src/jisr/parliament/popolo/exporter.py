"""The whole roster as Popolo JSON."""

from ..models import (
    Area,
    Membership,
    Organization,
    Person,
    Term,
)
from .common import (
    CONTACT_TYPES_OUT,
    LANGUAGE_NOTE,
    LATIN_LANG,
    SCHEME,
    TERM_CLASSIFICATION,
)


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
