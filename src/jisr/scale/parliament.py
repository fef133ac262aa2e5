"""Parliament: 18 governorates, 5 alliances of 20 parties, committees and ministries, two
terms of 329 seats (some members sit in both), sittings with attendance, bills, questions,
vote events with every member's vote, and the timeline of speeches and committee work.

Activity is skewed as in a real house: a few members do much of the talking. Votes follow
the alliance's line, with some dissent and absences. Counts on rows (a vote event's
tallies) are computed from the rows written.
"""

import datetime as dt
from collections import Counter

from jisr.core.text.arabic import name_key
from jisr.parliament.models import (
    Activity,
    Area,
    Attendance,
    Bill,
    BillStage,
    ContactDetail,
    Membership,
    Organization,
    OtherName,
    Person,
    Question,
    Sitting,
    Term,
    Vote,
    VoteEvent,
)

from . import loader
from .names import (
    ALLIANCES,
    BILL_KINDS,
    COMMITTEES,
    GOVERNORATES,
    LAST_DAY,
    LOREM,
    MINISTRIES,
    PARTIES,
    READINGS,
    SUBJECTS,
    TERMS,
    day_between,
    largest_remainder,
    person_name,
)
from .plan import SEATS, Context

CLS = Organization.Classification


def recorded(day: dt.date) -> dt.datetime:
    """When a record was entered: the morning after."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(10), tzinfo=dt.UTC)


RETURNING = 0.45  # members of the first term who sit again in the second
WOMEN = 83  # the quota: a quarter of the seats
OPTIONS = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent", "V": "not_voting"}
STAGES = [
    Bill.Stage.INTRODUCED,
    Bill.Stage.FIRST_READING,
    Bill.Stage.SECOND_READING,
    Bill.Stage.COMMITTEE,
    Bill.Stage.VOTE,
    Bill.Stage.PASSED,
]


def halves(total: int) -> list[int]:
    """A count split over the two terms, the current one taking the odd one out."""
    first = total // 2
    return [first, total - first]


def generate(ctx: Context) -> dict[str, int]:
    rng = ctx.rng("parliament")
    counts: Counter = Counter()
    structure(ctx, rng, counts)
    for t in range(len(TERMS)):
        term_records(ctx, t, counts)
    loader.reset_sequences(Bill, Question, VoteEvent)
    return dict(counts)


# --- Organizations, people, seats -----------------------------------------------------------


def _org(name, name_en, classification, parent=None):
    return Organization(
        name=name,
        name_en=name_en,
        classification=classification,
        parent=parent,
        name_key=name_key(name),
        is_fictional=True,
    )


def structure(ctx: Context, rng, counts: Counter) -> None:
    areas = Area.objects.bulk_create(
        Area(name=ar, name_en=en, identifier=f"scale-{en.lower().replace(' ', '-')}")
        for ar, en, _seats, _quota in GOVERNORATES
    )
    ctx.area_ids = [a.pk for a in areas]
    legislature = Organization.objects.bulk_create(
        [_org("مجلس النواب", "Council of Representatives", CLS.LEGISLATURE)]
    )[0]
    alliances = Organization.objects.bulk_create(_org(ar, en, CLS.ALLIANCE) for ar, en in ALLIANCES)
    # Sixteen parties sit in the five alliances, four stand alone.
    parties = Organization.objects.bulk_create(
        _org(ar, en, CLS.PARTY, alliances[i % 5] if i < 16 else None)
        for i, (ar, en) in enumerate(PARTIES)
    )
    committees = Organization.objects.bulk_create(
        _org(f"لجنة {name}", "", CLS.COMMITTEE, legislature) for name in COMMITTEES
    )
    ministries = Organization.objects.bulk_create(
        _org(f"وزارة {name}", "", CLS.MINISTRY) for name in MINISTRIES
    )
    ctx.alliance_ids = [a.pk for a in alliances]
    ctx.party_ids = [p.pk for p in parties]
    ctx.party_parent = {p.pk: p.parent_id for p in parties}
    ctx.committee_names = {c.pk: c.name for c in committees}
    ctx.ministries = [(m.pk, m.name) for m in ministries]
    terms = Term.objects.bulk_create(
        Term(
            legislature=legislature,
            identifier=ident,
            name=name,
            name_en=name_en,
            start_date=start,
            end_date=end,
        )
        for ident, name, name_en, start, end in TERMS
    )
    ctx.term_ids = [t.pk for t in terms]
    counts["organizations"] = 1 + len(alliances) + len(parties) + len(committees) + len(ministries)

    # The people: a first term of 329, then some of them and newcomers in the second.
    used: set[str] = set()
    people: list[Person] = []

    def new_person(woman: bool) -> Person:
        while True:
            name, latin = person_name(rng, woman)
            if name not in used:
                used.add(name)
                break
        person = Person(
            name=name,
            name_latin=latin,
            gender="female" if woman else "male",
            birth_year=rng.randint(1955, 1992),
            name_key=name_key(name),
            is_fictional=True,
            summary=f"نائب في مجلس النواب. {LOREM}" if rng.random() < 0.3 else "",
        )
        people.append(person)
        return person

    term_people: list[list[Person]] = []
    women = set(rng.sample(range(SEATS), WOMEN))
    term_people.append([new_person(i in women) for i in range(SEATS)])
    returning = rng.sample(term_people[0], round(RETURNING * SEATS))
    women_back = sum(1 for p in returning if p.gender == "female")
    fresh = SEATS - len(returning)
    new_women = set(rng.sample(range(fresh), max(WOMEN - women_back, 0)))
    term_people.append(returning + [new_person(i in new_women) for i in range(fresh)])
    Person.objects.bulk_create(people)
    counts["representatives"] = len(people)

    memberships = []
    ctx.seats = []
    ctx.member_committees = []
    area_seats = [general + sum(quota.values()) for _ar, _en, general, quota in GOVERNORATES]
    for t, members in enumerate(term_people):
        weights = [1 / (i + 2 + 3 * t * (i % 3 == 0)) ** 0.9 for i in range(len(parties))]
        party_seats = largest_remainder(weights, SEATS)
        party_of = [p for p, k in zip(parties, party_seats, strict=True) for _ in range(k)]
        area_of = [a for a, k in enumerate(area_seats) for _ in range(k)]
        rng.shuffle(party_of)
        rng.shuffle(area_of)
        seats, chairs, mine = [], set(), []
        for person, party, area in zip(members, party_of, area_of, strict=True):
            seats.append((person.pk, party.pk, area))
            memberships.append(
                Membership(
                    person=person,
                    organization=legislature,
                    term=terms[t],
                    on_behalf_of=party,
                    area=areas[area],
                )
            )
            pair = rng.sample(committees, 2)
            mine.append([c.pk for c in pair])
            for committee in pair:
                role = Membership.Role.MEMBER
                if committee.pk not in chairs:
                    chairs.add(committee.pk)
                    role = Membership.Role.CHAIR
                memberships.append(
                    Membership(person=person, organization=committee, term=terms[t], role=role)
                )
        ctx.seats.append(seats)
        ctx.member_committees.append(mine)
    Membership.objects.bulk_create(memberships, batch_size=2_000)
    counts["memberships"] = len(memberships)
    ContactDetail.objects.bulk_create(
        (
            ContactDetail(
                person=p, kind=ContactDetail.Kind.EMAIL, value=f"office{p.pk}@example.org"
            )
            for p in people
        ),
        batch_size=2_000,
    )
    OtherName.objects.bulk_create(
        OtherName(person=p, name=p.name.replace("ي ", "ى "), note="كما في الجريدة الرسمية")
        for p in people[::10]
    )


# --- One term's records ---------------------------------------------------------------------


def term_records(ctx: Context, t: int, counts: Counter) -> None:
    rng = ctx.rng(f"parliament-term-{t}")
    term_id = ctx.term_ids[t]
    start, end = TERMS[t][3], TERMS[t][4] or LAST_DAY
    seats = ctx.seats[t]
    members = len(seats)
    ids = [pk for pk, _party, _area in seats]
    party_ids = [party for _pk, party, _area in seats]
    alliance_of = [ctx.party_parent[party] or party for party in party_ids]
    ranks = list(range(members))
    rng.shuffle(ranks)
    cum_weight, acc = [], 0.0
    for rank in ranks:
        acc += 1 / (rank + 1) ** 0.6
        cum_weight.append(acc)
    absence = [min(0.6, rng.betavariate(2, 12)) for _ in range(members)]
    loyalty = [rng.uniform(0.8, 0.97) for _ in range(members)]
    n = {
        key: halves(ctx.n[key])[t]
        for key in ("sittings", "vote_events", "activities", "bills", "questions")
    }
    label = f" ({TERMS[t][2].lower()})"

    days = sorted(rng.sample(range((end - start).days + 1), n["sittings"]))
    sittings = Sitting.objects.bulk_create(
        Sitting(
            term_id=term_id,
            date=start + dt.timedelta(days=d),
            number=i + 1,
            title=f"الجلسة رقم {i + 1}",
        )
        for i, d in enumerate(days)
    )
    counts["sittings"] += len(sittings)

    activities: list[tuple] = []

    def activity(
        person_id, kind, day, title, sitting=None, committee=None, bill=None, question=None
    ):
        summary = LOREM if rng.random() < 0.3 else ""
        source = f"https://parliament.example.org/record/{t}-{len(activities)}"
        activities.append(
            (
                person_id,
                term_id,
                kind,
                day,
                title,
                summary,
                sitting,
                committee,
                bill,
                question,
                source if rng.random() < 0.5 else "",
                "",
                recorded(day),
            )
        )

    # Bills, with their sponsors (each gets a timeline entry) and the stages they passed.
    first_bill = len(ctx.bill_ids) + 1
    bills, sponsors, stages, titles = [], [], [], {}
    for i in range(first_bill, first_bill + n["bills"]):
        day = day_between(rng, start, end)
        title = f"مشروع {rng.choice(BILL_KINDS)} {rng.choice(SUBJECTS)} رقم {i}"
        stage = rng.choice(Bill.Stage.values)
        titles[i] = title
        bills.append(
            (i, term_id, title, f"{i}/{day.year}", LOREM, day, stage, "", "", "", "", recorded(day))
        )
        for k in sorted(
            {
                rng.choices(range(members), cum_weights=cum_weight)[0]
                for _ in range(rng.randint(1, 5))
            }
        ):
            sponsors.append((i, ids[k]))
            activity(ids[k], Activity.Kind.BILL, day, title, bill=i)
        path = (
            STAGES[: STAGES.index(Bill.Stage(stage)) + 1] if stage in STAGES else [STAGES[0], stage]
        )
        for j, step in enumerate(path):
            stages.append((i, step, min(day + dt.timedelta(days=40 * j), end), ""))
        ctx.bill_ids.append(i)
    fields = [
        "id",
        "term",
        "title",
        "number",
        "summary",
        "introduced_on",
        "stage",
        "explainer",
        "explainer_en",
        "source_url",
        "document_ref",
        "recorded_at",
    ]
    counts["bills"] += loader.insert(
        Bill, fields, bills, ctx.progress.bar("bills" + label, len(bills))
    )
    loader.insert(Bill.sponsors.through, ["bill", "person"], sponsors)
    loader.insert(BillStage, ["bill", "stage", "date", "note"], stages)

    # Questions to ministries, some answered.
    first_question = len(ctx.question_ids) + 1
    questions = []
    askers = rng.choices(range(members), cum_weights=cum_weight, k=n["questions"])
    for i, k in enumerate(askers, start=first_question):
        day = day_between(rng, start, end)
        ministry, ministry_name = rng.choice(ctx.ministries)
        answered = day + dt.timedelta(days=rng.randint(10, 120)) if rng.random() < 0.4 else None
        if answered and answered > end:
            answered = None
        title = f"سؤال إلى {ministry_name} عن {rng.choice(SUBJECTS)}"
        questions.append(
            (
                i,
                term_id,
                ids[k],
                ministry,
                rng.choice(["oral", "written"]),
                day,
                title,
                LOREM,
                answered,
                LOREM if answered else "",
                "",
                "",
                recorded(answered or day),
            )
        )
        activity(ids[k], Activity.Kind.QUESTION, day, title, question=i)
        ctx.question_ids.append(i)
    fields = [
        "id",
        "term",
        "asked_by",
        "ministry",
        "kind",
        "asked_on",
        "title",
        "body",
        "answered_on",
        "answer",
        "source_url",
        "document_ref",
        "recorded_at",
    ]
    counts["questions"] += loader.insert(
        Question, fields, questions, ctx.progress.bar("questions" + label, len(questions))
    )

    # Vote events, each with a vote of every member of the term.
    first_event = sum(halves(ctx.n["vote_events"])[:t]) + 1
    events, ballots = [], []
    term_bills = list(range(first_bill, first_bill + n["bills"]))
    for i in range(first_event, first_event + n["vote_events"]):
        sitting = sittings[(i - first_event) * len(sittings) // n["vote_events"]]
        stance = {a: rng.random() < 0.75 for a in set(alliance_of)}
        marks: list[str] = []
        for m in range(members):
            r = rng.random()
            if r < absence[m]:
                marks.append("X")
            elif r < absence[m] + 0.02:
                marks.append("V")
            elif rng.random() < loyalty[m]:
                marks.append("Y" if stance[alliance_of[m]] else "N")
            else:
                marks.append(rng.choice("NA" if stance[alliance_of[m]] else "YA"))
        ballot = "".join(marks)
        tally = {code: ballot.count(code) for code in OPTIONS}
        bill = None
        if term_bills and rng.random() < 0.4:
            bill = rng.choice(term_bills)
            motion = f"التصويت على {titles[bill]} ({rng.choice(READINGS)})"
        else:
            motion = f"التصويت على قرار بشأن {rng.choice(SUBJECTS)} رقم {i}"
        result = "passed" if tally["Y"] > tally["N"] + tally["A"] else "failed"
        events.append(
            (
                i,
                term_id,
                sitting.pk,
                bill,
                sitting.date,
                motion,
                result,
                tally["Y"],
                tally["N"],
                tally["A"],
                tally["X"],
                tally["V"],
                "",
                "",
                recorded(sitting.date),
                "roll_call",
                True,
                False,
            )
        )
        ballots.append((i, ballot))
    fields = [
        "id",
        "term",
        "sitting",
        "bill",
        "date",
        "motion",
        "result",
        "yes_count",
        "no_count",
        "abstain_count",
        "absent_count",
        "not_voting_count",
        "source_url",
        "document_ref",
        "recorded_at",
        "method",
        "individual_votes_known",
        "is_key",
    ]
    counts["vote events"] += loader.insert(VoteEvent, fields, events)
    votes = (
        (event, ids[m], OPTIONS[code], party_ids[m])
        for event, ballot in ballots
        for m, code in enumerate(ballot)
    )
    with loader.big_table(Vote):
        counts["votes"] += loader.insert(
            Vote,
            ["vote_event", "person", "option", "party"],
            votes,
            ctx.progress.bar("votes" + label, len(ballots) * members),
        )

    # The rest of the timeline: speeches in sittings and committee work.
    rest = n["activities"] - len(activities)
    for k in rng.choices(range(members), cum_weights=cum_weight, k=max(rest, 0)):
        subject = rng.choice(SUBJECTS)
        if rng.random() < 0.6:
            sitting = rng.choice(sittings)
            title = f"مداخلة في {sitting.title} بشأن {subject}"
            activity(ids[k], Activity.Kind.SPEECH, sitting.date, title, sitting=sitting.pk)
        else:
            committee = rng.choice(ctx.member_committees[t][k])
            title = f"اجتماع {ctx.committee_names[committee]}: {subject}"
            activity(
                ids[k],
                Activity.Kind.COMMITTEE,
                day_between(rng, start, end),
                title,
                committee=committee,
            )
    activities.sort(key=lambda row: row[3])  # records arrive roughly in date order
    fields = [
        "person",
        "term",
        "kind",
        "date",
        "title",
        "summary",
        "sitting",
        "committee",
        "bill",
        "question",
        "source_url",
        "document_ref",
        "recorded_at",
    ]
    with loader.big_table(Activity):
        counts["activities"] += loader.insert(
            Activity, fields, activities, ctx.progress.bar("activities" + label, len(activities))
        )

    statuses = ("absent", "excused")
    # The reason of an absence is unknown and the source the official list (generated data).
    rows = (
        (sitting.pk, ids[m], status, "unknown" if status != "present" else "", "official", "")
        for sitting in sittings
        for m in range(members)
        for status in [rng.choice(statuses) if rng.random() < absence[m] else "present"]
    )
    with loader.big_table(Attendance):
        counts["attendance"] += loader.insert(
            Attendance,
            ["sitting", "person", "status", "reason", "source", "source_url"],
            rows,
            ctx.progress.bar("attendance" + label, len(sittings) * members),
        )
