"""A fictional election for the demo: every list, party, candidate and vote here is
invented and marked ``is_fictional``. Its lists are the demo parliament's fictional
alliances; no result is ever attributed to a real person or party.

The result is computed and compared with "official" figures (one of them deliberately
different, to show the check), and left uncertified, so organizers can try certifying.
"""

import io
import random
from datetime import date, timedelta

from jisr.parliament.models import Area, Organization, Person

from . import services
from .importers import election_import
from .models import Candidate, Constituency, Election

ACTOR = "system:demo"
NAME = "انتخابات مجلس النواب التجريبية (خيالية)"
NAME_EN = "Demo parliamentary election (fictional)"

# (name, English name, parliament area identifier, general seats, quota seats)
CONSTITUENCIES = [
    ("بغداد", "Baghdad", "iq-bg", 8, {"christian": 1, "sabean-mandaean": 1}),
    ("البصرة", "Basra", "iq-ba", 6, {}),
    ("نينوى", "Nineveh", "iq-ni", 5, {"yazidi": 1}),
    ("النجف", "Najaf", "iq-na", 4, {}),
]
# (number, name, English name, parties within, share of the votes)
LISTS = [
    (
        101,
        "تحالف النهر (خيالي)",
        "River Alliance (fictional)",
        [
            ("حزب الضفاف (خيالي)", "Banks Party (fictional)"),
            ("حركة الجسور (خيالية)", "Bridges Movement (fictional)"),
        ],
        0.34,
    ),
    (
        102,
        "ائتلاف النخيل (خيالي)",
        "Palm Coalition (fictional)",
        [
            ("حزب السعف (خيالي)", "Fronds Party (fictional)"),
            ("تيار الواحة (خيالي)", "Oasis Current (fictional)"),
        ],
        0.29,
    ),
    (103, "قائمة المدن المتحدة (خيالية)", "United Cities List (fictional)", [], 0.2),
    (104, "حركة الغد المشرق (خيالية)", "Bright Tomorrow Movement (fictional)", [], 0.12),
]
COMMUNITY_LISTS = {
    "christian": (201, "قائمة أور (خيالية)", "Ur List (fictional)"),
    "sabean-mandaean": (202, "قائمة النور (خيالية)", "Light List (fictional)"),
    "yazidi": (203, "قائمة الجبل (خيالية)", "Mountain List (fictional)"),
}
WOMEN = ["زهراء", "آمنة", "بشرى", "سناء", "ريم", "إيمان", "ندى", "شيماء", "غدير", "تبارك"]
MEN = ["مصطفى", "أحمد", "حسين", "علي", "عباس", "ليث", "مهند", "سيف", "أنمار", "قاسم"]
FAMILIES = ["الشمري", "الكعبي", "الربيعي", "الجبوري", "الزبيدي", "العبيدي", "الساعدي", "التميمي"]
LATIN = {
    "زهراء": "Zahraa",
    "آمنة": "Amina",
    "بشرى": "Bushra",
    "سناء": "Sanaa",
    "ريم": "Reem",
    "إيمان": "Iman",
    "ندى": "Nada",
    "شيماء": "Shaimaa",
    "غدير": "Ghadeer",
    "تبارك": "Tabarak",
    "مصطفى": "Mustafa",
    "أحمد": "Ahmed",
    "حسين": "Hussein",
    "علي": "Ali",
    "عباس": "Abbas",
    "ليث": "Laith",
    "مهند": "Muhannad",
    "سيف": "Saif",
    "أنمار": "Anmar",
    "قاسم": "Qasim",
    "الشمري": "Al-Shammari",
    "الكعبي": "Al-Kaabi",
    "الربيعي": "Al-Rubaie",
    "الجبوري": "Al-Jubouri",
    "الزبيدي": "Al-Zubaidi",
    "العبيدي": "Al-Obaidi",
    "الساعدي": "Al-Saadi",
    "التميمي": "Al-Tamimi",
}


def load(stdout) -> None:
    if Election.objects.filter(name=NAME, is_fictional=True).exists():
        return
    rng = random.Random(2025)
    election = services.election_create.within(
        actor=ACTOR,
        name=NAME,
        name_en=NAME_EN,
        date=date.today() - timedelta(days=400),
        kind=Election.Kind.PARLIAMENTARY,
        rule_set="iq-2025",
        is_fictional=True,
    )
    services.constituencies_save.within(
        actor=ACTOR,
        election=election,
        rows=[
            services.ConstituencyInput(
                name=name,
                name_en=name_en,
                code=code,
                seats=seats,
                quota_seats=quota,
                area=Area.objects.filter(identifier=code).first(),
            )
            for name, name_en, code, seats, quota in CONSTITUENCIES
        ],
    )
    constituencies = {c.code: c for c in election.constituencies.all()}
    services.roster_save.within(
        actor=ACTOR, election=election, entries=_roster(constituencies, rng)
    )
    _link_parliament(election)
    _results(election, constituencies, rng, stdout)
    run = services.allocation_run.within(actor=ACTOR, election=election, seed=2025)
    _official(election, run)
    stdout.write(
        f"\nDemo election (fictional): {len(constituencies)} constituencies, "
        f"{Candidate.objects.filter(election=election).count()} candidates, "
        f"{run.seats.count()} seats allocated (not certified)."
    )


def _name(rng, woman: bool, used: set) -> tuple[str, str]:
    while True:
        first = rng.choice(WOMEN if woman else MEN)
        family = rng.choice(FAMILIES)
        middle = rng.choice(MEN)
        name = f"{first} {middle} {family}"
        if name not in used:
            used.add(name)
            return name, f"{LATIN[first]} {LATIN[middle]} {LATIN[family]}"


def _roster(constituencies, rng) -> list:
    entries: list = []
    used: set[str] = set()
    # Two sitting members of the demo parliament stand again; their candidacy is linked.
    incumbents = list(Person.objects.filter(is_fictional=True).order_by("pk")[:2])
    for _label, _label_en, code, seats, quota in CONSTITUENCIES:
        constituency = constituencies[code]
        for number, list_name, list_en, parties, _share in LISTS:
            for position in range(1, seats + 2):
                woman = position % 3 == 2
                person_name, latin = _name(rng, woman, used)
                if code == "iq-bg" and number == 101 and position <= len(incumbents):
                    person = incumbents[position - 1]
                    person_name, latin = person.name, person.name_latin
                    woman = person.gender == Person.Gender.FEMALE
                party = parties[position % len(parties)] if parties else ("", "")
                entries.append(
                    services.CandidateInput(
                        constituency=constituency,
                        list_name=list_name,
                        number=position,
                        name=person_name,
                        name_latin=latin,
                        gender="female" if woman else "male",
                        party_name=party[0],
                        party_name_en=party[1],
                        list_number=number,
                        list_name_en=list_en,
                    )
                )
        for community in quota:
            number, list_name, list_en = COMMUNITY_LISTS[community]
            for position in range(1, 4):
                person_name, latin = _name(rng, position == 2, used)
                entries.append(
                    services.CandidateInput(
                        constituency=constituency,
                        list_name=list_name,
                        number=position,
                        name=person_name,
                        name_latin=latin,
                        gender="female" if position == 2 else "male",
                        community=community,
                        list_number=number,
                        list_name_en=list_en,
                    )
                )
    return entries


def _link_parliament(election) -> None:
    """Link the lists and parties to the demo parliament's fictional organizations, and the
    incumbents' candidacies to their fictional person."""
    for item in election.lists.all():
        item.organization = Organization.objects.filter(
            name_key=item.name_key, is_fictional=True
        ).first()
        item.save(update_fields=["organization"])
        for party in item.parties.all():
            party.organization = Organization.objects.filter(
                name_key=party.name_key, is_fictional=True
            ).first()
            party.save(update_fields=["organization"])
    for candidate in Candidate.objects.filter(election=election):
        person = Person.objects.filter(name_key=candidate.name_key, is_fictional=True).first()
        if person is not None:
            candidate.person = person
            candidate.save(update_fields=["person"])


def _results(election, constituencies, rng, stdout) -> None:
    """Votes for every list and candidate; Najaf's come from a polling-station file."""
    candidates = list(Candidate.objects.filter(election=election).select_related("electoral_list"))
    list_votes, candidate_votes = {}, {}
    stations = io.StringIO()
    stations.write("constituency,station,list,candidate,votes\n")
    for code, constituency in constituencies.items():
        mine = [c for c in candidates if c.constituency_id == constituency.pk]
        size = rng.randint(180_000, 420_000) if code != "iq-na" else 0
        per_list, per_candidate = {}, {}
        for number, _name, _en, _parties, share in LISTS:
            running = [c for c in mine if c.electoral_list.number == number]
            if code == "iq-na":
                continue
            total = int(size * share * rng.uniform(0.8, 1.2))
            personal = _split(rng, int(total * 0.85), len(running))
            per_list[running[0].electoral_list_id] = total
            per_candidate.update({c.pk: v for c, v in zip(running, personal, strict=True)})
        for community in constituency.quota_seats:
            running = [c for c in mine if c.community == community]
            personal = _split(rng, rng.randint(3_000, 12_000), len(running))
            per_candidate.update({c.pk: v for c, v in zip(running, personal, strict=True)})
            per_list[running[0].electoral_list_id] = sum(personal) + rng.randint(50, 400)
        if code == "iq-na":
            _stations(stations, constituency, mine, rng)
            continue
        list_votes[constituency.pk] = per_list
        candidate_votes[constituency.pk] = per_candidate
    services.list_results_replace.within(actor=ACTOR, election=election, votes=list_votes)
    services.candidate_results_replace.within(actor=ACTOR, election=election, votes=candidate_votes)
    data = stations.getvalue().encode()
    election_import("stations", io.BytesIO(data), election=election, actor=ACTOR, size=len(data))


def _split(rng, total: int, parts: int) -> list[int]:
    weights = [rng.paretovariate(1.3) for _ in range(parts)]
    scale = total / sum(weights)
    return [int(w * scale) for w in weights]


def _stations(out, constituency: Constituency, candidates, rng) -> None:
    weights = {number: share for number, _n, _e, _p, share in LISTS}
    popularity = {c.pk: rng.paretovariate(1.3) for c in candidates}
    for index in range(40):
        code = f"NA-{1001 + index}"
        total = 0
        for number in sorted(weights):
            running = [c for c in candidates if c.electoral_list.number == number]
            listed = 0
            for candidate in running:
                votes = int(popularity[candidate.pk] * weights[number] * rng.uniform(20, 60))
                if votes:
                    out.write(f"{constituency.name},{code},{number},{candidate.number},{votes}\n")
                    listed += votes
            listed += rng.randint(0, 40)  # ballots for the list without a candidate
            out.write(f"{constituency.name},{code},{number},,{listed}\n")
            total += listed
        out.write(f"{constituency.name},{code},,,{total}\n")


def _official(election, run) -> None:
    """Enter "official" seats equal to the computed ones, except in Basra, where one seat
    is announced for another list: the check page shows how a difference looks."""
    for constituency in election.constituencies.all():
        seats: dict[int, int] = {}
        for seat in run.seats.filter(constituency=constituency):
            if seat.electoral_list_id is not None:  # every demo candidate stands on a list
                seats[seat.electoral_list_id] = seats.get(seat.electoral_list_id, 0) + 1
        if constituency.code == "iq-ba" and len(seats) >= 2:
            ordered = sorted(seats, key=lambda pk: -seats[pk])
            seats[ordered[0]] -= 1
            seats[ordered[-1]] += 1
        services.official_seats_set.within(actor=ACTOR, constituency=constituency, seats=seats)
