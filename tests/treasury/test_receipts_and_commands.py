"""A member's receipt, the commands an operator runs, and the demo."""

import datetime
import hashlib
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from jisr.treasury import services
from jisr.treasury.models import Campaign, Contribution, Method
from jisr.treasury.selectors import ledger_line, ledger_rows, transparency

from ..accounts.factories import UserFactory
from ..conftest import signed_in
from .factories import CampaignFactory

pytestmark = pytest.mark.django_db


def _gift(campaign, member, **kwargs):
    fields = {"method": Method.CASH, "gross": 2500, "name": "Receipt Fictional", "attested": True}
    fields.update(kwargs)
    return services.contribution_record(
        actor=None, campaign=campaign, currency=campaign.currency, member=member, **fields
    )


def test_a_member_downloads_the_receipt_of_their_own_paid_gift_only():
    member, other = UserFactory(), UserFactory()
    campaign = CampaignFactory()
    mine = _gift(campaign, member)
    waiting = _gift(campaign, member, method=Method.BANK_TRANSFER)
    theirs = _gift(campaign, other)
    client = signed_in(Client(), member)
    response = client.get(reverse("treasury:receipt", args=[mine.pk]))
    if response.status_code == 503:
        pytest.skip("WeasyPrint has no Pango on this machine")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(reverse("treasury:receipt", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("treasury:receipt", args=[waiting.pk])).status_code == 404
    assert Client().get(reverse("treasury:receipt", args=[mine.pk])).status_code == 302


def test_the_expiry_command_expires_what_is_overdue():
    campaign = CampaignFactory()
    late = _gift(campaign, None, method=Method.BANK_TRANSFER)
    Contribution.objects.filter(pk=late.pk).update(expires_on=datetime.date(2020, 1, 1))
    out = io.StringIO()
    call_command("treasury_expire_pending", stdout=out)
    late.refresh_from_db()
    assert late.status == "expired" and out.getvalue().startswith("1 ")


def test_the_digest_command_prints_the_transparency_pages_figures():
    campaign = CampaignFactory()
    for _ in range(6):
        _gift(campaign, None)
    out = io.StringIO()
    call_command("treasury_ledger_digest", stdout=out)
    report = transparency()
    assert out.getvalue().split()[0] == report.sha256
    line = report.campaigns[0]
    out = io.StringIO()
    call_command("treasury_ledger_digest", campaign=campaign.pk, stdout=out)
    assert out.getvalue().split()[0] == line.sha256
    month = report.months[0]
    out = io.StringIO()
    call_command(
        "treasury_ledger_digest", month=month.key.strftime("%Y-%m"), currency="USD", stdout=out
    )
    assert out.getvalue().split()[0] == month.sha256
    whole = hashlib.sha256("".join(ledger_line(e) for e in ledger_rows()).encode()).hexdigest()
    assert whole == report.sha256


def test_the_demo_loads_twice_without_doubling_and_its_totals_equal_the_ledger():
    call_command("demo_load", stdout=io.StringIO())
    count = Contribution.objects.count()
    call_command("demo_load", stdout=io.StringIO())
    assert Contribution.objects.count() == count > 20
    assert Campaign.objects.count() == 3
    report = transparency()
    paid = sum(
        c.gross for c in Contribution.objects.filter(status="paid", campaign__currency="USD")
    )
    assert sum(line.income for line in report.months if line.currency == "USD") == paid
