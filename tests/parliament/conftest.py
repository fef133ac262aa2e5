from datetime import date

import pytest

from jisr.parliament import services
from jisr.parliament.models import Organization, Term

CLS = Organization.Classification
TERM_START = date(2026, 1, 1)


class Parliament:
    """A small parliament built through the services, as staff would build it."""

    def __init__(self):
        actor = "system:test"
        self.legislature = services.organization_create(
            actor=actor, name="مجلس النواب", classification=CLS.LEGISLATURE
        )
        self.term = Term.objects.create(
            legislature=self.legislature,
            identifier="term/test",
            name="الدورة",
            start_date=TERM_START,
        )
        self.alliance = services.organization_create(
            actor=actor, name="تحالف الاختبار", classification=CLS.ALLIANCE
        )
        self.party = services.organization_create(
            actor=actor, name="حزب أ", classification=CLS.PARTY, parent=self.alliance
        )
        self.other_party = services.organization_create(
            actor=actor, name="حزب ب", classification=CLS.PARTY
        )
        self.ministry = services.organization_create(
            actor=actor, name="وزارة الصحة", classification=CLS.MINISTRY
        )
        self.committee = services.organization_create(
            actor=actor, name="لجنة الخدمات", classification=CLS.COMMITTEE
        )
        self.members = [
            self.add_member(name, self.party if i % 2 == 0 else self.other_party)
            for i, name in enumerate(["علي حسن", "مريم كاظم", "سامي جواد", "نور هادي"])
        ]

    def add_member(self, name, party, start_date=TERM_START, **fields):
        person = services.person_create(actor="system:test", name=name, **fields)
        services.membership_create(
            actor="system:test",
            person=person,
            organization=self.legislature,
            term=self.term,
            on_behalf_of=party,
            start_date=start_date,
        )
        return person


@pytest.fixture
def parliament(db):
    return Parliament()
