"""Fictional demo events of the organizer's side: a town hall that took place and is closed
with its report (walk-ins, minutes, linked proposals, the cash counted, feedback), and a
house gathering to come that a volunteer hosts, with members registered to check in.
Every event, place and word here is invented; the titles say so."""

import datetime
import secrets

from django.utils import timezone

from jisr.accounts.models import User

from .models import Event, EventStatus, Registration, RegistrationStatus
from .services import event_ops as services

FICTIONAL = "(تجريبي)"
CLOSED_TITLE = f"لقاء مفتوح مع نائب خيالي في مالمو {FICTIONAL}"
UPCOMING_TITLE = f"جلسة بيتية عن التصويت من الخارج {FICTIONAL}"
ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
ACTOR = "system:demo"


def _code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(8))


def _register(slot, user, *, status=RegistrationStatus.CONFIRMED) -> Registration:
    # The member's side registers through its own service; the demo writes the row as
    # that service would, so this part's demo stands on its own.
    return Registration.objects.create(timeslot=slot, user=user, status=status, code=_code())


def _demo_user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@demo.jisr.invalid").first()


def load(stdout) -> None:
    if Event.objects.filter(title__in=[CLOSED_TITLE, UPCOMING_TITLE]).exists():
        return
    organizer = _demo_user("organizer")
    volunteer = _demo_user("volunteer")
    member = _demo_user("member")
    people = [u for u in (member, volunteer, organizer, _demo_user("treasurer")) if u]
    now = timezone.now()
    hosts = [u for u in (organizer, volunteer) if u]

    from jisr.proposals.selectors import public_proposals
    from jisr.treasury.models import Campaign
    from jisr.treasury.models.cash import CountSheet

    sheet = CountSheet.objects.order_by("pk").first()
    campaign = sheet.campaign if sheet else Campaign.objects.order_by("pk").first()

    closed = services.event_create.within(
        actor=organizer or ACTOR,
        hosts=hosts,
        treasury_campaign=campaign,
        kind="town_hall",
        format="hybrid",
        audience="public",
        title=CLOSED_TITLE,
        title_en="Open meeting with a fictional representative in Malmö (demo)",
        description="لقاء خيالي للعرض: أسئلة الجالية عن الخدمات القنصلية والتصويت من الخارج.",
        agenda="١. ترحيب\n٢. أسئلة الجالية\n٣. ما نحمله إلى النائب",
        city="مالمو",
        address="قاعة خيالية، شارع المثال ١٢",
        online_url="https://meet.example.invalid/demo-town-hall",
        private_instructions="الدخول من الباب الجانبي (تعليمات خيالية).",
        photo_consent="ask",
        attendance_listing=False,
    )
    start = (now - datetime.timedelta(days=12)).replace(minute=0, second=0, microsecond=0)
    slot = services.timeslot_add.within(
        actor=organizer or ACTOR,
        event=closed,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=40,
    )
    # Published before it took place (publishing now would ask for a time still to come).
    Event.objects.filter(pk=closed.pk).update(
        status=EventStatus.PUBLISHED, published_at=start - datetime.timedelta(days=10)
    )
    closed.refresh_from_db()
    registrations = [_register(slot, user) for user in people]
    for registration in registrations[1:]:
        services.checkin_record.within(
            actor=organizer or ACTOR, event=closed, code=registration.code
        )
    ratings = [(5, "تنظيم جيد والأسئلة وصلت (تعليق خيالي)."), (4, ""), (4, "")]
    for registration, (rating, comment) in zip(registrations[1:], ratings, strict=False):
        services.feedback_give.within(
            actor=registration.user, registration=registration, rating=rating, comment=comment
        )
    services.event_close.within(
        actor=organizer or ACTOR,
        event=closed,
        walk_ins=7,
        minutes=(
            "محضر خيالي للعرض: طرح الحاضرون تأخر معاملات الجوازات وصعوبة التسجيل للتصويت من "
            "الخارج. اتفقنا على دعم المقترحين المرتبطين أدناه وحملهما إلى النائب."
        ),
        proposals=list(public_proposals().order_by("pk")[:2]),
        cash_sheets=[sheet] if sheet else [],
    )

    upcoming = services.event_create.within(
        actor=organizer or ACTOR,
        hosts=hosts,
        kind="house_gathering",
        format="in_person",
        audience="members",
        title=UPCOMING_TITLE,
        title_en="House gathering on voting from abroad (demo)",
        description="جلسة خيالية للعرض: كيف نسجل للتصويت من الخارج، خطوة خطوة.",
        agenda="شاي، ثم شرح التسجيل، ثم أسئلة.",
        city="يوتوبوري",
        address="بيت خيالي، الطابق الثاني",
        private_instructions="اتصلوا بالجرس مرتين (تعليمات خيالية).",
        photo_consent="none",
        attendance_listing=False,
    )
    start = (now + datetime.timedelta(days=9)).replace(minute=0, second=0, microsecond=0)
    soon = services.timeslot_add.within(
        actor=organizer or ACTOR,
        event=upcoming,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=12,
    )
    services.event_publish.within(actor=organizer or ACTOR, event=upcoming)
    for user in people[:2]:
        _register(soon, user)
    stdout.write("\nDemo events: one closed with its report, one to come (fictional).")
