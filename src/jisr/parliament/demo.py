"""A fictional parliament for the demo: every person, party and record here is invented
and marked ``is_fictional``. Real people imported from Popolo never get demo activity."""

import random
from datetime import date, time, timedelta

from . import services
from .models import (
    Activity,
    AnnouncedPosition,
    Area,
    Attendance,
    Bill,
    Membership,
    Organization,
    Person,
    Question,
    Sitting,
    Term,
    Vote,
    VoteEvent,
    VoteExplanation,
)

DEMO_TERM = "demo/term-1"
REASON = Attendance.Reason
EXCUSES = [REASON.MISSION, REASON.MEDICAL, REASON.MEDICAL, REASON.EXEMPTION]
ABSENCES = [REASON.UNEXCUSED, REASON.UNKNOWN]
# The day of the sitting in the demo's sample CSV (docs/demo/attendance.csv): the demo term
# always begins on or before it, so the sample imports into a demo loaded in any year.
DEMO_CSV_DAY = date(2026, 1, 20)
CLS = Organization.Classification

ALLIANCES = {
    "تحالف النهر (خيالي)": ["حزب الضفاف (خيالي)", "حركة الجسور (خيالية)"],
    "ائتلاف النخيل (خيالي)": ["حزب السعف (خيالي)", "تيار الواحة (خيالي)"],
    "قائمة المدن المتحدة (خيالية)": [],
}
GOVERNORATES = [
    ("بغداد", "Baghdad", "iq-bg"),
    ("البصرة", "Basra", "iq-ba"),
    ("نينوى", "Nineveh", "iq-ni"),
    ("النجف", "Najaf", "iq-na"),
    ("أربيل", "Erbil", "iq-ar"),
    ("ذي قار", "Dhi Qar", "iq-dq"),
]
FEMALE, MALE = Person.Gender.FEMALE, Person.Gender.MALE
FIRST = [
    ("سلوى", FEMALE),
    ("مازن", MALE),
    ("رنا", FEMALE),
    ("حيدر", MALE),
    ("لمى", FEMALE),
    ("ياسر", MALE),
    ("دعاء", FEMALE),
    ("كرار", MALE),
    ("هبة", FEMALE),
    ("عمار", MALE),
    ("زينب", FEMALE),
    ("فراس", MALE),
]
LAST = ["النجمي", "الورداني", "السعفي", "الجسراوي", "الضفافي", "الرملي"]
MINISTRIES = ["وزارة الصحة (خيالية)", "وزارة التربية (خيالية)", "وزارة الكهرباء (خيالية)"]
COMMITTEES = ["لجنة المغتربين (خيالية)", "لجنة الخدمات (خيالية)"]
MOTIONS = [
    "مشروع قانون حماية المغتربين — القراءة الأخيرة",
    "مقترح تعديل قانون الضمان الاجتماعي",
    "قرار بشأن موازنة الكهرباء",
    "مشروع قانون التعليم الإلكتروني",
    "قرار تشكيل لجنة تحقيق في ملف المياه",
]


def load(stdout) -> None:
    if Term.objects.filter(identifier=DEMO_TERM).exists():
        return
    rng = random.Random(2026)
    extra = random.Random(18)
    actor = "system:demo"
    legislature = services.organization_create.within(
        actor=actor,
        name="مجلس النواب (خيالي)",
        name_en="Council of Representatives (fictional)",
        classification=CLS.LEGISLATURE,
        is_fictional=True,
    )
    start = date.today().replace(day=1) - timedelta(days=365)
    begins = min(start, DEMO_CSV_DAY)
    term = Term.objects.create(
        legislature=legislature,
        identifier=DEMO_TERM,
        name="الدورة التجريبية (خيالية)",
        name_en="Demo term (fictional)",
        start_date=begins,
    )
    services.bill_phases_seed.within(actor=actor, term=term)
    areas = [
        Area.objects.get_or_create(identifier=code, defaults={"name": ar, "name_en": en})[0]
        for ar, en, code in GOVERNORATES
    ]
    parties = []
    for alliance_name, components in ALLIANCES.items():
        alliance = services.organization_create.within(
            actor=actor, name=alliance_name, classification=CLS.ALLIANCE, is_fictional=True
        )
        parties += [
            services.organization_create.within(
                actor=actor, name=n, classification=CLS.PARTY, parent=alliance, is_fictional=True
            )
            for n in components
        ] or [alliance]
    committees = [
        services.organization_create.within(
            actor=actor,
            name=n,
            classification=CLS.COMMITTEE,
            parent=legislature,
            is_fictional=True,
        )
        for n in COMMITTEES
    ]
    ministries = [
        services.organization_create.within(
            actor=actor, name=n, classification=CLS.MINISTRY, is_fictional=True
        )
        for n in MINISTRIES
    ]
    people = []
    for index in range(24):
        first, gender = FIRST[index % len(FIRST)]
        name = f"{first} {LAST[(index * 5) % len(LAST)]}"
        person = services.person_create.within(
            actor=actor,
            name=name,
            allow_same_name=True,
            gender=gender,
            birth_year=1965 + index,
            is_fictional=True,
            summary="شخصية خيالية لأغراض العرض التجريبي فقط.",
        )
        person.contacts.create(kind="email", value=f"office{index + 1}@parliament.demo.invalid")
        # A stable id, so that the sample CSV names each of two namesakes.
        person.identifiers.create(scheme="popolo", identifier=f"demo/person-{index + 1:02d}")
        services.membership_create.within(
            actor=actor,
            person=person,
            organization=legislature,
            term=term,
            on_behalf_of=parties[index % len(parties)],
            area=areas[index % len(areas)],
            start_date=begins,
        )
        if index % 4 == 0:
            services.membership_create.within(
                actor=actor,
                person=person,
                organization=committees[index % 2],
                term=term,
                role=Membership.Role.CHAIR if index == 0 else Membership.Role.MEMBER,
                start_date=begins,
            )
        people.append(person)

    for week in range(0, 50, 2):
        day = start + timedelta(days=7 * week + 1)
        if day > date.today():
            break
        sitting = Sitting.objects.create(term=term, date=day, number=week // 2 + 1)
        statuses = {
            p.pk: rng.choices(["present", "absent", "excused"], [8, 1, 1])[0] for p in people
        }
        # Reasons and sources from a generator of their own: the rest of the demo stays as
        # it was.
        reasons = {
            pk: extra.choice(EXCUSES if status == "excused" else ABSENCES)
            for pk, status in statuses.items()
            if status != "present"
        }
        services.attendance_record.within(
            actor=actor,
            sitting=sitting,
            statuses=statuses,
            reasons=reasons,
            source=Attendance.Source.OFFICIAL,
        )
        # Sittings are called for 10:00 and often begin late; one lacked its quorum.
        late = week == 4
        services.sitting_timing_record.within(
            actor=actor,
            sitting=sitting,
            scheduled_start=time(10, 0),
            actual_start=time(12, 5) if late else time(10, extra.choice([0, 10, 25, 40, 55])),
            quorum_reached=not late,
        )
        if week % 8 == 2:
            _committee_meeting(actor, extra, term, committees[0], day, people)
        motion = MOTIONS[(week // 2) % len(MOTIONS)]
        # Most votes in Iraq's chamber are by show of hands: one in eight here is a roll call.
        method = METHODS[(week // 2) % len(METHODS)]
        if method == VoteEvent.Method.ROLL_CALL:
            votes = {p.pk: rng.choices(Vote.Option.values, [6, 3, 1, 1, 0.3])[0] for p in people}
            yes = sum(1 for v in votes.values() if v == "yes")
            passed = yes > len(people) / 2
        else:
            votes, passed = {}, rng.random() < 0.7
        event = services.vote_event_record.within(
            actor=actor,
            term=term,
            date=day,
            motion=motion,
            sitting=sitting,
            votes=votes,
            method=method,
            is_key=week == 2,
            result=VoteEvent.Result.PASSED if passed else VoteEvent.Result.FAILED,
        )
        if method == VoteEvent.Method.SHOW_OF_HANDS and week % 4 == 2:
            _announced_positions(actor, event, people[week % 5 : week % 5 + 3], rng)
        author = people[week % len(people)]
        services.activity_record.within(
            actor=actor,
            person=author,
            term=term,
            kind=Activity.Kind.SPEECH,
            date=day,
            sitting=sitting,
            title=f"مداخلة حول {motion}",
        )
        if week % 4 == 0:
            question = services.question_record.within(
                actor=actor,
                term=term,
                asked_by=people[(week + 3) % len(people)],
                ministry=ministries[week % len(ministries)],
                kind=Question.Kind.WRITTEN,
                asked_on=day,
                title="سؤال عن أوضاع أبناء الجالية في الخارج",
            )
            if week % 8 == 0:
                services.question_answer.within(
                    actor=actor,
                    question=question,
                    answered_on=day + timedelta(days=20),
                    answer="جواب خيالي من الوزارة.",
                )
        if week % 6 == 0:
            bill = services.bill_record.within(
                actor=actor,
                term=term,
                title=f"مقترح قانون رقم {week + 1} (خيالي)",
                introduced_on=day,
                sponsors=people[week % 5 : week % 5 + 3],
            )
            services.bill_stage_add.within(
                actor=actor,
                bill=bill,
                stage=Bill.Stage.FIRST_READING,
                date=day + timedelta(days=14),
            )
            if week == 0:
                services.bill_explain.within(
                    actor=actor,
                    bill=bill,
                    explainer=(
                        "يلزم المقترح (الخيالي) الوزارات بالرد على طلبات المواطنين المقيمين في "
                        "الخارج خلال ثلاثين يوماً، ويتيح تقديمها عبر القنصليات."
                    ),
                    explainer_en=(
                        "The (fictional) bill obliges ministries to answer requests from "
                        "citizens living abroad within thirty days, and lets them file those "
                        "requests through the consulates."
                    ),
                )
        services.activity_record.within(
            actor=actor,
            person=people[(week + 1) % len(people)],
            term=term,
            kind=Activity.Kind.COMMITTEE,
            date=day,
            committee=committees[week % 2],
            title="اجتماع اللجنة لمناقشة شكاوى المواطنين",
        )
    first_bill = Bill.objects.filter(term=term).order_by("introduced_on", "id").first()
    if first_bill is not None:
        services.vote_explanation_record.within(
            actor=actor,
            person=first_bill.sponsors.order_by("id").first() or people[0],
            bill=first_bill,
            text="قدّمنا هذا المقترح لأن أبناء الجالية ينتظرون حلًا منذ سنوات (نص خيالي).",
            source=VoteExplanation.Source.PRESS,
            url="https://example.org/demo/press",
            date=first_bill.introduced_on + timedelta(days=3),
        )
    stdout.write(
        f"\nDemo parliament (fictional): {len(people)} representatives, "
        f"{VoteEvent.objects.filter(term=term).count()} votes, "
        f"{Activity.objects.filter(term=term).count()} activities."
    )


def _committee_meeting(actor, rng, term, committee, day, people) -> None:
    """A meeting of the (fictional) committee for citizens abroad and its members'
    attendance."""
    members = services.committee_members_on(committee, day)
    statuses = {
        p.pk: rng.choices(["present", "absent", "excused"], [6, 2, 1])[0]
        for p in people
        if p.pk in members
    }
    reasons = {
        pk: rng.choice(EXCUSES if status == "excused" else ABSENCES)
        for pk, status in statuses.items()
        if status != "present"
    }
    services.committee_meeting_record.within(
        actor=actor,
        committee=committee,
        term=term,
        date=day,
        title="اجتماع لجنة المغتربين لمتابعة معاملات الجالية",
        statuses=statuses,
        reasons=reasons,
        source=Attendance.Source.OBSERVER,
    )


METHODS = [
    VoteEvent.Method.ROLL_CALL,
    VoteEvent.Method.SHOW_OF_HANDS,
    VoteEvent.Method.SHOW_OF_HANDS,
    VoteEvent.Method.SECRET_BALLOT,
    VoteEvent.Method.SHOW_OF_HANDS,
    VoteEvent.Method.SHOW_OF_HANDS,
    VoteEvent.Method.UNKNOWN,
    VoteEvent.Method.SHOW_OF_HANDS,
]
POSITIONS = [
    AnnouncedPosition.Position.FOR,
    AnnouncedPosition.Position.AGAINST,
    AnnouncedPosition.Position.ABSTAINED,
]


def _announced_positions(actor, event: VoteEvent, people, rng) -> None:
    """Fictional representatives announce afterwards how they voted, and one explains."""
    for index, person in enumerate(people):
        services.announced_position_record.within(
            actor=actor,
            vote_event=event,
            person=person,
            position=rng.choice(POSITIONS),
            source_kind=[
                AnnouncedPosition.Source.STATEMENT,
                AnnouncedPosition.Source.PRESS,
                AnnouncedPosition.Source.SPEECH,
            ][index % 3],
            date=event.date + timedelta(days=1 + index),
            quote="أعلنتُ موقفي من التصويت في بيان لمكتبي (نص خيالي).",
            url="https://example.org/demo/statement",
        )
    services.vote_explanation_record.within(
        actor=actor,
        person=people[0],
        vote_event=event,
        text="صوّتُ وفق ما وعدت به ناخبيّ في محافظتي (شرح خيالي).",
        source=VoteExplanation.Source.STATEMENT,
        url="https://example.org/demo/explanation",
        date=event.date + timedelta(days=2),
    )
