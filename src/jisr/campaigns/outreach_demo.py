"""Fictional outreach: one open ask with its four scripts, a draft, and enough commitments and
reports that one ended week is shown and another reads "fewer than 10". Every member here is
invented (their addresses end in .invalid); the reports are backdated, so they are written
as rows rather than through ``tally_report``, which stamps today."""

import datetime
import random

from django.utils import timezone

from jisr.accounts.models import User

from .models.outreach import Ask, Commitment, Participation, Tally
from .outreach_cells import week_of
from .services import outreach as services

DEMO_MEMBERS = 14
DEMO_DOMAIN = "outreach.demo.jisr.invalid"

SCRIPTS = {
    "ar": (
        "السلام عليكم، أرجو أن تكون بخير. أذكّرك بأن التصويت من الخارج يحتاج إلى تسجيل مسبق، "
        "وباب التسجيل مفتوح الآن. صوتك يصنع فرقاً فلا تفوّته، وإن احتجت إلى مساعدة في "
        "التسجيل فأنا حاضر. (نص تجريبي)"
    ),
    "ar-iq": (
        "هلا عيني، شلونك؟ إن شاء الله بخير. بس حبيت أذكّرك: حتى تصوّت برّه لازم تسجّل من "
        "هسّه، والتسجيل مفتوح هالأيام. لا تطوفها، صوتك يفرق. إذا تريد أساعدك بالتسجيل "
        "گلّي. (نص تجريبي)"
    ),
    "ckb": (
        "سڵاو، هیوادارم باش بیت. تەنها ویستم بیرت بخەمەوە: بۆ دەنگدان لە دەرەوەی وڵات "
        "پێویستە پێشتر ناوت تۆمار بکەیت، و تۆمارکردن ئێستا کراوەیە. دەنگەکەت گرنگە، "
        "لەدەستی مەدە. ئەگەر یارمەتیت پێویست بوو لە تۆمارکردندا، پێم بڵێ. (دەقی تاقیکاری)"
    ),
    "en": (
        "Hi, I hope you are well. Just a reminder: to vote from abroad you have to register "
        "first, and registration is open now. Your vote matters, so do not miss it. If you "
        "would like a hand with registering, tell me. (demo text)"
    ),
}


def _members() -> list[User]:
    members = []
    for n in range(1, DEMO_MEMBERS + 1):
        email = f"reach{n:02d}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, display_name=f"عضو تجريبي {n} (تواصل)", preferred_language="ar"
        )
        members.append(user)
    return members


def load(stdout) -> None:
    if Ask.objects.exists():
        return
    organizer = User.objects.filter(email="organizer@demo.jisr.invalid").first()
    actor = organizer or "system:demo"
    today = timezone.localdate()
    monday = week_of(today)
    first_week, last_week = monday - datetime.timedelta(days=14), monday - datetime.timedelta(7)
    ask = services.ask_create.within(
        actor=actor,
        title="ذكّر ثلاثة أشخاص بالتصويت من الخارج (تجريبي)",
        title_en="Remind three people to vote from abroad (demo)",
        what_to_do=(
            "اختر ثلاثة من أهلك أو أصدقائك المقيمين في الخارج، وأرسل إلى كل واحد منهم الرسالة "
            "باللغة التي يفضّلها، ثم أخبرنا بالأعداد فقط: كم شخصاً راسلت، وكم منهم قال إنه "
            "سيصوّت، وكم سجّل. (نص تجريبي)"
        ),
        what_to_do_en=(
            "Choose three relatives or friends who live abroad, send each of them the message "
            "in the language they prefer, then tell us the numbers only: how many you "
            "contacted, how many said they will vote, how many registered. (demo)"
        ),
        people=3,
        opens_on=first_week,
        closes_on=today + datetime.timedelta(days=21),
        reminders=[first_week + datetime.timedelta(days=3), today + datetime.timedelta(days=7)],
    )
    services.ask_scripts_save.within(actor=actor, ask=ask, texts=SCRIPTS)
    services.ask_publish.within(actor=actor, ask=ask)
    draft = services.ask_create.within(
        actor=actor,
        title="ساعد قريبين على التحقق من تسجيلهما (تجريبي)",
        title_en="Help two relatives check their registration (demo)",
        what_to_do="مسودة خيالية: لم تُنشر بعد. (نص تجريبي)",
        people=2,
        opens_on=today + datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=60),
    )
    services.ask_scripts_save.within(actor=actor, ask=draft, texts={"ar": SCRIPTS["ar"]})

    rng = random.Random(16)  # the same fictional figures on every load
    members = _members()
    for index, member in enumerate(members):
        commitment = Commitment.objects.create(
            ask=ask,
            member=member,
            will_do=index != len(members) - 1,  # one said "not this time"
            planned_on=None,
            committed_on=first_week,
        )
        # 12 members report in the first week (shown), 4 in the second (fewer than 10),
        # 2 this week (not shown until the week ends).
        days = []
        if index < 12:
            days.append(first_week + datetime.timedelta(days=rng.randrange(7)))
        if index < 4:
            days.append(last_week + datetime.timedelta(days=rng.randrange(7)))
        if 4 <= index < 6:
            days.append(today)
        for day in days:
            Participation.objects.create(commitment=commitment, on=day)
            contacted = rng.randint(1, 4)
            will_vote = rng.randint(0, contacted)
            Tally.objects.create(
                ask=ask,
                on=day,
                contacted=contacted,
                will_vote=will_vote,
                registered=rng.randint(0, will_vote),
            )
    demo_member = User.objects.filter(email="member@demo.jisr.invalid").first()
    if demo_member is not None:
        Commitment.objects.create(
            ask=ask,
            member=demo_member,
            will_do=True,
            planned_on=today + datetime.timedelta(days=2),
            committed_on=today,
        )
    stdout.write("Outreach: one open ask with four scripts, a draft, fictional reports.")
