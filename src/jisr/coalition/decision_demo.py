"""The decisions part's fictional demo: a closed proposal with its outcome and a review date,
an open anonymous ranked choice, an open time poll and a draft choice, in the base demo's
coalition.

The demo delegates have no two-factor authentication yet (they set it up before acting),
so the closed proposal's votes are written as fictional history with ``record_ballot``
(the checks of ``decision_vote`` are the services' and the tests' business), and its
window is then moved into the past."""

import datetime

from django.utils import timezone

from jisr.accounts.demo import DEMO_DOMAIN
from jisr.accounts.models import User

from .models import Coalition, Decision, DecisionKind, Delegate, DelegateRole, Stance
from .services import decisions as services

CLOSED_TITLE = "هل تنضمّ التنسيقية إلى حملة «صوتك في المهجر»؟ (خيالي)"


def load(stdout) -> None:
    from .base_demo import COALITION

    organizer = User.objects.filter(email=f"organizer@{DEMO_DOMAIN}").first()
    coalition = Coalition.objects.filter(name=COALITION[0]).first()
    if (
        organizer is None
        or coalition is None
        or Decision.objects.filter(title=CLOSED_TITLE).exists()
    ):
        return
    now = timezone.now()
    closed = services.decision_create.within(
        actor=organizer,
        coalition=coalition,
        title=CLOSED_TITLE,
        title_en="Should the coordination join the 'Your Voice Abroad' campaign? (fictional)",
        details="حملة مشتركة لتسجيل المغتربين في سجل الناخبين قبل الانتخابات القادمة.",
        details_en="A joint campaign to register citizens abroad before the next elections.",
        kind=DecisionKind.PROPOSAL,
        closes_at=now + datetime.timedelta(days=1),
        quorum=50,
        results_hidden_until_close=True,
    )
    services.decision_open.within(actor=organizer, decision=closed)
    stances = {o.stance: o.pk for o in closed.options.all()}
    primaries = list(
        Delegate.objects.filter(
            organization__in=closed.electorate.values("organization"), role=DelegateRole.PRIMARY
        )
        .select_related("organization")
        .order_by("organization__pk")
    )
    voted_on = (now - datetime.timedelta(days=12)).date()
    for delegate, stance in zip(
        primaries, [Stance.AGREE, Stance.AGREE, Stance.ABSTAIN], strict=False
    ):
        services.record_ballot(closed, delegate, [stances[stance]], on=voted_on)
    Decision.objects.filter(pk=closed.pk).update(
        opens_at=now - datetime.timedelta(days=14), closes_at=now - datetime.timedelta(days=7)
    )
    closed.refresh_from_db()
    services.decision_outcome_record.within(
        actor=organizer,
        decision=closed,
        statement="انضمت التنسيقية إلى الحملة، وتتولى جمعية بيت بغداد تنسيق المتطوعين.",
        statement_en=(
            "The coordination joined the campaign; the Bait Baghdad association coordinates "
            "the volunteers."
        ),
        review_on=timezone.localdate() + datetime.timedelta(days=30),
    )

    ranked = services.decision_create.within(
        actor=organizer,
        coalition=coalition,
        title="أولويات عمل التنسيقية للعام القادم (خيالي)",
        title_en="The coordination's priorities for next year (fictional)",
        details="رتّبوا الأولويات: الأولى هي الأهم لمنظمتكم. التصويت سرّي.",
        details_en="Rank the priorities, the most important to your organization first. "
        "The vote is anonymous.",
        kind=DecisionKind.RANKED,
        closes_at=now + datetime.timedelta(days=10),
        anonymous=True,
        options=[
            ("تسجيل الناخبين في المهجر", "Registering voters abroad"),
            ("دروس اللغة العربية للأطفال", "Arabic lessons for children"),
            ("مساعدة قانونية للقادمين الجدد", "Legal help for newcomers"),
        ],
    )
    services.decision_open.within(actor=organizer, decision=ranked)

    evening = timezone.localtime(now).replace(hour=18, minute=30, second=0, microsecond=0)
    poll = services.decision_create.within(
        actor=organizer,
        coalition=coalition,
        title="موعد الاجتماع العام للتنسيقية (خيالي)",
        title_en="When to hold the coordination's general meeting (fictional)",
        kind=DecisionKind.TIME,
        closes_at=now + datetime.timedelta(days=5),
        results_hidden_until_close=False,
        quorum=2,
        quorum_unit="organizations",
        options=[evening + datetime.timedelta(days=d) for d in (12, 14, 19)],
    )
    services.decision_open.within(actor=organizer, decision=poll)

    services.decision_create.within(
        actor=organizer,
        coalition=coalition,
        title="اسم موحّد لنشرة التنسيقية (مسودة خيالية)",
        title_en="One name for the coordination's newsletter (fictional draft)",
        kind=DecisionKind.CHOICE,
        closes_at=now + datetime.timedelta(days=20),
        options=[("الجسر", "The Bridge"), ("صوتنا", "Our Voice")],
    )
    stdout.write("Demo coalition decisions: one closed with its outcome, two open, one draft.")
