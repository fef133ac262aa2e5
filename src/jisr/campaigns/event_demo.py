"""Fictional demo events: a town hall, a training whose only timeslot is full with people
waiting, an online phone bank, a members-only house gathering and a past fundraiser. Every
place, person and link is invented; the titles say so."""

import datetime

from django.utils import timezone

from jisr.accounts.models import User

from .models.events import (
    Event,
    EventAudience,
    EventFormat,
    EventKind,
    EventStatus,
    PhotoConsent,
    Timeslot,
)
from .services import events as services

FICTIONAL = "(تجريبي)"


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@demo.jisr.invalid").first()


def _event(slots: list[tuple[datetime.datetime, int, int | None]], **fields) -> tuple[Event, list]:
    now = timezone.now()
    event = Event.objects.create(
        status=EventStatus.PUBLISHED,
        published_at=now - datetime.timedelta(days=3),
        created_by=_user("organizer"),
        **fields,
    )
    made = [
        Timeslot.objects.create(
            event=event,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            capacity=capacity,
        )
        for start, hours, capacity in slots
    ]
    return event, made


def _register(local: str, slot: Timeslot, *, listed: bool = False) -> None:
    user = _user(local)
    if user is None:
        return
    registration = services.registration_create.within(actor=user, timeslot=slot)
    if listed:
        services.registration_set_listed.within(actor=user, registration=registration, listed=True)


def load(stdout) -> None:
    if Event.objects.exists():
        return
    day = timezone.localtime().replace(hour=18, minute=0, second=0, microsecond=0)
    _, (town_hall,) = _event(
        [(day + datetime.timedelta(days=9), 2, 60)],
        kind=EventKind.TOWN_HALL,
        format=EventFormat.HYBRID,
        title=f"لقاء مفتوح مع نائب خيالي عن الجالية {FICTIONAL}",
        title_en="Open meeting with a fictional representative (demo)",
        description=(
            "لقاء خيالي للعرض: يستمع فيه النائب إلى مقترحات الجالية ويجيب عن الأسئلة. "
            "يمكن الحضور في القاعة أو عبر الإنترنت."
        ),
        agenda="١. ترحيب\n٢. عرض المقترحات التي سُلّمت\n٣. أسئلة الحاضرين\n٤. الخطوات القادمة",
        city="مالمو",
        address="قاعة الجالية الخيالية، شارع المثال ١٢ (عنوان غير حقيقي)",
        online_url="https://meet.example.invalid/demo-town-hall",
        private_instructions="الباب الجانبي يُفتح قبل نصف ساعة. اذكر رمز الحضور عند الدخول.",
        photo_consent=PhotoConsent.ASK,
        attendance_listing=True,
    )
    _, (training,) = _event(
        [(day + datetime.timedelta(days=5), 2, 3)],
        kind=EventKind.VOTING_HELP,
        format=EventFormat.IN_PERSON,
        title=f"تدريب على التصويت من الخارج {FICTIONAL}",
        title_en="Training: voting from abroad (demo)",
        description="ورشة خيالية صغيرة: كيف يسجّل المغترب للتصويت وما الوثائق المطلوبة.",
        agenda="التسجيل، الوثائق، مواعيد الاقتراع، أسئلة.",
        city="يوتبوري",
        address="مكتبة الحي الخيالية، الطابق الثاني (عنوان غير حقيقي)",
        photo_consent=PhotoConsent.NONE,
    )
    _, (phone_bank, _second) = _event(
        [
            (day + datetime.timedelta(days=3), 2, None),
            (day + datetime.timedelta(days=10), 2, None),
        ],
        kind=EventKind.PHONE_BANK,
        format=EventFormat.ONLINE,
        title=f"أمسية اتصالات عبر واتساب {FICTIONAL}",
        title_en="WhatsApp calling evening (demo)",
        description="نذكّر معارفنا بموعد التصويت، كلٌّ من هاتفه. لا تُسجَّل أسماء من نتصل بهم.",
        online_url="https://meet.example.invalid/demo-phone-bank",
        photo_consent=PhotoConsent.NONE,
    )
    _, (house,) = _event(
        [(day + datetime.timedelta(days=7), 3, 12)],
        kind=EventKind.HOUSE_GATHERING,
        format=EventFormat.IN_PERSON,
        audience=EventAudience.MEMBERS,
        title=f"جلسة بيتية للأعضاء {FICTIONAL}",
        title_en="House gathering for members (demo)",
        description="جلسة خيالية للأعضاء فقط: لا تظهر للزوار ولا في أي قائمة عامة.",
        city="ستوكهولم",
        address="بيت خيالي، العنوان يُرسل للمسجلين (غير حقيقي)",
        photo_consent=PhotoConsent.NONE,
    )
    _event(
        [(day - datetime.timedelta(days=20), 3, 80)],
        kind=EventKind.FUNDRAISER,
        format=EventFormat.IN_PERSON,
        title=f"عشاء خيري لحملة الحقائب المدرسية {FICTIONAL}",
        title_en="Charity dinner for the school bags (demo)",
        description="عشاء خيالي مضى: جُمع فيه مال لحملة الحقائب المدرسية التجريبية.",
        city="مالمو",
        address="مطعم خيالي (عنوان غير حقيقي)",
        photo_consent=PhotoConsent.ALLOWED,
    )
    _register("member", town_hall)
    _register("volunteer", town_hall, listed=True)
    _register("organizer", town_hall, listed=True)
    for local in ("volunteer", "organizer", "treasurer", "auditor", "member"):
        _register(local, training)  # three places: the last two wait
    _register("volunteer", phone_bank)
    _register("member", house)
    stdout.write("Demo events: 5 (one members-only, one full with a waiting list).")
