"""The treasury's public totals in the JSON API: equal to the ledger to the cent, under the
same small-cell rule as the pages, in the OpenAPI schema, and never naming anyone."""

import datetime

import pytest
from django.db import connection
from django.db.models import Sum
from django.test import Client

from jisr.api.urls import api
from jisr.treasury import selectors, services
from jisr.treasury.models import Account, Display, LedgerEntry, Method

from .factories import CampaignFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 20)
URL = "/api/v1/treasury"
NAMES = ["Shown Fictional-Donor", "Hidden Fictional-Donor", "Initials Fictional-Donor"]


def _gift(campaign, gross, name=NAMES[1], display=Display.HIDDEN, received_on=DAY):
    return services.contribution_record(
        actor=None,
        campaign=campaign,
        method=Method.CASH,
        currency=campaign.currency,
        gross=gross,
        name=name,
        display=display,
        attested=True,
        received_on=received_on,
    )


@pytest.fixture
def world():
    big = CampaignFactory(title="حملة المدارس", title_en="Schools campaign", goal=100_000)
    part = CampaignFactory(parent=big, title="جزء الكتب", title_en="Books part")
    small = CampaignFactory(title="حملة صغيرة", title_en="Small campaign")
    hidden = CampaignFactory(title="حملة داخلية", title_en="Internal", is_public=False)
    _gift(big, 1001, NAMES[0], Display.NAME)
    _gift(big, 2002, NAMES[2], Display.INITIALS)
    for n in range(4):
        _gift(big, 1000 + n)
    for n in range(5):
        _gift(part, 500 + n, received_on=datetime.date(2026, 10, 3))
    for n in range(2):
        _gift(small, 700 + n)
    _gift(hidden, 900)
    services.transfer_to_centre(
        actor=None, campaign=big, currency="USD", amount=300, transferred_on=DAY
    )
    return {"big": big, "part": part, "small": small, "hidden": hidden}


def _income(*campaigns) -> int:
    entries = LedgerEntry.objects.filter(
        campaign__in=campaigns, account__in=[Account.INCOME, Account.INCOME_IN_KIND]
    )
    return -entries.aggregate(total=Sum("amount"))["total"]


def test_campaign_totals_equal_the_ledger_and_small_ones_are_suppressed(world):
    answer = Client().get(f"{URL}/campaigns").json()
    assert answer["count"] == 2  # the internal campaign and the part are not listed
    by_id = {item["id"]: item for item in answer["items"]}
    big = by_id[world["big"].pk]
    assert big["raised"] == _income(world["big"], world["part"])
    assert big["progress_percent"] == big["raised"] * 100 // 100_000
    assert big["suppressed"] is False and big["min_cell"] == 5
    (part,) = big["parts"]
    assert part["id"] == world["part"].pk and part["raised"] == _income(world["part"])
    small = by_id[world["small"].pk]
    assert small["suppressed"] is True
    assert small["raised"] is None and small["progress_percent"] is None


def test_one_campaign_answers_as_the_list_and_a_private_one_is_not_found(world):
    client = Client()
    one = client.get(f"{URL}/campaigns/{world['big'].pk}").json()
    listed = client.get(f"{URL}/campaigns").json()["items"]
    assert one == next(item for item in listed if item["id"] == world["big"].pk)
    assert client.get(f"{URL}/campaigns/{world['hidden'].pk}").status_code == 404
    assert client.get(f"{URL}/campaigns/999999").status_code == 404
    assert client.get(f"{URL}/campaigns/١").status_code in (200, 404)  # read as a number


def test_transparency_lines_equal_the_page_and_suppress_the_same_cells(world):
    answer = Client().get(f"{URL}/transparency").json()
    page = selectors.transparency()
    assert answer["ledger"] == {"last_entry": page.last_entry, "sha256": page.sha256}
    assert [m["month"] for m in answer["months"]] == [
        line.key.strftime("%Y-%m") for line in page.months
    ]
    for got, line in zip(answer["months"], page.months, strict=True):
        assert got["suppressed"] is (not line.shown)
        assert got["income"] == (line.income if line.shown else None)
        assert got["contributions"] == (line.count if line.shown else None)
        assert got["sha256"] == line.sha256
    november = next(m for m in answer["months"] if m["month"] == "2026-11")
    assert november["to_centre"] == 300
    campaigns = {line["campaign_id"]: line for line in answer["campaigns"]}
    assert world["hidden"].pk not in campaigns
    assert campaigns[world["small"].pk]["income"] is None
    assert campaigns[world["big"].pk]["income"] == _income(world["big"], world["part"])


def test_no_answer_names_a_donor_even_one_who_chose_to_be_shown(world):
    client = Client()
    paths = [
        f"{URL}/campaigns",
        f"{URL}/campaigns/{world['big'].pk}",
        f"{URL}/campaigns/{world['part'].pk}",
        f"{URL}/transparency",
    ]
    text = "".join(client.get(path).content.decode() for path in paths)
    for name in NAMES:
        for word in name.split():
            assert word not in text
    assert "Z. F." not in text and "S. F." not in text


def test_the_operations_are_in_the_openapi_schema():
    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    for path in ("treasury/campaigns", "treasury/campaigns/{id}", "treasury/transparency"):
        assert "get" in schema["paths"][f"/api/v1/{path}"], path
    names = schema["components"]["schemas"]
    assert {"CampaignOut", "PartOut", "TransparencyOut", "MonthLineOut"} <= set(names)
    assert "donor" not in str(names["CampaignOut"]).lower()


def test_the_queries_are_bounded(world, django_assert_num_queries):
    client = Client()
    for n in range(3):
        CampaignFactory(title=f"حملة {n}")
    with django_assert_num_queries(5):  # count, page, totals (2), parts
        assert client.get(f"{URL}/campaigns").status_code == 200
    with django_assert_num_queries(3):  # campaign, totals, parts
        assert client.get(f"{URL}/campaigns/{world['big'].pk}").status_code == 200
    # campaigns, then the ledger's sums (PostgreSQL: the sums, then the lines it hashes)
    with django_assert_num_queries(3 if connection.vendor == "postgresql" else 2):
        assert client.get(f"{URL}/transparency").status_code == 200
