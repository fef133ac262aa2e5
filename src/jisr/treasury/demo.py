"""Fictional demo money: two campaigns (one with a part), gifts in cash, by transfer and in
kind, transfers still waiting, and expenses at each step of approval. Every donor, payee
and amount is invented; the names say so."""

import datetime

from django.utils import timezone

from jisr.accounts.models import User

from . import cash_demo, services
from .models import Campaign, Display, Method

FICTIONAL = "(تجريبي)"
DONORS = [
    # (name, display, nickname)
    ("سارة الخيالية", Display.HIDDEN, ""),
    ("Adam Fictional", Display.NAME, ""),
    ("مريم الخيالية", Display.INITIALS, ""),
    ("Layla Fictional", Display.NICKNAME, "A friend in Malmö"),
    ("حسن الخيالي", Display.HIDDEN, ""),
    ("Yusuf Fictional", Display.HIDDEN, ""),
    ("زينب الخيالية", Display.NAME, ""),
    ("Omar Fictional", Display.HIDDEN, ""),
]


def load(stdout) -> None:
    if Campaign.objects.exists():
        return
    treasurer = User.objects.filter(email="treasurer@demo.jisr.invalid").first()
    organizer = User.objects.filter(email="organizer@demo.jisr.invalid").first()
    member = User.objects.filter(email="member@demo.jisr.invalid").first()
    actor = treasurer or "system:demo"
    today = timezone.localdate()
    start = (today - datetime.timedelta(days=75)).replace(day=1)
    schools = services.campaign_create.within(
        actor=actor,
        title=f"حقائب مدرسية لأطفال القرى {FICTIONAL}",
        title_en="School bags for village children (demo)",
        purpose=(
            "حملة خيالية للعرض: نجمع ثمن حقائب وقرطاسية لأطفال ثلاث قرى، وننشر كل دينار يدخل "
            "وكل دينار يُصرف."
        ),
        spending_plan="الحقائب ٦٠٪، القرطاسية ٣٠٪، النقل ١٠٪ (أرقام خيالية).",
        currency="USD",
        goal=500_000,
        preset_amounts=[1000, 2500, 5000],
        starts_on=start,
        ends_on=today + datetime.timedelta(days=60),
        is_public=True,
    )
    transport = services.campaign_create.within(
        actor=actor,
        title=f"نقل الحقائب {FICTIONAL}",
        title_en="Carrying the bags (demo)",
        purpose="جزء خيالي من الحملة: أجرة الشاحنة إلى القرى.",
        currency="USD",
        goal=50_000,
        starts_on=start,
        parent=schools,
        is_public=True,
    )
    hall = services.campaign_create.within(
        actor=actor,
        title=f"قاعة اللقاء السنوي {FICTIONAL}",
        title_en="Hall for the yearly meeting (demo)",
        purpose="حملة خيالية صغيرة: أقل من خمس تبرعات، فلا يُنشر مجموعها بعد.",
        currency="EUR",
        goal=80_000,
        starts_on=start,
        is_public=True,
    )
    for i, (name, display, nickname) in enumerate(DONORS * 2):
        services.contribution_record.within(
            actor=actor,
            campaign=schools,
            method=Method.CASH if i % 3 == 0 else Method.IN_KIND if i == 4 else Method.CASH,
            currency="USD",
            gross=1000 + 500 * (i % 5),
            received_on=start + datetime.timedelta(days=3 * i),
            name=name,
            display=display,
            nickname=nickname,
            attested=True,
            in_kind_description="قرطاسية (تجريبي)" if i == 4 else "",
        )
    for i, (name, display, nickname) in enumerate(DONORS[:6]):
        services.contribution_record.within(
            actor=actor,
            campaign=transport,
            method=Method.CASH,
            currency="USD",
            gross=2000,
            received_on=start + datetime.timedelta(days=40 + i),
            name=name,
            display=display,
            nickname=nickname,
            attested=True,
        )
    for name, _display, _nickname in DONORS[:3]:
        services.contribution_record.within(
            actor=actor,
            campaign=schools,
            method=Method.BANK_TRANSFER,
            currency="USD",
            gross=5000,
            name=name,
            contact="+46 70 000 00 00 (fictional)",
            attested=True,
        )
    _hall_gifts(actor, hall, start)
    _bank_statement(actor, schools, today)
    if member is not None:
        services.contribution_announce.within(
            member=member,
            campaign=schools,
            currency="USD",
            gross=2500,
            name="سلمى (حساب تجريبي)",
            contact="member@demo.jisr.invalid",
            display=Display.HIDDEN,
            nickname="",
            attested=True,
        )
    approvers = [u for u in (treasurer, organizer) if u is not None]
    for description, payee, amount, steps in [
        ("شراء ٤٠ حقيبة مدرسية (تجريبي)", "متجر خيالي للقرطاسية", 12000, 3),
        ("Printing the campaign leaflet (demo)", "Fictional Print Shop", 3000, 1),
        ("أجرة شاحنة (تجريبي)", "سائق خيالي", 4000, 0),
    ]:
        expense = services.expense_submit.within(
            actor=actor,
            campaign=schools,
            description=description,
            payee=payee,
            currency="USD",
            amount=amount,
            spent_on=today - datetime.timedelta(days=5),
            no_receipt_reason="إيصال ورقي محفوظ لدى أمينة الصندوق (تجريبي)",
        )
        for approver in approvers[: min(steps, 2)]:
            services.expense_approve.within(actor=approver, expense=expense)
        if steps == 3 and len(approvers) == 2:
            services.expense_pay.within(
                actor=actor, expense=expense, paid_on=today - datetime.timedelta(days=2)
            )
    services.transfer_to_centre.within(
        actor=actor,
        campaign=schools,
        currency="USD",
        amount=5000,
        transferred_on=today - datetime.timedelta(days=1),
    )
    cash_demo.load(
        campaign=schools, treasurer=treasurer, organizer=organizer, member=member, today=today
    )
    stdout.write("Treasury: 3 fictional campaigns, gifts, waiting transfers, expenses, a transfer.")


def _hall_gifts(actor, hall, start) -> None:
    """Two gifts only: the transparency page shows why their sum is not published."""
    for name, amount in (("Nadia Fictional", 3000), ("علي الخيالي", 4500)):
        services.contribution_record.within(
            actor=actor,
            campaign=hall,
            method=Method.CASH,
            currency="EUR",
            gross=amount,
            received_on=start + datetime.timedelta(days=50),
            name=name,
            attested=True,
        )


def _bank_statement(actor, campaign, today) -> None:
    """A small imported statement: one transfer matched by its code (less the bank's fee),
    one without a code and the branch's dues, left for the treasurer to match by hand."""
    from .services.bank import StatementLine, bank_statement_import

    gift = services.contribution_record.within(
        actor=actor,
        campaign=campaign,
        method=Method.BANK_TRANSFER,
        currency="USD",
        gross=4000,
        name="Karim Fictional",
        attested=True,
    )
    day = today - datetime.timedelta(days=3)
    reference = gift.reference or ""
    lines = [
        (3880, f"Donation {reference[:4].lower()} {reference[4:].lower()}", "KARIM FICTIONAL"),
        (5000, "تبرع لحملة الحقائب (تجريبي)", "سارة الخيالية"),
        (1500, "Monthly dues (demo)", "Standing order (demo)"),
    ]
    bank_statement_import.within(
        actor=actor,
        sha256="demo-statement-" + reference,
        format="csv",
        account="SE00 0000 DEMO",
        file_name="demo-statement.csv",
        lines=[
            StatementLine(n + 2, day, amount, "USD", text, payer)
            for n, (amount, text, payer) in enumerate(lines)
        ],
    )
