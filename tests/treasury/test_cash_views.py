"""The pages of cash count sheets, pledges and dues: who opens what, the two signatures
through the pages, bad input that changes nothing, pinned query counts."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jisr.accounts.roles import Role
from jisr.treasury import ledger
from jisr.treasury.models import Account, Contribution, ContributionStatus
from jisr.treasury.models.cash import CountSheet, Pledge, PledgeStatus
from jisr.treasury.services import cash

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from .factories import CampaignFactory
from .test_views import client_for, staff

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 20)


def english(user):
    user.preferred_language = "en"
    user.save()
    return signed_in(Client(), user)


@pytest.fixture
def eur():
    return CampaignFactory(currency="EUR", title_en="Hall (demo)")


def sheet_data(**change):
    data = {
        "label": "Dinner in Malmö (demo)",
        "counted_on": "٢٠٢٦-١١-٢٠",
        "n_5000": "٢",
        "n_2000": "1",
        "n_500": "3",
        "gifts": "100; سارة الخيالية\n35٫00؛ Adam Fictional\n",
        "attested": "on",
        "difference_reason": "",
    }
    return data | change


def test_two_treasurers_count_sign_and_deposit_through_the_pages(eur):
    first, second = staff(Role.TREASURER), staff(Role.TREASURER)
    one, two = english(first), english(second)
    chooser = one.get(reverse("treasury_staff:cash_sheet_new"))
    assert f'value="{eur.pk}"' in chooser.content.decode()
    new = reverse("treasury_staff:cash_sheet_new") + f"?campaign={eur.pk}"
    assert "500.00 EUR" in one.get(new).content.decode()  # the euro's notes and coins
    response = one.post(new, sheet_data())
    made = CountSheet.objects.get()
    assert response.status_code == 302 and made.total == 13500 and made.counted_by == first
    sign = reverse("treasury_staff:cash_sheet_sign", args=[made.pk])
    page = one.get(one.post(sign).url).content.decode()
    assert "A second, different person" in page
    assert not Contribution.objects.exists()
    two.post(sign)
    assert Contribution.objects.filter(status=ContributionStatus.PAID).count() == 2
    page = two.get(reverse("treasury_staff:cash_sheet", args=[made.pk])).content.decode()
    assert "سارة الخيالية" in page and "Record the bank deposit" in page
    deposit = reverse("treasury_staff:cash_sheet_deposit", args=[made.pk])
    two.post(deposit, {"amount": "130", "deposited_on": "2026-11-21", "reason": ""})
    listing = two.get(reverse("treasury_staff:cash_sheets")).content.decode()
    assert "Deposit differs: explain it" in listing
    explain = reverse("treasury_staff:cash_sheet_explain", args=[made.pk])
    two.post(explain, {"reason": "One note was refused as damaged"})
    listing = two.get(reverse("treasury_staff:cash_sheets")).content.decode()
    assert "Deposit differs" not in listing and "Deposited in the bank" in listing
    assert ledger.balance(Account.BANK, campaign=eur) == 13000


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"gifts": "100 Sara"}, "Line 1: write the amount"),
        ({"gifts": "100; Sara\n-5; Omar"}, "Line 2"),
        ({"gifts": "100; Sara"}, "differs from the sum of the gifts"),
        ({"n_500": "-1"}, "greater than or equal to 0"),
        ({"attested": ""}, "This field is required"),
    ],
)
def test_a_bad_sheet_shows_a_clear_error_and_saves_nothing(eur, change, message):
    client = english(staff(Role.TREASURER))
    new = reverse("treasury_staff:cash_sheet_new") + f"?campaign={eur.pk}"
    response = client.post(new, sheet_data(**change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CountSheet.objects.exists()


def test_the_auditor_reads_sheets_and_pledges_but_cannot_write(eur):
    made = cash.count_sheet_create(
        actor=UserFactory(),
        campaign=eur,
        label="Stall (demo)",
        counted_on=DAY,
        currency="EUR",
        counts={1000: 1},
        gifts=[{"name": "Fictional", "amount": 1000, "attested": True}],
    )
    auditor = client_for(Role.AUDITOR)
    assert auditor.get(reverse("treasury_staff:cash_sheets")).status_code == 200
    page = auditor.get(reverse("treasury_staff:cash_sheet", args=[made.pk]))
    assert page.status_code == 200 and "sign and book" not in page.content.decode()
    assert auditor.get(reverse("treasury_staff:pledges")).status_code == 200
    for name in ("cash_sheet_new", "pledge_new"):
        assert auditor.get(reverse(f"treasury_staff:{name}")).status_code == 403
    assert (
        auditor.post(reverse("treasury_staff:cash_sheet_sign", args=[made.pk])).status_code == 403
    )
    made.refresh_from_db()
    assert not made.is_signed
    for role in ("member", Role.ORGANIZER):
        assert client_for(role).get(reverse("treasury_staff:cash_sheets")).status_code in (
            302,
            403,
        )


def test_the_treasurer_records_a_pledge_and_cancels_the_rest(eur):
    client = english(staff(Role.TREASURER))
    member = UserFactory(email="fictional.member@demo.jisr.invalid")
    today = timezone.localdate()
    data = {
        "campaign": eur.pk,
        "kind": "pledge",
        "amount": "٣٠٠",
        "count": "3",
        "frequency": "monthly",
        "starts_on": today.isoformat(),
        "member_email": member.email,
        "name": "Fictional Pledger",
        "contact": "",
        "display": "hidden",
        "nickname": "",
        "attested": "on",
    }
    bad = client.post(reverse("treasury_staff:pledge_new"), data | {"count": ""})
    assert "in how many instalments" in bad.content.decode()
    bad = client.post(reverse("treasury_staff:pledge_new"), data | {"member_email": "no@x.invalid"})
    assert "No member has this e-mail address" in bad.content.decode()
    assert not Pledge.objects.exists()
    assert client.post(reverse("treasury_staff:pledge_new"), data).status_code == 302
    pledge = Pledge.objects.get()
    assert [i.amount for i in pledge.instalments.all()] == [10000, 10000, 10000]
    assert cash.instalments_fall_due() == 1
    page = client.get(reverse("treasury_staff:pledges")).content.decode()
    assert "300.00 EUR</bdi> in 3 instalments" in page and "Cancel the rest" in page
    client.post(reverse("treasury_staff:pledge_stop", args=[pledge.pk]))
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.STOPPED
    assert Contribution.objects.get().status == ContributionStatus.CANCELLED


def test_a_member_sets_sees_and_stops_their_dues(eur, django_assert_num_queries):
    member = UserFactory()
    client = english(member)
    data = {
        "campaign": eur.pk,
        "amount": "15",
        "name": "Fictional Member",
        "contact": "",
        "display": "hidden",
        "nickname": "",
        "attested": "on",
    }
    bad = client.post(reverse("treasury:dues_new"), data | {"amount": "-15"})
    assert "more than zero" in bad.content.decode()
    assert client.post(reverse("treasury:dues_new"), data).status_code == 302
    dues = Pledge.objects.get(member=member)
    assert cash.instalments_fall_due() == 1
    assert cash.instalments_fall_due() == 0
    code = Contribution.objects.get(member=member).reference
    # Session, user; the gifts' count and page; the pledges, their instalments; the menu.
    with django_assert_num_queries(7):
        page = client.get(reverse("treasury:mine")).content.decode()
    assert code in page and "15.00 EUR</bdi> a month" in page and "Stop the dues" in page
    other = english(UserFactory())
    assert other.post(reverse("treasury:dues_stop", args=[dues.pk])).status_code == 404
    client.post(reverse("treasury:dues_stop", args=[dues.pk]))
    dues.refresh_from_db()
    assert dues.status == PledgeStatus.STOPPED
    assert Contribution.objects.get(member=member).status == ContributionStatus.CANCELLED


def test_list_queries_are_pinned(eur, django_assert_num_queries):
    for n in range(2):
        cash.count_sheet_create(
            actor=UserFactory(),
            campaign=eur,
            label=f"Stall {n} (demo)",
            counted_on=DAY,
            currency="EUR",
            counts={1000: 1},
            gifts=[{"name": "Fictional", "amount": 1000, "attested": True}],
        )
        cash.pledge_make(
            actor=None,
            campaign=eur,
            currency="EUR",
            starts_on=DAY,
            name="Fictional",
            attested=True,
            total=3000,
            count=3,
        )
    cash.instalments_fall_due()
    treasurer = client_for(Role.TREASURER)
    # Session, user, roles, two-factor, the staff menu's count; the sheets.
    with django_assert_num_queries(6):
        treasurer.get(reverse("treasury_staff:cash_sheets"))
    # ... the pledges, their instalments with their contributions.
    with django_assert_num_queries(7):
        treasurer.get(reverse("treasury_staff:pledges"))
