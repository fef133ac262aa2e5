"""The read-only parliament API under /api/v1/: data, filters, pages, errors, queries."""

from datetime import date, timedelta

import pytest

from jisr.parliament.models import Activity, Membership, Organization, Vote, VoteEvent

from ..accounts.factories import UserFactory
from .factories import (
    ActivityFactory,
    AllianceFactory,
    AnnouncedPositionFactory,
    AreaFactory,
    BillFactory,
    CommitteeFactory,
    CommitteeMembershipFactory,
    ContactDetailFactory,
    LegislatureFactory,
    MembershipFactory,
    MinistryFactory,
    OtherNameFactory,
    PartyFactory,
    PersonFactory,
    PersonIdentifierFactory,
    QuestionFactory,
    SittingFactory,
    TermFactory,
    VoteEventFactory,
    VoteExplanationFactory,
    VoteFactory,
)

API = "/api/v1"
CLS = Organization.Classification


class World:
    """Two terms of one legislature, an alliance with a party, a party on its own, a
    committee, four people (one who never held a seat), votes and activities."""

    def __init__(self):
        self.legislature = LegislatureFactory(name="مجلس النواب", name_en="Council")
        self.term = TermFactory(
            legislature=self.legislature,
            identifier="iq/5",
            name="الدورة الخامسة",
            start_date=date(2022, 1, 9),
        )
        self.old_term = TermFactory(
            legislature=self.legislature,
            identifier="iq/4",
            name="الدورة الرابعة",
            start_date=date(2018, 9, 3),
            end_date=date(2021, 10, 9),
        )
        self.alliance = AllianceFactory(name="تحالف النهر")
        self.party = PartyFactory(name="حزب الضفاف", parent=self.alliance)
        self.other_party = PartyFactory(name="حزب السعف")
        self.committee = CommitteeFactory(name="لجنة المغتربين", parent=self.legislature)
        self.ministry = MinistryFactory(name="وزارة الصحة")
        self.baghdad = AreaFactory(name="بغداد", name_en="Baghdad", identifier="iq-bg")
        self.basra = AreaFactory(name="البصرة", name_en="Basra", identifier="iq-ba")

        self.alia = PersonFactory(
            name="علياء حسن",
            name_latin="Alia Hassan",
            gender="female",
            birth_year=1980,
            summary="نائبة عن بغداد.",
        )
        self.bassim = PersonFactory(name="باسم كاظم", name_latin="Bassim Kadhim", gender="male")
        self.dalia = PersonFactory(name="داليا جواد", name_latin="Dalia Jawad", gender="female")
        self.zaid = PersonFactory(name="زيد هادي", name_latin="Zaid Hadi", gender="")
        self.alia_seat = MembershipFactory(
            person=self.alia, term=self.term, on_behalf_of=self.party, area=self.baghdad
        )
        self.bassim_seat = MembershipFactory(
            person=self.bassim, term=self.term, on_behalf_of=self.other_party, area=self.basra
        )
        # Elected for the alliance itself, in the earlier term.
        self.dalia_seat = MembershipFactory(
            person=self.dalia, term=self.old_term, on_behalf_of=self.alliance, area=self.basra
        )
        self.alia_committee = CommitteeMembershipFactory(
            person=self.alia,
            organization=self.committee,
            term=self.term,
            role=Membership.Role.CHAIR,
        )
        ContactDetailFactory(person=self.alia, kind="email", value="alia@parliament.iq")
        PersonIdentifierFactory(person=self.alia, scheme="wikidata", identifier="Q1")
        OtherNameFactory(person=self.alia, name="علياء الحسن")

        self.bill = BillFactory(term=self.term, title="قانون حماية المغتربين", number="12")
        self.sitting = SittingFactory(term=self.term, date=date(2022, 3, 1), number=4)
        self.vote = VoteEventFactory(
            term=self.term,
            date=date(2022, 3, 1),
            bill=self.bill,
            sitting=self.sitting,
            motion="التصويت على قانون حماية المغتربين",
            source_url="https://parliament.iq/v/1",
        )
        VoteFactory(vote_event=self.vote, person=self.alia, option=Vote.Option.YES)
        VoteFactory(vote_event=self.vote, person=self.bassim, option=Vote.Option.NO)
        self.later_vote = VoteEventFactory(
            term=self.term, date=date(2022, 6, 1), result=VoteEvent.Result.FAILED
        )
        self.old_vote = VoteEventFactory(term=self.old_term, date=date(2021, 5, 1))

        self.speech = ActivityFactory(person=self.alia, term=self.term, date=date(2022, 2, 1))
        self.committee_work = ActivityFactory(
            person=self.alia,
            term=self.term,
            date=date(2022, 4, 1),
            kind=Activity.Kind.COMMITTEE,
            committee=self.committee,
        )
        self.question = QuestionFactory(
            term=self.term,
            asked_by=self.bassim,
            ministry=self.ministry,
            asked_on=date(2022, 5, 1),
            title="سؤال عن الكهرباء",
        )
        self.question_entry = ActivityFactory(
            person=self.bassim,
            term=self.term,
            date=date(2022, 5, 1),
            kind=Activity.Kind.QUESTION,
            question=self.question,
            title=self.question.title,
        )
        self.old_speech = ActivityFactory(
            person=self.dalia, term=self.old_term, date=date(2021, 3, 1)
        )


@pytest.fixture
def world(db):
    return World()


def get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.json()


def ids(body):
    return [item["id"] for item in body["items"]]


# --- People ------------------------------------------------------------------------------


def test_persons_lists_everyone_by_name_with_their_seats(client, world):
    body = get(client, "/persons")
    assert body["count"] == 4
    assert body["page"] == 1
    assert body["page_size"] == 30
    assert ids(body) == [world.bassim.pk, world.dalia.pk, world.zaid.pk, world.alia.pk]
    alia = body["items"][3]
    assert alia == {
        "id": world.alia.pk,
        "name": "علياء حسن",
        "name_latin": "Alia Hassan",
        "gender": "female",
        "birth_year": 1980,
        "is_fictional": True,
        "photo_url": None,
        "seats": [
            {
                "id": world.alia_seat.pk,
                "term": {
                    "id": world.term.pk,
                    "identifier": "iq/5",
                    "name": "الدورة الخامسة",
                    "name_en": world.term.name_en,
                    "start_date": "2022-01-09",
                    "end_date": None,
                },
                "role": "member",
                "on_behalf_of": {
                    "id": world.party.pk,
                    "name": "حزب الضفاف",
                    "name_en": world.party.name_en,
                    "classification": "party",
                    "parent_id": world.alliance.pk,
                },
                "alliance": {
                    "id": world.alliance.pk,
                    "name": "تحالف النهر",
                    "name_en": world.alliance.name_en,
                    "classification": "alliance",
                    "parent_id": None,
                },
                "area": {
                    "id": world.baghdad.pk,
                    "identifier": "iq-bg",
                    "name": "بغداد",
                    "name_en": "Baghdad",
                },
                "start_date": "2022-01-09",
                "end_date": None,
            }
        ],
    }
    zaid = body["items"][2]
    assert zaid["gender"] is None
    assert zaid["seats"] == []
    dalia = body["items"][1]
    # Elected for the alliance itself: the alliance is the alliance.
    assert dalia["seats"][0]["alliance"]["id"] == world.alliance.pk


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"term": "term"}, ["bassim", "alia"]),
        ({"term": "old_term"}, ["dalia"]),
        ({"party": "party"}, ["alia"]),
        ({"party": "other_party"}, ["bassim"]),
        ({"alliance": "alliance"}, ["dalia", "alia"]),
        ({"alliance": "alliance", "term": "term"}, ["alia"]),
        ({"area": "basra"}, ["bassim", "dalia"]),
        ({"area": "basra", "term": "term"}, ["bassim"]),
        ({"gender": "female"}, ["dalia", "alia"]),
        ({"gender": "male"}, ["bassim"]),
        ({"committee": "committee"}, ["alia"]),
        ({"committee": "committee", "gender": "male"}, []),
    ],
)
def test_persons_filters(client, world, filters, expected):
    params = {k: v if k == "gender" else getattr(world, v).pk for k, v in filters.items()}
    body = get(client, "/persons", **params)
    assert ids(body) == [getattr(world, name).pk for name in expected]
    assert body["count"] == len(expected)


def test_persons_seats_follow_the_term_filter(client, world):
    MembershipFactory(person=world.alia, term=world.old_term, on_behalf_of=world.other_party)
    everything = get(client, "/persons", gender="female")
    assert [len(p["seats"]) for p in everything["items"]] == [1, 2]
    in_term = get(client, "/persons", term=world.term.pk)
    assert [s["term"]["id"] for s in in_term["items"][1]["seats"]] == [world.term.pk]


def test_unknown_ids_in_filters_find_nothing(client, world):
    assert get(client, "/persons", party=999_999)["items"] == []
    assert get(client, "/vote-events", bill=999_999)["count"] == 0


def test_person_detail(client, world):
    body = get(client, f"/persons/{world.alia.pk}")
    assert body["name"] == "علياء حسن"
    assert body["summary"] == "نائبة عن بغداد."
    assert body["contact_details"] == [
        {"kind": "email", "value": "alia@parliament.iq", "label": ""}
    ]
    assert body["identifiers"] == [{"scheme": "wikidata", "identifier": "Q1"}]
    assert body["other_names"] == [{"name": "علياء الحسن", "note": ""}]
    memberships = {m["id"]: m for m in body["memberships"]}
    assert set(memberships) == {world.alia_seat.pk, world.alia_committee.pk}
    committee = memberships[world.alia_committee.pk]
    assert committee["organization"]["id"] == world.committee.pk
    assert committee["role"] == "chair"
    assert committee["on_behalf_of"] is None
    seat = memberships[world.alia_seat.pk]
    assert seat["organization"]["classification"] == "legislature"
    assert seat["on_behalf_of"]["id"] == world.party.pk
    assert seat["area"]["identifier"] == "iq-bg"
    assert set(body) == {
        "id",
        "name",
        "name_latin",
        "gender",
        "birth_year",
        "summary",
        "is_fictional",
        "photo_url",
        "contact_details",
        "identifiers",
        "other_names",
        "memberships",
    }


def test_person_photo_is_an_absolute_address(client, world):
    world.alia.photo = "photos/alia.jpg"
    world.alia.save()
    expected = f"http://testserver/representatives/{world.alia.pk}/photo/"
    assert get(client, f"/persons/{world.alia.pk}")["photo_url"] == expected
    assert get(client, "/persons", committee=world.committee.pk)["items"][0]["photo_url"] == (
        expected
    )


def test_no_platform_account_is_ever_exposed(client, world):
    organizer = UserFactory(display_name="منظم سري", email="organizer@example.org")
    VoteEvent.objects.update(recorded_by=organizer)
    Activity.objects.update(recorded_by=organizer)
    for path in [
        "/persons",
        f"/persons/{world.alia.pk}",
        "/memberships",
        "/vote-events",
        f"/vote-events/{world.vote.pk}",
        "/activities",
    ]:
        text = client.get(f"{API}{path}").content.decode()
        assert "recorded" not in text
        assert "organizer@example.org" not in text
        assert "منظم سري" not in text


# --- Organizations -----------------------------------------------------------------------


def test_organizations_list_and_filters(client, world):
    body = get(client, "/organizations")
    assert body["count"] == 6
    party = next(o for o in body["items"] if o["id"] == world.party.pk)
    assert party == {
        "id": world.party.pk,
        "name": "حزب الضفاف",
        "name_en": world.party.name_en,
        "classification": "party",
        "parent": {
            "id": world.alliance.pk,
            "name": "تحالف النهر",
            "name_en": world.alliance.name_en,
            "classification": "alliance",
            "parent_id": None,
        },
        "is_fictional": True,
    }
    parties = get(client, "/organizations", classification="party")
    assert ids(parties) == [world.other_party.pk, world.party.pk]  # السعف before الضفاف
    assert ids(get(client, "/organizations", parent=world.alliance.pk)) == [world.party.pk]
    assert ids(get(client, "/organizations", parent=world.legislature.pk)) == [world.committee.pk]
    committees = get(client, "/organizations", classification="committee", parent=world.party.pk)
    assert committees["items"] == []


def test_organization_detail(client, world):
    world.alliance.identifiers.create(scheme="ec", identifier="PP-7")
    body = get(client, f"/organizations/{world.alliance.pk}")
    assert body["name"] == "تحالف النهر"
    assert body["parent"] is None
    assert body["identifiers"] == [{"scheme": "ec", "identifier": "PP-7"}]
    assert [c["id"] for c in body["children"]] == [world.party.pk]


# --- Memberships -------------------------------------------------------------------------


def test_memberships_filters(client, world):
    everything = get(client, "/memberships")
    assert everything["count"] == 4
    by_person = get(client, "/memberships", person=world.alia.pk)
    assert set(ids(by_person)) == {world.alia_seat.pk, world.alia_committee.pk}
    assert by_person["items"][0]["person"] == {
        "id": world.alia.pk,
        "name": "علياء حسن",
        "name_latin": "Alia Hassan",
    }
    in_committee = get(client, "/memberships", organization=world.committee.pk)
    assert ids(in_committee) == [world.alia_committee.pk]
    assert ids(get(client, "/memberships", term=world.old_term.pk)) == [world.dalia_seat.pk]
    seat = get(client, "/memberships", person=world.dalia.pk)["items"][0]
    assert seat["term"]["end_date"] == "2021-10-09"
    assert seat["area"]["name"] == "البصرة"


# --- Vote events -------------------------------------------------------------------------


def test_vote_events_newest_first_with_totals(client, world):
    body = get(client, "/vote-events")
    assert ids(body) == [world.later_vote.pk, world.vote.pk, world.old_vote.pk]
    event = body["items"][1]
    assert event == {
        "id": world.vote.pk,
        "term": {
            "id": world.term.pk,
            "identifier": "iq/5",
            "name": "الدورة الخامسة",
            "name_en": world.term.name_en,
            "start_date": "2022-01-09",
            "end_date": None,
        },
        "date": "2022-03-01",
        "motion": "التصويت على قانون حماية المغتربين",
        "result": "passed",
        "method": "roll_call",
        "individual_votes_known": True,
        "is_key": False,
        "counts": {"yes": 1, "no": 1, "abstain": 0, "absent": 0, "not_voting": 0},
        "bill": {
            "id": world.bill.pk,
            "number": "12",
            "title": "قانون حماية المغتربين",
            "stage": "introduced",
        },
        "sitting": {"id": world.sitting.pk, "date": "2022-03-01", "number": 4, "title": ""},
        "source_url": "https://parliament.iq/v/1",
        "document_ref": "",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"term": "term"}, ["later_vote", "vote"]),
        ({"term": "old_term"}, ["old_vote"]),
        ({"bill": "bill"}, ["vote"]),
        ({"date_from": "2022-03-01"}, ["later_vote", "vote"]),
        ({"date_to": "2022-03-01"}, ["vote", "old_vote"]),
        ({"date_from": "2022-01-01", "date_to": "2022-05-31"}, ["vote"]),
        ({"date_from": "2022-03-01", "date_to": "2022-03-01"}, ["vote"]),
        ({"date_from": "2023-01-01"}, []),
    ],
)
def test_vote_events_filters(client, world, params, expected):
    params = {k: v if k.startswith("date") else getattr(world, v).pk for k, v in params.items()}
    assert ids(get(client, "/vote-events", **params)) == [getattr(world, e).pk for e in expected]


def test_vote_event_detail_has_each_members_vote_and_party(client, world):
    body = get(client, f"/vote-events/{world.vote.pk}")
    assert body["counts"]["yes"] == 1
    votes = {v["person"]["id"]: v for v in body["votes"]}
    assert votes[world.alia.pk]["option"] == "yes"
    assert votes[world.alia.pk]["party"]["id"] == world.party.pk
    assert votes[world.alia.pk]["party"]["parent_id"] == world.alliance.pk
    assert votes[world.bassim.pk] == {
        "person": {"id": world.bassim.pk, "name": "باسم كاظم", "name_latin": "Bassim Kadhim"},
        "option": "no",
        "party": {
            "id": world.other_party.pk,
            "name": "حزب السعف",
            "name_en": world.other_party.name_en,
            "classification": "party",
            "parent_id": None,
        },
    }
    assert get(client, f"/vote-events/{world.later_vote.pk}")["votes"] == []


def test_a_vote_by_show_of_hands_gives_the_result_and_announced_positions_not_votes(client, world):
    event = VoteEventFactory(
        term=world.term,
        date=date(2022, 4, 2),
        method=VoteEvent.Method.SHOW_OF_HANDS,
        individual_votes_known=False,
    )
    AnnouncedPositionFactory(
        vote_event=event, person=world.alia, position="against", date=date(2022, 4, 3)
    )
    VoteExplanationFactory(vote_event=event, person=world.bassim, text="شرحي")
    body = get(client, f"/vote-events/{event.pk}")
    assert body["method"] == "show_of_hands"
    assert body["individual_votes_known"] is False
    assert body["votes"] == []
    assert body["counts"] is None
    assert body["announced_positions"] == [
        {
            "person": {"id": world.alia.pk, "name": world.alia.name, "name_latin": "Alia Hassan"},
            "position": "against",
            "source_kind": "statement",
            "url": "https://example.org/statement",
            "quote": "صوّتُ مع القانون",
            "date": "2022-04-03",
        }
    ]
    assert [e["text"] for e in body["explanations"]] == ["شرحي"]
    listed = {row["id"]: row for row in get(client, "/vote-events")["items"]}
    assert listed[event.pk]["counts"] is None


# --- Activities --------------------------------------------------------------------------


def test_activities_list(client, world):
    body = get(client, "/activities")
    assert ids(body) == [
        world.question_entry.pk,
        world.committee_work.pk,
        world.speech.pk,
        world.old_speech.pk,
    ]
    question, committee = body["items"][0], body["items"][1]
    assert question["kind"] == "question"
    assert question["person"]["id"] == world.bassim.pk
    assert question["question"] == {
        "id": world.question.pk,
        "kind": "written",
        "title": "سؤال عن الكهرباء",
        "asked_on": "2022-05-01",
        "answered_on": None,
    }
    assert question["committee"] is None
    assert committee["committee"]["id"] == world.committee.pk
    assert committee["term"]["id"] == world.term.pk
    assert committee["bill"] is None
    assert committee["sitting"] is None


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"person": "alia"}, ["committee_work", "speech"]),
        ({"person": "alia", "kind": "speech"}, ["speech"]),
        ({"kind": "committee"}, ["committee_work"]),
        ({"kind": "question"}, ["question_entry"]),
        ({"kind": "bill"}, []),
        ({"term": "old_term"}, ["old_speech"]),
        ({"date_from": "2022-02-01", "date_to": "2022-04-01"}, ["committee_work", "speech"]),
        ({"date_to": "2021-12-31"}, ["old_speech"]),
    ],
)
def test_activities_filters(client, world, params, expected):
    params = {
        k: v if k.startswith("date") or k == "kind" else getattr(world, v).pk
        for k, v in params.items()
    }
    assert ids(get(client, "/activities", **params)) == [getattr(world, e).pk for e in expected]


# --- Terms and governorates --------------------------------------------------------------


def test_terms_and_areas(client, world):
    terms = get(client, "/terms")
    assert ids(terms) == [world.term.pk, world.old_term.pk]
    assert terms["items"][0]["legislature"]["id"] == world.legislature.pk
    areas = get(client, "/areas")
    assert ids(areas) == [world.basra.pk, world.baghdad.pk]  # البصرة before بغداد
    assert areas["items"][1] == {
        "id": world.baghdad.pk,
        "identifier": "iq-bg",
        "name": "بغداد",
        "name_en": "Baghdad",
    }


# --- Pages -------------------------------------------------------------------------------


def test_pages(client, world):
    first = get(client, "/persons", page_size=3)
    second = get(client, "/persons", page_size=3, page=2)
    assert (first["count"], first["page"], first["page_size"]) == (4, 1, 3)
    assert len(first["items"]) == 3
    assert (second["count"], second["page"]) == (4, 2)
    assert ids(first) + ids(second) == ids(get(client, "/persons"))
    assert get(client, "/persons", page=3, page_size=3)["items"] == []
    assert len(get(client, "/organizations", page_size=100)["items"]) == 6


def test_pages_never_skip_or_repeat_rows_that_sort_alike(client, db):
    term = TermFactory()
    for _ in range(7):
        VoteEventFactory(term=term, date=date(2022, 5, 5))
    seen = []
    for page in (1, 2, 3):
        seen += ids(get(client, "/vote-events", page=page, page_size=3))
    assert sorted(seen) == sorted(VoteEvent.objects.values_list("id", flat=True))


def test_numbers_and_dates_in_arabic_indic_or_persian_digits(client, world):
    body = get(client, "/vote-events", date_from="٢٠٢٢-٠٣-٠١", date_to="۲۰۲۲-۰۳-۰۱")
    assert ids(body) == [world.vote.pk]

    def arabic(number):
        return str(number).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))

    body = get(client, "/persons", term=arabic(world.term.pk), page_size="١")
    assert (body["count"], len(body["items"])) == (2, 1)
    assert get(client, f"/persons/{arabic(world.alia.pk)}")["id"] == world.alia.pk


# --- Errors ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["persons", "organizations", "vote-events"])
@pytest.mark.parametrize("pk", ["999999", "0", "-3", str(10**20)])
def test_unknown_ids_are_404_json(client, db, path, pk):
    response = client.get(f"{API}/{path}/{pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


@pytest.mark.parametrize("path", ["persons", "organizations", "vote-events"])
def test_ids_that_are_not_numbers_are_422(client, db, path):
    response = client.get(f"{API}/{path}/abc")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "id"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/persons", {"term": "abc"}, "term"),
        ("/persons", {"party": "0"}, "party"),
        ("/persons", {"alliance": str(2**63)}, "alliance"),
        ("/persons", {"area": "1.5"}, "area"),
        ("/persons", {"gender": "other"}, "gender"),
        ("/persons", {"committee": ""}, "committee"),
        ("/organizations", {"classification": "club"}, "classification"),
        ("/organizations", {"parent": "x"}, "parent"),
        ("/memberships", {"person": "-1"}, "person"),
        ("/memberships", {"organization": str(10**30)}, "organization"),
        ("/vote-events", {"date_from": "2022-13-01"}, "date_from"),
        ("/vote-events", {"date_to": "yesterday"}, "date_to"),
        ("/vote-events", {"bill": "🙂"}, "bill"),
        ("/activities", {"kind": "tweet"}, "kind"),
        ("/activities", {"date_from": "01/02/2022"}, "date_from"),
        ("/activities", {"date_to": "1640995200"}, "date_to"),  # a Unix timestamp
        ("/persons", {"page": "0"}, "page"),
        ("/persons", {"page": "abc"}, "page"),
        ("/persons", {"page": str(10**20)}, "page"),
        ("/activities", {"page_size": "101"}, "page_size"),
        ("/areas", {"page_size": "0"}, "page_size"),
    ],
)
def test_bad_filter_values_are_422(client, db, path, params, field):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert [e["loc"][-1] for e in errors] == [field]
    assert errors[0]["loc"][0] == "query"


@pytest.mark.parametrize("path", ["/vote-events", "/activities"])
def test_a_date_range_that_ends_before_it_starts_is_422(client, db, path):
    response = client.get(f"{API}{path}", {"date_from": "2022-05-01", "date_to": "2022-04-01"})
    assert response.status_code == 422
    assert "date_from is after date_to" in response.json()["detail"][0]["msg"]


# --- Queries -----------------------------------------------------------------------------


@pytest.fixture
def crowd(db):
    """Sixty seated members with contacts and committees; votes and activities for each."""
    term = TermFactory()
    alliance = AllianceFactory()
    parties = [PartyFactory(parent=alliance), PartyFactory()]
    committee = CommitteeFactory()
    areas = [AreaFactory(), AreaFactory()]
    event = VoteEventFactory(term=term, bill=BillFactory(term=term), sitting=SittingFactory())
    question = QuestionFactory(term=term)
    for i in range(60):
        seat = MembershipFactory(term=term, on_behalf_of=parties[i % 2], area=areas[i % 2])
        CommitteeMembershipFactory(person=seat.person, organization=committee, term=term)
        ContactDetailFactory(person=seat.person)
        VoteFactory(vote_event=event, person=seat.person, option=Vote.Option.values[i % 5])
        ActivityFactory(
            person=seat.person,
            term=term,
            kind=Activity.Kind.COMMITTEE,
            committee=committee,
            sitting=event.sitting,
            date=term.start_date + timedelta(days=i),
        )
        ActivityFactory(
            person=seat.person, term=term, kind=Activity.Kind.QUESTION, question=question
        )
        VoteEventFactory(term=term, bill=event.bill)
    return {"term": term, "alliance": alliance, "committee": committee, "event": event}


@pytest.mark.parametrize(
    ("path", "params", "queries"),
    [
        # count, page, and the seats of the page's people
        ("/persons", {}, 3),
        ("/persons", {"alliance": "alliance", "committee": "committee", "term": "term"}, 3),
        ("/organizations", {}, 2),
        ("/memberships", {}, 2),
        ("/vote-events", {"term": "term"}, 2),
        ("/activities", {"term": "term"}, 2),
        ("/terms", {}, 2),
        ("/areas", {}, 2),
    ],
)
def test_list_queries_do_not_grow_with_rows(
    client, crowd, django_assert_num_queries, path, params, queries
):
    params = {k: crowd[v].pk for k, v in params.items()}
    with django_assert_num_queries(queries):
        body = get(client, path, page_size=100, **params)
    assert len(body["items"]) >= 2


def test_detail_queries_are_bounded(client, crowd, django_assert_num_queries):
    person = crowd["committee"].memberships.first().person
    # the person; contacts, other names, memberships (with their organizations); identifiers
    with django_assert_num_queries(5):
        get(client, f"/persons/{person.pk}")
    # the event with its term, bill and sitting; the votes with their people and parties;
    # the positions announced and the explanations (with their people)
    with django_assert_num_queries(4):
        body = get(client, f"/vote-events/{crowd['event'].pk}")
    assert len(body["votes"]) == 60
    # the organization; identifiers; parts
    with django_assert_num_queries(3):
        get(client, f"/organizations/{crowd['alliance'].pk}")


# --- OpenAPI -----------------------------------------------------------------------------

PAGE = {"page", "page_size"}
OPERATIONS = {
    "/persons": {"term", "party", "alliance", "area", "gender", "committee"} | PAGE,
    "/persons/{id}": {"id"},
    "/organizations": {"classification", "parent"} | PAGE,
    "/organizations/{id}": {"id"},
    "/memberships": {"person", "organization", "term"} | PAGE,
    "/vote-events": {"term", "date_from", "date_to", "bill"} | PAGE,
    "/vote-events/{id}": {"id"},
    "/activities": {"person", "kind", "term", "date_from", "date_to"} | PAGE,
    "/terms": PAGE,
    "/areas": PAGE,
}


def test_openapi_lists_every_operation_with_its_parameters(client, db):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path, parameters in OPERATIONS.items():
        operation = paths[f"{API}{path}"]["get"]
        assert operation["tags"] == ["parliament"]
        assert operation["summary"]
        assert {p["name"] for p in operation["parameters"]} == parameters, path
        assert "200" in operation["responses"]
    assert f"{API}/health" in paths
    gender = next(p for p in paths[f"{API}/persons"]["get"]["parameters"] if p["name"] == "gender")
    assert "female" in str(gender["schema"])
    page_size = next(
        p for p in paths[f"{API}/persons"]["get"]["parameters"] if p["name"] == "page_size"
    )
    assert page_size["schema"]["maximum"] == 100
    listed = schema["components"]["schemas"]["PagedPersonSummaryOut"]["properties"]
    assert {"items", "count", "page", "page_size"} <= set(listed)
    assert "recorded_by" not in str(schema)
