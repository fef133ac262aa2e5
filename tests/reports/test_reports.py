"""Monthly reports: the figures, freezing on publication, the page, the PDF, staff."""

import re
import shutil
import subprocess
import unicodedata
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from jisr.parliament import services as parliament
from jisr.parliament.models import Activity
from jisr.reports import pdf, selectors, services
from jisr.reports.models import MonthlyReport

from ..conftest import assert_error_page, signed_in
from .world import ACTOR, MARCH, World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(member, organizer):
    return World(member, organizer)


def test_the_month_of_a_representative_in_figures(world):
    data = selectors.report_data(world.person, *MARCH)
    assert data["activities"]["speech"] == 1
    assert [a["title"] for a in data["activity_items"]] == ["مداخلة عن الكهرباء"]
    assert [(v["motion"], v["option"]) for v in data["votes"]] == [("قانون حماية المغتربين", "yes")]
    assert data["attendance"] == {
        "present": 1,
        "absent": 0,
        "excused": 0,
        "marked": 1,
        "sittings": 1,
        "rate": 100,
    }
    assert data["proposals"]["delivered_total"] == 1
    assert data["proposals"]["answered"][0]["days"] == 10
    assert data["proposals"]["median_days"] == 10
    assert data["previous"]["activities"] == 1  # February's speech
    assert data["current"]["activities"] == 1
    assert data["empty"] is False


def test_the_organization_report_counts_everyone(world):
    data = selectors.report_data(None, *MARCH)
    assert data["vote_totals"]["yes"] == 1 and data["vote_totals"]["no"] == 1
    assert data["attendance"]["rate"] == 50
    assert data["votes"][0]["counts"]["no"] == 1


def test_a_representative_with_no_activity_is_told_plainly(client, world, organizer):
    report = services.report_create(
        actor=organizer, person=world.idle, start=MARCH[0], end=MARCH[1]
    )
    services.report_publish(actor=organizer, report=report)
    response = client.get(reverse("reports:detail", args=[report.pk]))
    text = response.content.decode()
    assert "Nothing was recorded for this representative in this period" in text
    assert "<svg" not in text


def test_publishing_freezes_the_report_and_late_records_go_to_the_next(client, world, organizer):
    report = services.report_create(
        actor=organizer, person=world.person, start=MARCH[0], end=MARCH[1]
    )
    services.report_edit(actor=organizer, report=report, introduction="مقدمة الشهر")
    services.report_publish(actor=organizer, report=report)
    # A speech of March recorded only after publication:
    parliament.activity_record(
        actor=ACTOR,
        person=world.person,
        term=world.term,
        kind=Activity.Kind.SPEECH,
        date=date(2026, 3, 20),
        title="مداخلة متأخرة",
    )
    page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "مداخلة متأخرة" not in page and "مقدمة الشهر" in page
    with pytest.raises(services.ValidationError):
        services.report_edit(actor=organizer, report=report, introduction="تغيير")
    april = services.report_create(
        actor=organizer, person=world.person, start=date(2026, 4, 1), end=date(2026, 4, 30)
    )
    data = selectors.report_content(april)
    assert data["late"]["activities"] == 1
    assert data["previous"]["activities"] == 2  # March as the records now stand


def test_drafts_are_for_organizers_only(client, world, organizer):
    report = services.report_create(actor=organizer, person=None, start=MARCH[0], end=MARCH[1])
    services.report_edit(actor=organizer, report=report, introduction="مسودة لم تنشر")
    url = reverse("reports:detail", args=[report.pk])
    for response in (client.get(url), client.get(reverse("reports:pdf", args=[report.pk]))):
        assert_error_page(response, 404)
        assert "مسودة لم تنشر" not in response.content.decode()
    assert (
        reverse("reports:detail", args=[report.pk])
        not in client.get(reverse("reports:list")).content.decode()
    )
    signed_in(client, organizer)
    response = client.get(url)
    assert response.status_code == 200 and "مسودة لم تنشر" in response.content.decode()


def test_the_report_page_keeps_a_bounded_number_of_queries(
    client, world, organizer, django_assert_num_queries, assert_flat_queries
):
    report = services.report_create(
        actor=organizer, person=world.person, start=MARCH[0], end=MARCH[1]
    )
    services.report_publish(actor=organizer, report=report)
    url = reverse("reports:detail", args=[report.pk])
    # The published report is its snapshot; then the share kit's link (campaigns' panel).
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200
    draft = services.report_create(actor=organizer, person=None, start=MARCH[0], end=MARCH[1])
    signed_in(client, organizer)
    draft_url = reverse("reports:detail", args=[draft.pk])
    with django_assert_num_queries(5):
        assert client.get(reverse("reports:list")).context["page_obj"].paginator.count == 1

    def a_busier_month():
        newcomers = [world.add_member(f"نائب جديد {i}", world.party) for i in range(12)]
        sitting = parliament.sitting_get_or_create(
            actor=ACTOR, term=world.term, date=date(2026, 3, 18), number=2
        )
        parliament.attendance_record(
            actor=ACTOR, sitting=sitting, statuses={p.pk: "present" for p in newcomers}
        )
        for day in (18, 19, 20):
            parliament.vote_event_record(
                actor=ACTOR,
                term=world.term,
                date=date(2026, 3, day),
                motion=f"قرار اليوم {day}",
                sitting=sitting,
                result="passed",
                votes={p.pk: "yes" for p in newcomers},
            )
        for person in newcomers:
            parliament.activity_record(
                actor=ACTOR,
                person=person,
                term=world.term,
                kind=Activity.Kind.SPEECH,
                date=date(2026, 3, 18),
                title=f"مداخلة {person.name}",
            )
        for person in newcomers[:5]:
            services.report_publish(
                actor=organizer,
                report=services.report_create(
                    actor=organizer, person=person, start=MARCH[0], end=MARCH[1]
                ),
            )

    # The whole parliament's draft is computed live: the same queries for 4 members and one
    # vote as for 16 members, four votes and 13 speeches. (29, and 2 for the treasury's
    # money section: its campaigns and its ledger; 1 for the pledges that moved; 11 for what
    # the coalition did: members, events and listings 4, decisions 1, statements 1, joint
    # proposals 5.)
    before, after = assert_flat_queries(43, lambda: client.get(draft_url), a_busier_month)
    assert before.context["data"]["vote_totals"]["yes"] == 1
    assert after.context["data"]["vote_totals"]["yes"] == 1 + 3 * 12
    with django_assert_num_queries(5):  # six published reports now
        assert client.get(reverse("reports:list")).context["page_obj"].paginator.count == 6


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    # Drop the bidi embedding marks pdftotext adds around right-to-left runs.
    text = "".join(c for c in text if c not in "\u202a\u202b\u202c\u202d\u202e")
    return unicodedata.normalize("NFKC", text)


def _poppler(tool: str, tmp_path) -> str:
    return subprocess.run(
        [tool, str(tmp_path / "report.pdf")], capture_output=True, check=True, text=True
    ).stdout


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_the_pdf_reads_in_arabic_logical_order(world, organizer, tmp_path):
    report = services.report_create(
        actor=organizer, person=world.person, start=MARCH[0], end=MARCH[1]
    )
    services.report_edit(
        actor=organizer, report=report, introduction="قدّم النائب مقترحًا لحماية المغتربين"
    )
    report = services.report_publish(actor=organizer, report=report)
    with translation.override("ar"):
        content = pdf.report_pdf(report)
    assert content.startswith(b"%PDF-")
    text = _pdf_text(content, tmp_path)
    info = _poppler("pdfinfo", tmp_path)
    assert "(A4)" in info
    fonts = _poppler("pdffonts", tmp_path).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # every font embedded
    # Words in the order they are read, letters in the order they are written.
    assert "قدّم النائب مقترحًا لحماية المغتربين" in text
    assert "علي حسن" in text
    assert "قانون حماية المغتربين" in text
    assert "تسهيل تجديد الجوازات" in text
    with translation.override("ar"):
        page = translation.gettext("Page")
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert text.count(page) == pages  # a page number at the foot of every page
    # The cached copy is the same document.
    with translation.override("ar"):
        assert pdf.report_pdf(report) == content


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) missing")
def test_the_pdf_has_page_numbers_in_english_too(world, organizer, tmp_path):
    report = services.report_create(actor=organizer, person=None, start=MARCH[0], end=MARCH[1])
    with translation.override("en"):
        text = _pdf_text(pdf.report_pdf(report), tmp_path)
    assert "Page 1 of" in text
    assert "Activities by type" in text


def test_the_pdf_is_served(client, world, organizer):
    report = services.report_create(actor=organizer, person=None, start=MARCH[0], end=MARCH[1])
    services.report_publish(actor=organizer, report=report)
    response = client.get(reverse("reports:pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_organizers_prepare_introduce_and_publish(client, world, organizer):
    signed_in(client, organizer)
    response = client.post(
        reverse("reports_staff:new"), {"person": world.person.pk, "year": "٢٠٢٦", "month": "3"}
    )
    report = MonthlyReport.objects.get()
    assert response.status_code == 302 and (report.period_start, report.period_end) == MARCH
    client.post(
        reverse("reports_staff:edit", args=[report.pk]),
        {"introduction": "شهر حافل", "introduction_en": "A busy month"},
    )
    report.refresh_from_db()
    assert report.introduction == "شهر حافل"
    assert client.get(reverse("reports_staff:edit", args=[report.pk])).status_code == 200
    publish = reverse("reports_staff:publish", args=[report.pk])
    edit_page = client.get(reverse("reports_staff:edit", args=[report.pk])).content.decode()
    assert f'href="{publish}"' in edit_page  # a link to the confirmation, not a button
    client.post(publish, {"confirm": "yes"})
    report.refresh_from_db()
    assert report.is_published and report.snapshot["activities"]["speech"] == 1
    assert client.get(reverse("reports_staff:list")).status_code == 200
    assert client.get(reverse("reports_staff:digests")).status_code == 200
    duplicate = client.post(
        reverse("reports_staff:new"), {"person": world.person.pk, "year": "2026", "month": "3"}
    )
    assert "already exists" in duplicate.content.decode()


def test_publishing_asks_for_confirmation_with_a_preview(
    client, world, organizer, django_assert_num_queries
):
    signed_in(client, organizer)
    report = services.report_create(
        actor=organizer, person=world.person, start=MARCH[0], end=MARCH[1]
    )
    url = reverse("reports_staff:publish", args=[report.pk])
    # With the pledges that moved (1) and the share kit's link (1).
    with django_assert_num_queries(32):
        page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    assert "مداخلة عن الكهرباء" in text  # the preview of the report itself
    assert 'name="confirm" value="yes"' in text
    # A POST without the confirmation (the old one-click form, a replayed request) only
    # shows the confirmation again.
    again = client.post(url)
    report.refresh_from_db()
    assert again.status_code == 200 and not report.is_published
    confirmed = client.post(url, {"confirm": "yes"})
    report.refresh_from_db()
    assert confirmed.status_code == 302 and report.is_published
    # Once published, the confirmation page leads to the report.
    assert client.get(url)["Location"] == reverse("reports:detail", args=[report.pk])


@pytest.mark.parametrize("start,end", [("0001-01-01", "0001-01-31"), ("9999-12-01", "9999-12-31")])
def test_a_period_at_the_edge_of_the_calendar_is_refused(client, organizer, start, end):
    # The report compares with the period before (or after): its page used to fail with
    # "date value out of range".
    signed_in(client, organizer)
    response = client.post(reverse("reports_staff:new"), {"start": start, "end": end})
    assert response.status_code == 200 and response.context["form"].errors
    assert not MonthlyReport.objects.exists()


def test_every_staff_page_needs_an_organizer_with_two_factor(client, member):
    from django.urls import URLPattern

    from jisr.reports import staff_urls

    for pattern in staff_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        assert getattr(pattern.callback, "staff_roles", None) == ("organizer",), pattern.name
    signed_in(client, member)
    assert client.get(reverse("reports_staff:list")).status_code == 403


def test_a_change_reads_sign_then_number_in_arabic_on_the_page_and_in_the_pdf(
    client, world, organizer
):
    """«1+» and «29-» are what an unisolated "+1" and "-29" look like in right-to-left text."""
    from jisr.core.middleware import LANGUAGE_COOKIE

    parliament.activity_record(
        actor=ACTOR,
        person=world.person,
        term=world.term,
        kind=Activity.Kind.SPEECH,
        date=date(2026, 4, 2),
        title="مداخلة",
    )
    march = services.report_create(
        actor=organizer, person=world.person, start=MARCH[0], end=MARCH[1]
    )
    april = services.report_create(
        actor=organizer, person=world.person, start=date(2026, 4, 1), end=date(2026, 4, 30)
    )
    client.cookies[LANGUAGE_COOKIE] = "ar"
    signed_in(client, organizer)
    for report, change in [(march, "+1"), (april, "-1")]:
        page = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
        with translation.override("ar"):
            printed = pdf.render_html(report)
        for html in (page, printed):
            assert f'<bdi dir="ltr">{change}</bdi>' in html
            assert f">{change}<" not in html.replace(f'<bdi dir="ltr">{change}</bdi>', "")


@pytest.mark.parametrize(
    "title", ['a"b', "a\\b", "a\rb", "a\fb", "a\nb", "</style><b>", "تقرير «آذار»"]
)
def test_the_pdf_title_cannot_leave_its_css_string(title):
    """The title goes into a CSS string in a <style> element: whatever it holds, the string
    stays one string, and decodes back to the title."""
    from jisr.reports.pdf import css_string

    escaped = css_string(title)
    assert not set('"<>\r\n\f') & set(escaped)
    decoded = re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), escaped)
    assert decoded == title
