"""The treasury's pages: who opens what, what a visitor never sees, what bad input does,
and how many queries each page takes."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jisr.accounts.roles import Role
from jisr.core.models import AuditEntry
from jisr.treasury import services
from jisr.treasury.models import (
    Contribution,
    ContributionStatus,
    Display,
    Expense,
    LedgerEntry,
    Method,
)

from ..accounts.factories import UserFactory
from ..conftest import signed_in, with_mfa
from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 20)


def staff(role):
    return with_mfa(UserFactory(roles=[role]))


def client_for(role):
    if role == "visitor":
        return Client()
    user = UserFactory() if role == "member" else staff(role)
    return signed_in(Client(), user)


def gift(
    campaign,
    *,
    method=Method.CASH,
    gross=1000,
    display=Display.HIDDEN,
    name="Fictional Donor",
    **kw,
):
    return services.contribution_record(
        actor=None,
        campaign=campaign,
        method=method,
        currency=campaign.currency,
        gross=gross,
        name=name,
        display=display,
        nickname=kw.pop("nickname", ""),
        attested=True,
        received_on=kw.pop("received_on", DAY),
        **kw,
    )


@pytest.fixture
def world(settings, tmp_path):
    settings.JISR_PRIVATE_ROOT = tmp_path
    campaign = CampaignFactory(title="حملة المدارس", title_en="Schools campaign")
    part = CampaignFactory(parent=campaign, title="جزء الكتب", title_en="Books part")
    for _ in range(6):
        gift(campaign)
    pending = gift(campaign, method=Method.BANK_TRANSFER)
    expense = services.expense_submit(
        actor=None,
        campaign=campaign,
        description="Printing leaflets",
        payee="Fictional Print Shop",
        currency="USD",
        amount=5000,
        spent_on=DAY,
        no_receipt_reason="Paid at a market stall",
    )
    return {"campaign": campaign, "part": part, "pending": pending, "expense": expense}


# Session, user, roles and two-factor (4) and the staff menu's count (1) come with every
# staff page; an audited read adds 6 (two savepoints, the log's head, the entry, the head
# again, in the test's transaction).
EXPECTED_STAFF_QUERIES = {
    "treasury_staff:index": 10,  # + page count, campaigns, totals (2), pending count
    "treasury_staff:expenses": 7,  # + page count, expenses with approvals counted
    "treasury_staff:ledger": 7,  # + page count, entries with campaigns
    "treasury_staff:contribution": 13,  # + the contribution and its donor, the audited read
    "treasury_staff:expense": 14,  # + the expense, the audited read, the approvals' count
}

PUBLIC = ["treasury:campaigns", "treasury:transparency", "treasury:transparency_csv"]
STAFF_PAGES = {
    # url name: the roles that open it
    "treasury_staff:index": {Role.TREASURER, Role.AUDITOR, Role.ORGANIZER},
    "treasury_staff:campaign_new": {Role.TREASURER, Role.ORGANIZER},
    "treasury_staff:pending": {Role.TREASURER},
    "treasury_staff:contribution_new": {Role.TREASURER},
    "treasury_staff:expenses": {Role.TREASURER, Role.AUDITOR, Role.ORGANIZER},
    "treasury_staff:expense_new": {Role.TREASURER, Role.ORGANIZER},
    "treasury_staff:ledger": {Role.TREASURER, Role.AUDITOR},
    "treasury_staff:ledger_csv": {Role.TREASURER, Role.AUDITOR},
    "treasury_staff:transfer": {Role.TREASURER},
    "treasury_staff:bank": {Role.TREASURER, Role.AUDITOR},
    "treasury_staff:bank_import": {Role.TREASURER},
    "treasury_staff:bank_match": {Role.TREASURER},
    "treasury_staff:annual": {Role.TREASURER, Role.AUDITOR},
}
ROLES = ["visitor", "member", Role.MODERATOR, Role.ORGANIZER, Role.TREASURER, Role.AUDITOR]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_exactly_its_pages(world, role):
    client = client_for(role)
    for name in PUBLIC:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("treasury:campaign", args=[world["campaign"].pk])).status_code == 200
    paths = {name: reverse(name) for name in STAFF_PAGES}
    paths["treasury_staff:contribution"] = reverse(
        "treasury_staff:contribution", args=[world["pending"].pk]
    )
    paths["treasury_staff:expense"] = reverse("treasury_staff:expense", args=[world["expense"].pk])
    allowed = dict(STAFF_PAGES)
    allowed["treasury_staff:contribution"] = {Role.TREASURER, Role.AUDITOR}
    allowed["treasury_staff:expense"] = {Role.TREASURER, Role.AUDITOR, Role.ORGANIZER}
    for name, path in paths.items():
        status = client.get(path).status_code
        if role in allowed[name]:
            assert status == 200, (name, role)
        elif role == "visitor":
            assert status == 302, (name, role)  # to the sign-in page
        else:
            assert status == 403, (name, role)


def test_staff_without_the_second_factor_in_this_session_never_read_an_identity(world):
    treasurer = staff(Role.TREASURER)
    client = signed_in(Client(), treasurer, second_factor=False)
    response = client.get(reverse("treasury_staff:contribution", args=[world["pending"].pk]))
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="donor.read").exists()


def test_the_auditor_reads_a_donor_and_the_read_is_audited(world):
    client = client_for(Role.AUDITOR)
    response = client.get(reverse("treasury_staff:contribution", args=[world["pending"].pk]))
    assert "Fictional Donor" in response.content.decode()
    assert (
        AuditEntry.objects.filter(
            action="donor.read", object_id=str(world["pending"].donor_id)
        ).count()
        == 1
    )


def test_the_treasurer_marks_a_batch_as_paid_with_what_arrived(world):
    second = gift(world["campaign"], method=Method.BANK_TRANSFER, gross=2000)
    first = world["pending"]
    client = client_for(Role.TREASURER)
    data = {
        "received_on": "٢٠٢٦-١١-٢١",  # Arabic-Indic digits are read too
        f"pick_{first.pk}": "on",
        f"gross_{first.pk}": "10.00",
        f"fee_{first.pk}": "0.50",
        f"pick_{second.pk}": "on",
        f"gross_{second.pk}": "20",
        f"fee_{second.pk}": "",
    }
    response = client.post(reverse("treasury_staff:pending"), data)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.gross, first.fee, first.net) == ("paid", 1000, 50, 950)
    assert (second.status, second.net, second.received_on) == (
        "paid",
        2000,
        datetime.date(2026, 11, 21),
    )


@pytest.mark.parametrize(
    ("gross", "fee", "message"),
    [("-10", "0", "more than zero"), ("10.005", "0", "decimal"), ("10", "10", "fee must be")],
)
def test_a_bad_line_in_the_batch_is_a_translated_error_and_nothing_changes(
    world, gross, fee, message
):
    pending = world["pending"]
    before = LedgerEntry.objects.count()
    client = client_for(Role.TREASURER)
    data = {
        "received_on": "2026-11-21",
        f"pick_{pending.pk}": "on",
        f"gross_{pending.pk}": gross,
        f"fee_{pending.pk}": fee,
    }
    with translation.override("en"):
        response = client.post(reverse("treasury_staff:pending"), data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    pending.refresh_from_db()
    assert pending.status == ContributionStatus.PENDING
    assert LedgerEntry.objects.count() == before
    with translation.override("ar"):
        arabic = client_for(Role.TREASURER).post(reverse("treasury_staff:pending"), data)
    assert "خطأ" in arabic.content.decode()  # the page title says «Error:» in Arabic


def test_the_same_approver_twice_is_refused_with_a_clear_message(world):
    treasurer = staff(Role.TREASURER)
    treasurer.preferred_language = "en"
    treasurer.save()
    client = signed_in(Client(), treasurer)
    url = reverse("treasury_staff:expense_approve", args=[world["expense"].pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert world["expense"].approvals.count() == 1
    assert Expense.objects.get(pk=world["expense"].pk).status == "submitted"
    assert "You have already approved this expense." in response.content.decode()


def test_a_member_announces_a_transfer_and_sees_its_code_on_their_page(world):
    member = UserFactory()
    client = signed_in(Client(), member)
    url = reverse("treasury:give", args=[world["campaign"].pk])
    response = client.post(
        url,
        {
            "amount": "25",
            "name": "Member Fictional",
            "contact": "",
            "display": "hidden",
            "nickname": "",
            "attested": "on",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get(member=member)
    assert (contribution.status, contribution.gross) == ("pending", 2500)
    page = client.get(reverse("treasury:mine")).content.decode()
    assert contribution.reference in page
    refused = client.post(url, {"amount": "25", "name": "Member Fictional", "display": "hidden"})
    assert refused.status_code == 200  # no attestation: the form says why
    assert Contribution.objects.filter(member=member).count() == 1


def test_the_progress_is_hidden_until_five_gifts(world):
    part = world["part"]
    page = Client().get(reverse("treasury:campaign", args=[part.pk])).content.decode()
    assert 'value="0"' in page  # no gift yet: a zero gives no one away
    gift(part, gross=4000)
    gift(part, gross=4000)
    page = Client().get(reverse("treasury:campaign", args=[part.pk])).content.decode()
    assert "<progress" not in page and "80.00" not in page  # two gifts: not shown
    page = Client().get(reverse("treasury:campaign", args=[world["campaign"].pk])).content.decode()
    # The whole campaign: 8 gifts, 140.00 of 5,000.00 — its page shows that, and the part's
    # card on it hides the part's figure.
    assert '<progress class="treasury-progress" max="100" value="2"' in page
    assert "140.00 USD" in page and "80.00 USD" not in page


def test_every_public_output_names_only_the_donors_who_chose_it(world):
    """Renders every public treasury output, and the site's other public pages, and
    searches each for every stored donor name: only those who chose "name" appear, and
    only their chosen label."""
    campaign = world["campaign"]
    names = {
        Display.HIDDEN: "Hidden Fictionalname",
        Display.INITIALS: "Initials Fictionalname",
        Display.NICKNAME: "Nickname Fictionalname",
        Display.NAME: "Named Fictionalname",
    }
    for display, name in names.items():
        gift(
            campaign,
            display=display,
            name=name,
            nickname="Kind Neighbour" if display == Display.NICKNAME else "",
        )
    gift(campaign, method=Method.BANK_TRANSFER, display=Display.NAME, name="Pending Fictionalname")
    client = Client()
    from jisr.reports import services as reports

    month = reports.report_create(actor=None, start=DAY.replace(day=1), end=DAY.replace(day=30))
    month = reports.report_publish(actor=None, report=month)
    paths = [reverse(n) for n in PUBLIC] + [
        reverse("treasury:campaign", args=[campaign.pk]),
        reverse("treasury:campaign", args=[world["part"].pk]),
        reverse("home"),
        "/api/v1/treasury/campaigns",
        f"/api/v1/treasury/campaigns/{campaign.pk}",
        "/api/v1/treasury/transparency",
        reverse("reports:detail", args=[month.pk]),
    ]
    outputs = {}
    for language in ("ar", "en"):
        for path in paths:
            outputs[f"{language} {path}"] = client.get(
                path, HTTP_ACCEPT_LANGUAGE=language
            ).content.decode()
    everything = "\n".join(outputs.values())
    for name in [
        *names.values(),
        "Pending Fictionalname",
        "Fictional Donor",
        "Fictional Print Shop",
    ]:
        if name == names[Display.NAME]:
            continue
        assert name not in everything, name
    assert (
        "Named Fictionalname" in outputs[f"en {reverse('treasury:campaign', args=[campaign.pk])}"]
    )
    assert "I. F." in everything and "Kind Neighbour" in everything
    assert "report-money" in outputs[f"en {reverse('reports:detail', args=[month.pk])}"]
    assert "Pending Fictionalname" not in everything  # named only once the money arrived


def test_the_transparency_page_suppresses_small_cells_and_publishes_fingerprints(world):
    import hashlib

    from jisr.treasury.selectors import ledger_line, ledger_rows

    lonely = CampaignFactory(title="Small", title_en="Small")
    gift(lonely, gross=777)
    response = Client().get(reverse("treasury:transparency_csv"))
    rows = [line.split(",") for line in response.content.decode().splitlines()]
    header = rows[0]
    by_key = {(r[0], r[1]): dict(zip(header, r, strict=True)) for r in rows[1:]}
    small = by_key["campaign", str(lonely.pk)]
    assert small["suppressed"] == "suppressed" and small["income_minor"] == ""
    # The big one is hidden with it: the total minus it would give the small one away.
    assert by_key["campaign", str(world["campaign"].pk)]["suppressed"] == "suppressed"
    whole = hashlib.sha256("".join(ledger_line(e) for e in ledger_rows()).encode()).hexdigest()
    assert by_key["ledger", f"1-{LedgerEntry.objects.latest('pk').pk}"]["ledger_sha256"] == whole
    staff_file = client_for(Role.AUDITOR).get(reverse("treasury_staff:ledger_csv"))
    assert hashlib.sha256(b"".join(staff_file.streaming_content)).hexdigest() == whole


def test_page_queries_are_pinned(world, django_assert_num_queries):
    """Fixed counts, whatever the number of campaigns, gifts or entries (a second of each is
    added before counting, so a query per row would show)."""
    campaign = world["campaign"]
    CampaignFactory()
    gift(campaign, method=Method.BANK_TRANSFER)
    services.expense_approve(actor=UserFactory(), expense=world["expense"])
    services.expense_approve(actor=UserFactory(), expense=world["expense"])
    services.expense_pay(actor=None, expense=world["expense"], paid_on=DAY)
    client = Client()
    cache.clear()
    # The count, the campaigns' currencies and goals with the ledger's last entry, the
    # ledger's sums (not kept yet), the page's campaigns.
    with django_assert_num_queries(4):
        client.get(reverse("treasury:campaigns"))
    # The sums are kept under the ledger's last entry: they are not summed again.
    with django_assert_num_queries(3):
        client.get(reverse("treasury:campaigns"))
    # The campaign, its totals with the ledger's last entry, its parts, the named donors,
    # the expenses, the share kit's link (campaigns' panel).
    with django_assert_num_queries(6):
        client.get(reverse("treasury:campaign", args=[campaign.pk]))
    # The campaigns' titles with the ledger's last entry, then one pass over the ledger
    # (on PostgreSQL: its sums, then its lines to hash); then the titles only, until the
    # ledger changes.
    with django_assert_num_queries(3 if connection.vendor == "postgresql" else 2):
        client.get(reverse("treasury:transparency"))
    with django_assert_num_queries(1):
        client.get(reverse("treasury:transparency"))
    treasurer = client_for(Role.TREASURER)
    # Session, user, roles, two-factor; the waiting contributions; the menu's count.
    with django_assert_num_queries(6):
        treasurer.get(reverse("treasury_staff:pending"))


def test_an_organizer_creates_and_edits_a_campaign_and_bad_input_changes_nothing(world):
    from jisr.treasury.models import Campaign

    organizer = staff(Role.ORGANIZER)
    organizer.preferred_language = "en"
    organizer.save()
    client = signed_in(Client(), organizer)
    data = {
        "title": "حملة جديدة",
        "title_en": "New campaign",
        "purpose": "غاية تجريبية",
        "spending_plan": "",
        "parent": "",
        "currency": "IQD",
        "goal": "١٠٠٠٠٠٠",
        "preset_amounts": "25000 50000",
        "starts_on": "2026-12-01",
        "ends_on": "",
        "is_public": "on",
    }
    response = client.post(reverse("treasury_staff:campaign_new"), data)
    campaign = Campaign.objects.get(title_en="New campaign")
    assert response.status_code == 302
    assert (campaign.goal, campaign.preset_amounts) == (1_000_000, [25000, 50000])
    before = Campaign.objects.count()
    for change, message in [
        ({"goal": "-5"}, "more than zero"),
        ({"goal": "10.5"}, "decimal places"),
        ({"parent": world["campaign"].pk}, "currency (USD)"),
        ({"ends_on": "2026-01-01"}, ""),
    ]:
        response = client.post(reverse("treasury_staff:campaign_new"), {**data, **change})
        assert response.status_code == 200, change
        assert message in response.content.decode(), change
    assert Campaign.objects.count() == before
    edit = reverse("treasury_staff:campaign_edit", args=[campaign.pk])
    assert client.post(edit, {**data, "goal": "2000000"}).status_code == 302
    campaign.refresh_from_db()
    assert campaign.goal == 2_000_000


def test_an_organizer_approves_expenses_but_never_reads_the_payee(world):
    client = client_for(Role.ORGANIZER)
    page = client.get(reverse("treasury_staff:expense", args=[world["expense"].pk]))
    assert "Fictional Print Shop" not in page.content.decode()
    assert not AuditEntry.objects.filter(action="expense.receipt_read").exists()
    auditor = client_for(Role.AUDITOR)
    page = auditor.get(reverse("treasury_staff:expense", args=[world["expense"].pk]))
    assert "Fictional Print Shop" in page.content.decode()
    assert AuditEntry.objects.filter(action="expense.receipt_read").count() == 1


def test_staff_page_queries_are_pinned(world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gift(world["campaign"], method=Method.BANK_TRANSFER)
    treasurer = client_for(Role.TREASURER)
    counts = {}
    for name, args in [
        ("treasury_staff:index", []),
        ("treasury_staff:expenses", []),
        ("treasury_staff:ledger", []),
        ("treasury_staff:contribution", [world["pending"].pk]),
        ("treasury_staff:expense", [world["expense"].pk]),
    ]:
        with CaptureQueriesContext(connection) as queries:
            assert treasurer.get(reverse(name, args=args)).status_code == 200
        counts[name] = len(queries)
    assert counts == EXPECTED_STAFF_QUERIES
