"""The share kits' fictional demo: a published kit for the demo's fundraising campaign and
one for the latest published report, in Arabic and English. Safe to run twice."""

from jisr.accounts.models import User
from jisr.reports.models import MonthlyReport
from jisr.treasury.models import Campaign

from .models import Kit
from .services import kits as services

ACTOR = "system:demo"

CAMPAIGN_POSTS = [
    (
        "whatsapp",
        "ar",
        "",
        "ساهموا معنا في حملة الجالية لهذا العام (مثال تجريبي). كل مبلغ يُنشر مجموعه ومصروفه "
        "على صفحة الشفافية، ولا يُنشر اسم أي متبرع إلا بإذنه.",
    ),
    (
        "telegram",
        "ar",
        "",
        "حملة الجالية (مثال تجريبي): المجاميع والمصروفات منشورة، والمتبرعون لا تُنشر أسماؤهم.",
    ),
    ("x", "ar", "", "ساهم في حملة الجالية (مثال تجريبي). الحسابات منشورة للجميع."),
    (
        "whatsapp",
        "en",
        "",
        "Support our community's campaign this year (a demo example). Every total and expense "
        "is published on the transparency page; no donor is named without their consent.",
    ),
    (
        "email",
        "en",
        "Our community's campaign (demo)",
        "Hello,\n\nOur community is raising money for this year's work (a demo example). "
        "The totals and expenses are public; donors are not.",
    ),
]

REPORT_POSTS = [
    (
        "whatsapp",
        "ar",
        "",
        "صدر التقرير الشهري عن ممثلينا في البرلمان (مثال تجريبي): التصويتات والحضور والمقترحات "
        "التي حملناها إليهم.",
    ),
    (
        "facebook",
        "ar",
        "",
        "التقرير الشهري للجالية (مثال تجريبي): ماذا فعل ممثلونا هذا الشهر؟",
    ),
    (
        "telegram",
        "en",
        "",
        "The monthly report on our representatives is out (a demo example): their votes, "
        "their attendance and the proposals we carried to them.",
    ),
]


def _make(subject_field: str, subject, title: str, title_en: str, posts, reviewer) -> None:
    if Kit.objects.filter(**{subject_field: subject}).exists():
        return
    kit = services.kit_create.within(
        actor=ACTOR, title=title, title_en=title_en, **{subject_field: subject}
    )
    for platform, language, subject_line, text in posts:
        item = services.kit_item_add.within(
            actor=ACTOR,
            kit=kit,
            platform=platform,
            language=language,
            text=text,
            subject=subject_line,
        )
        services.kit_item_review.within(
            actor=reviewer,
            item=item,
            no_one_at_risk=True,
            no_place_at_home=True,
            no_face_without_consent=True,
        )
    services.kit_publish.within(actor=reviewer, kit=kit)


def load(stdout) -> None:
    from django.db import transaction

    reviewer = User.objects.filter(groups__name="organizer").order_by("pk").first()
    if reviewer is None:
        stdout.write("Share kits: no organizer in the demo, no kit made.\n")
        return
    campaign = Campaign.objects.filter(is_public=True, parent__isnull=True).order_by("pk").first()
    report = MonthlyReport.objects.filter(status="published").order_by("-period_start").first()
    with transaction.atomic():
        if campaign is not None:
            _make(
                "treasury_campaign",
                campaign,
                "شاركوا حملة الجالية",
                "Share the community's campaign",
                CAMPAIGN_POSTS,
                reviewer,
            )
        if report is not None:
            _make(
                "report",
                report,
                "شاركوا التقرير الشهري",
                "Share the monthly report",
                REPORT_POSTS,
                reviewer,
            )
    stdout.write("Share kits: demo kits published.\n")
