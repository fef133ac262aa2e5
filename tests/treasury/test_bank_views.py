"""The bank pages: upload with a dry run then confirm, match by hand in a batch, roles,
query counts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from jisr.accounts.roles import Role
from jisr.core.models import AuditEntry
from jisr.treasury.models import (
    BankLine,
    BankStatement,
    Contribution,
    ContributionStatus,
    LineState,
)

from ..conftest import signed_in
from .factories import CampaignFactory
from .test_bank import CSV_HEADER, pending, run
from .test_views import client_for, staff

pytestmark = pytest.mark.django_db

STATEMENT = (
    CSV_HEADER
    + "2026-09-01,10.00,USD,Donation JKMN3479,Fictional Payer One\n"
    + "2026-09-02,24.50,USD,for the bags,Fictional Payer Two\n"
    + "2026-09-03,15.00,USD,Monthly dues,Standing order\n"
    + "2026-09-03,-4.50,USD,ACCOUNT FEE,\n"
)


def english_treasurer() -> Client:
    """A treasurer who reads the site in English (the tests match English text)."""
    treasurer = staff(Role.TREASURER)
    treasurer.preferred_language = "en"
    treasurer.save()
    return signed_in(Client(), treasurer)


@pytest.fixture
def gifts():
    campaign = CampaignFactory()
    return pending(campaign, "JKMN3479", 1000), pending(campaign, "JAAA3333", 2500)


def upload(client, data: str, name="september.csv", kind="bank_csv"):
    return client.post(
        reverse("treasury_staff:bank_import"),
        {
            "kind": kind,
            "account": "SE00 FICTIONAL",
            "file": SimpleUploadedFile(name, data.encode(), content_type="text/csv"),
        },
    )


def test_upload_shows_a_dry_run_then_confirming_imports_and_matches(gifts):
    treasurer = english_treasurer()
    response = upload(treasurer, STATEMENT)
    assert response.status_code == 302
    assert not BankLine.objects.exists()  # the dry run wrote nothing
    with translation.override("en"):
        preview = treasurer.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    text = preview.content.decode()
    assert "New lines matched automatically by reference code" in text
    done = treasurer.post(reverse("treasury_staff:bank_import_confirm"), {"action": "import"})
    assert done.status_code == 200
    statement = BankStatement.objects.get()
    assert (statement.lines_read, statement.lines_added, statement.lines_matched) == (3, 3, 1)
    assert statement.account == "SE00 FICTIONAL"
    gifts[0].refresh_from_db()
    assert gifts[0].status == ContributionStatus.PAID
    # The same file again: the dry run says nothing is new, and confirming adds nothing.
    upload(treasurer, STATEMENT)
    treasurer.post(reverse("treasury_staff:bank_import_confirm"), {"action": "import"})
    assert (BankLine.objects.count(), BankStatement.objects.count()) == (3, 1)


def test_a_bad_file_is_refused_on_the_upload_page_naming_the_line(gifts):
    treasurer = english_treasurer()
    with translation.override("en"):
        response = upload(treasurer, CSV_HEADER + "2026-09-01,ten,USD,x,y\n")
        text = response.content.decode()
    assert response.status_code == 200
    assert "Line 2, column “amount”: “ten” is not an amount of USD" in text
    assert not BankLine.objects.exists()


def test_lines_are_matched_and_ignored_by_hand_in_one_batch(gifts):
    run("csv", STATEMENT.encode())
    bags, dues = BankLine.objects.filter(state=LineState.UNMATCHED).order_by("pk")
    treasurer = client_for(Role.TREASURER)
    page = treasurer.get(reverse("treasury_staff:bank_match")).content.decode()
    assert "Fictional Payer Two" in page and "JAAA3333" in page
    response = treasurer.post(
        reverse("treasury_staff:bank_match"),
        {
            f"contribution_{bags.pk}": str(gifts[1].pk),
            f"received_{bags.pk}": "٢٤٫٥٠",  # Arabic-Indic digits
            f"fee_{bags.pk}": "0.50",
            f"ignore_{dues.pk}": "on",
            f"reason_{dues.pk}": "Membership dues, booked by the membership office",
        },
    )
    assert response.status_code == 302
    bags.refresh_from_db()
    dues.refresh_from_db()
    gift = Contribution.objects.get(pk=gifts[1].pk)
    assert (bags.state, bags.contribution, bags.received, bags.fee) == (
        LineState.MANUAL,
        gift,
        2450,
        50,
    )
    assert (gift.status, gift.gross, gift.fee, gift.net) == ("paid", 2500, 50, 2450)
    assert dues.state == LineState.IGNORED and dues.ignored_reason.startswith("Membership")
    assert AuditEntry.objects.filter(action="bank.line_matched").count() == 2  # auto + hand
    assert AuditEntry.objects.filter(action="bank.line_ignored").count() == 1


def test_a_wrong_batch_changes_nothing_and_says_what_to_fix(gifts):
    run("csv", STATEMENT.encode())
    bags, dues = BankLine.objects.filter(state=LineState.UNMATCHED).order_by("pk")
    treasurer = english_treasurer()
    with translation.override("en"):
        response = treasurer.post(
            reverse("treasury_staff:bank_match"),
            {
                f"contribution_{bags.pk}": str(gifts[1].pk),
                f"received_{bags.pk}": "24.50",
                f"ignore_{dues.pk}": "on",  # no reason
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
        text = response.content.decode()
    assert response.status_code == 200
    assert "Say why the line is ignored." in text
    assert BankLine.objects.filter(state=LineState.UNMATCHED).count() == 2
    assert Contribution.objects.get(pk=gifts[1].pk).status == ContributionStatus.PENDING


@pytest.mark.parametrize(
    ("role", "statements", "match"),
    [
        (Role.TREASURER, 200, 200),
        (Role.AUDITOR, 200, 403),
        (Role.ORGANIZER, 403, 403),
        ("member", 403, 403),
    ],
)
def test_who_opens_the_bank_pages(role, statements, match):
    client = client_for(role)
    assert client.get(reverse("treasury_staff:bank")).status_code == statements
    assert client.get(reverse("treasury_staff:bank_match")).status_code == match
    assert client.get(reverse("treasury_staff:bank_import")).status_code == match


def test_bank_page_queries_are_pinned(gifts, django_assert_num_queries):
    """Fixed counts whatever the number of lines and gifts (several of each)."""
    run("csv", STATEMENT.encode())
    run("csv", (CSV_HEADER + "2026-09-05,30.00,USD,another,Someone Fictional\n").encode())
    treasurer = client_for(Role.TREASURER)
    # Session, user, roles, two-factor; the unmatched count; the menu's count; the statements.
    with django_assert_num_queries(7):
        treasurer.get(reverse("treasury_staff:bank"))
    # Session, user, roles, two-factor; the waiting gifts; the unmatched lines; the menu's count.
    with django_assert_num_queries(7):
        treasurer.get(reverse("treasury_staff:bank_match"))
