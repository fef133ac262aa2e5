"""Demo proposals in every status, on the fictional parliament only."""

from datetime import timedelta

from django.utils import timezone

from jisr.accounts.models import User
from jisr.parliament.models import Activity, Person

from . import services
from .models import Delivery, OfficeAccount, Proposal, StatusChange
from .states import Status

TOPICS = [
    ("الكهرباء", "Electricity"),
    ("التعليم", "Education"),
    ("شؤون المغتربين", "Diaspora affairs"),
    ("الصحة", "Health"),
]
IDEAS = [
    (
        "تسهيل تجديد جوازات السفر في القنصليات",
        "نقترح فتح مواعيد مسائية وحجزًا إلكترونيًا لتجديد الجوازات.",
    ),
    (
        "مقاعد دراسية لأبناء الجالية في الجامعات العراقية",
        "تخصيص نسبة من المقاعد لأبناء المغتربين العائدين.",
    ),
    ("خط ساخن للمغتربين في وزارة الخارجية", "رقم هاتف ومكتب يرد على شكاوى المغتربين خلال أسبوع."),
    ("معادلة الشهادات الأجنبية خلال شهر", "تحديد مدة قصوى لمعادلة الشهادات الصادرة من الخارج."),
    ("تحسين تجهيز الكهرباء في الصيف", "جدولة عادلة للقطع ونشرها مسبقًا لكل حي."),
    ("تصويت المغتربين إلكترونيًا", "تمكين أبناء الجالية من التصويت من الخارج بطريقة آمنة."),
    ("مراكز صحية متنقلة في الأقضية", "عيادات متنقلة تزور القرى البعيدة أسبوعيًا."),
    ("مكتبة رقمية للطلبة", "إتاحة الكتب المنهجية مجانًا على الإنترنت."),
]
# The path each demo proposal takes, so every status shows up once at least.
PATHS = [
    [Status.SUBMITTED],
    [Status.SUBMITTED, Status.IN_REVIEW],
    [Status.SUBMITTED, Status.PUBLISHED],
    [Status.SUBMITTED, Status.PUBLISHED, Status.DELIVERED],
    [Status.SUBMITTED, Status.PUBLISHED, Status.DELIVERED, Status.ANSWERED],
    [Status.SUBMITTED, Status.PUBLISHED, Status.DELIVERED, Status.ANSWERED, Status.IN_PROGRESS],
    [Status.SUBMITTED, Status.PUBLISHED, Status.DELIVERED, Status.ANSWERED, Status.ACHIEVED],
    [Status.SUBMITTED, Status.PUBLISHED, Status.DELIVERED, Status.DECLINED],
]


def load(stdout) -> None:
    if Proposal.objects.exists():
        return
    people = list(Person.objects.filter(is_fictional=True).order_by("pk")[:6])
    members = list(User.objects.filter(email__endswith="@demo.jisr.invalid").order_by("pk"))
    if not people or not members:
        return
    author, moderator, organizer = members[0], members[2], members[3]
    office = User.objects.filter(email="office@demo.jisr.invalid").first()
    if office:  # the demo office answers for the first fictional representative
        OfficeAccount.objects.get_or_create(user=office, defaults={"representative": people[0]})
    topics = [
        services.topic_save.within(actor="system:demo", name=ar, name_en=en, order=i)
        for i, (ar, en) in enumerate(TOPICS)
    ]
    today = timezone.localdate()
    for index, ((title, body), path) in enumerate(zip(IDEAS, PATHS, strict=True)):
        proposal = services.proposal_save_draft.within(
            actor=author,
            title=title,
            body=body,
            topic=topics[index % len(topics)],
            targets=[people[index % len(people)]],
        )
        services.proposal_submit.within(actor=author, proposal=proposal)
        for target in path[1:]:
            proposal.refresh_from_db()
            if target in (Status.IN_REVIEW, Status.PUBLISHED):
                services.proposal_moderate.within(actor=moderator, proposal=proposal, target=target)
            elif target == Status.DELIVERED:
                for supporter in members[1:]:
                    services.support_add.within(actor=supporter, proposal=proposal)
                services.delivery_record.within(
                    actor=organizer,
                    proposal=proposal,
                    representatives=people[:2],
                    method=Delivery.Method.MEETING,
                    delivered_on=today - timedelta(days=40),
                    note="لقاء في مكتب النائب (خيالي).",
                )
            elif target == Status.ANSWERED:
                delivery = proposal.deliveries.first()
                assert delivery is not None  # delivered at the step before
                services.answer_record.within(
                    actor=organizer,
                    delivery=delivery,
                    text="وعد النائب بطرح الموضوع على اللجنة المختصة (جواب خيالي).",
                    answered_on=today - timedelta(days=25),
                    source="transcribed",
                )
            else:
                if target in (Status.ACHIEVED, Status.IN_PROGRESS):
                    services.milestone_add.within(
                        actor=organizer,
                        proposal=proposal,
                        date=today - timedelta(days=10),
                        note="طُرح الموضوع في جلسة اللجنة (خيالي).",
                        progress=60,
                    )
                    activity = Activity.objects.filter(person__in=people).first()
                    if activity:
                        services.activity_link.within(
                            actor=organizer, proposal=proposal, activity=activity
                        )
                services.proposal_set_outcome.within(
                    actor=organizer, proposal=proposal, target=target
                )
    _backdate_changes()
    stdout.write(f"\nDemo proposals: {Proposal.objects.count()} in every status.")


# The days, before the demo is loaded, on which its story happened: each status on the
# day of the step that led to it, so the timeline reads in order.
STORY_DAYS: dict[str, int] = {
    Status.SUBMITTED: 60,
    Status.IN_REVIEW: 55,
    Status.PUBLISHED: 50,
    Status.DELIVERED: 40,
    Status.ANSWERED: 25,
}


def _backdate_changes() -> None:
    for change in StatusChange.objects.all():
        days = STORY_DAYS.get(change.to_status, 10)
        StatusChange.objects.filter(pk=change.pk).update(
            created_at=change.created_at - timedelta(days=days)
        )
