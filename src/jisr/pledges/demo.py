"""Fictional demo pledges: platforms of the demo's invented parties and of the organization,
eight pledges across the verdicts with evidence, two raters' ratings (agreeing and not),
one pledge waiting for its second rating and one for its agreed verdict, and links to a
demo bill, vote and proposal. Every party, person, quote and address is invented."""

import datetime

from django.utils import timezone

from jisr.accounts.models import User
from jisr.elections.models import Election
from jisr.parliament.models import Area, Bill, Organization, Person, VoteEvent
from jisr.proposals.selectors import public_proposals

from . import services
from .models import SEED_CATEGORIES, Category, Platform, Scope, Verdict

SYSTEM = "system:demo"
SITE = "https://example.org/demo"
ARCHIVE = "https://web.archive.org/web/2025/https://example.org/demo"

# (quote, summary, summary_en, categories (1-based order), scope, [(rating 1, rating 2)],
#  agreed verdict, reason)
PLEDGES = [
    (
        "نلتزم بتشريع قانون للضمان الاجتماعي يشمل العاملين في القطاع الخاص خلال السنة الأولى.",
        "قانون ضمان اجتماعي للقطاع الخاص",
        "A social security law for private-sector workers",
        [4, 5],
        Scope.NATIONAL,
        ("kept", "kept"),
        Verdict.KEPT,
        "",
    ),
    (
        "سنعمل على إنهاء المحاصصة في تعيين الدرجات الخاصة.",
        "إنهاء المحاصصة في الدرجات الخاصة",
        "End quota-sharing in senior appointments",
        [2, 9],
        Scope.NATIONAL,
        ("broken", "stalled"),
        Verdict.BROKEN,
        "no_majority",
    ),
    (
        "بناء عشرة آلاف وحدة سكنية لذوي الدخل المحدود.",
        "عشرة آلاف وحدة سكنية لذوي الدخل المحدود",
        "Ten thousand homes for low-income families",
        [3, 7],
        Scope.NATIONAL,
        ("compromise", "compromise"),
        Verdict.COMPROMISE,
        "",
    ),
    (
        "تأهيل المستشفى العام في المحافظة وتزويده بالأجهزة الحديثة.",
        "تأهيل المستشفى العام في المحافظة",
        "Refit the governorate's general hospital",
        [6],
        Scope.GOVERNORATE,
        ("in_the_works", "in_the_works"),
        Verdict.IN_THE_WORKS,
        "",
    ),
    (
        "مجانية التعليم الجامعي وزيادة المنح الدراسية للطلبة المتفوقين.",
        "مجانية التعليم الجامعي",
        "Free university education",
        [8],
        Scope.NATIONAL,
        ("stalled", "in_the_works"),
        Verdict.STALLED,
        "",
    ),
    (
        "نضمن قراراً وطنياً مستقلاً بعيداً عن التدخلات الخارجية.",
        "قرار وطني مستقل",
        "An independent national decision",
        [9],
        Scope.NATIONAL,
        ("uncheckable", "uncheckable"),
        Verdict.UNCHECKABLE,
        "",
    ),
    (
        "سننشر تقريراً شهرياً عن عمل ممثلينا في البرلمان.",
        "تقرير شهري عن عمل الممثلين",
        "A monthly report on our representatives' work",
        [2],
        Scope.NATIONAL,
        None,
        None,
        "",
    ),
    (
        "توفير فرص عمل للخريجين عبر دعم المشاريع الصغيرة بقروض ميسرة.",
        "قروض ميسرة للمشاريع الصغيرة",
        "Easy loans for small businesses",
        [5, 3],
        Scope.NATIONAL,
        None,
        None,
        "",
    ),
]


def load(stdout) -> None:
    if Platform.objects.exists():
        return
    parties = Organization.objects.filter(is_fictional=True).exclude(
        classification__in=["legislature", "committee", "ministry"]
    )
    party = parties.filter(classification="party").order_by("pk").first()
    alliance = parties.filter(classification="alliance").order_by("-pk").first()
    election = Election.objects.filter(is_fictional=True).order_by("pk").first()
    person = Person.objects.filter(activities__isnull=False).order_by("pk").first()
    area = Area.objects.order_by("pk").first()
    organizer = User.objects.filter(email="organizer@demo.jisr.invalid").first()
    moderator = User.objects.filter(email="moderator@demo.jisr.invalid").first()
    if party is None or organizer is None or moderator is None:
        return
    today = timezone.localdate()
    if not Category.objects.exists():
        # The migration seeds them; a database emptied since (a test's flush) has none.
        Category.objects.bulk_create(
            Category(name=name, name_en=name_en, order=order)
            for order, (name, name_en) in enumerate(SEED_CATEGORIES, start=1)
        )
    categories = list(Category.objects.order_by("order", "pk"))
    owners = [party, alliance or party, None]
    platforms = [
        services.platform_save.within(
            actor=SYSTEM,
            owner=owner,
            election=election if owner is not None else None,
            title=title,
            source_url=f"{SITE}/platform-{n}.pdf",
            archive_url=f"{ARCHIVE}/platform-{n}.pdf",
            published_on=today - datetime.timedelta(days=400 - 10 * n),
        )
        for n, (owner, title) in enumerate(
            zip(
                owners,
                [
                    "البرنامج الانتخابي (خيالي)",
                    "برنامج التحالف للسنوات الأربع (خيالي)",
                    "تعهدات المنظمة لأعضائها (خيالية)",
                ],
                strict=True,
            ),
            start=1,
        )
    ]
    raters = (organizer, moderator)
    pledges = []
    for i, (quote, summary, summary_en, cats, scope, ratings, agreed, reason) in enumerate(PLEDGES):
        platform = platforms[2] if i == 6 else platforms[i % 2]
        pledge = services.pledge_save.within(
            actor=SYSTEM,
            platform=platform,
            quote=quote,
            source_url=platform.source_url,
            page=str(3 + i),
            archive_url=platform.archive_url,
            summary=summary,
            summary_en=summary_en,
            scope=scope,
            area=area if scope == Scope.GOVERNORATE else None,
            deadline=today + datetime.timedelta(days=365) if i % 3 == 0 else None,
            categories=[categories[c - 1] for c in cats if c <= len(categories)],
            people=[person] if person is not None and platform.owner == party else [],
        )
        pledges.append(pledge)
        if ratings is None or agreed is None:
            continue
        # The ratings of earlier quarters, so the methods page has kappa for more than one.
        rated_on = today - datetime.timedelta(days=20 + 45 * (i % 4))
        evidence = services.evidence_add.within(
            actor=SYSTEM,
            pledge=pledge,
            kind=["official", "press", "party", "citizen"][i % 4],
            title=f"مصدر خيالي للتحقق من التعهد رقم {i + 1}",
            url=f"{SITE}/evidence-{i + 1}",
            archive_url=f"{ARCHIVE}/evidence-{i + 1}",
            quote="نص خيالي مقتبس من المصدر.",
            date=rated_on - datetime.timedelta(days=3),
        )
        for n, (rater, verdict) in enumerate(zip(raters, ratings, strict=True)):
            services.pledge_rate.within(
                actor=rater,
                pledge=pledge,
                verdict=verdict,
                reason=reason if verdict == Verdict.BROKEN else "",
                explanation="تقييم خيالي مبني على المصدر المرفق.",
                at=timezone.make_aware(datetime.datetime.combine(rated_on, datetime.time(10 + n))),
            )
        services.pledge_agree.within(
            actor=organizer,
            pledge=pledge,
            verdict=agreed,
            reason=reason,
            explanation="حكم خيالي متفق عليه بعد مقارنة التقييمين والمصدر.",
            evidence=[evidence],
            on=rated_on + datetime.timedelta(days=2) if i else today,
        )
    # One waits for its second rating, one for its agreed verdict.
    services.pledge_rate.within(
        actor=organizer,
        pledge=pledges[6],
        verdict=Verdict.NOT_RATED,
        explanation="لا مصدر بعد للحكم.",
    )
    for rater in raters:
        services.pledge_rate.within(
            actor=rater,
            pledge=pledges[7],
            verdict=Verdict.NOT_RATED,
            explanation="لا مصدر بعد للحكم.",
        )
    bill = Bill.objects.order_by("pk").first()
    vote = VoteEvent.objects.order_by("pk").first()
    proposal = public_proposals().order_by("pk").first()
    for target in (bill, vote, proposal):
        if target is not None:
            services.pledge_link.within(
                actor=SYSTEM, pledge=pledges[0], target=target, note="صلة خيالية للعرض."
            )
    stdout.write(f"Pledges: {len(pledges)} demo pledges in {len(platforms)} platforms.")
