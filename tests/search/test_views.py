"""The search box in the header, the results page and the suggestions."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from jisr.parliament.models import Area

from .conftest import index
from .variants import BAD_QUERIES

pytestmark = pytest.mark.django_db
URL = "/search/"


def page(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return response, response.content.decode()


def test_the_url_is_named():
    assert reverse("search:results") == URL


def test_every_page_has_the_search_box_as_a_plain_form(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="site-search"[^>]*>', html).group()
    assert 'method="get"' in form and f'action="{URL}"' in form
    assert 'name="q"' in html and 'hx-get="/search/suggest/"' in html
    assert "<script>" not in html and " style=" not in html  # the CSP allows neither


def test_results_are_grouped_by_type_with_the_original_text_marked(client):
    index("person", 1, title="مُحَمَّد الحلبوسي", title_is_name=True)
    index("bill", 2, title="قانون", text="قدّم النائب محمّد مقترحاً حول الكهرباء")
    index("question", 3, title="سؤال عن محمد", context="نائبة")
    response, html = page(client, q="محمد")
    headings = re.findall(r"<h2>([^<]+)</h2>", html)
    assert headings[:3] == ["Representatives", "Bills", "Questions"] or len(headings) == 3
    assert "<mark>مُحَمَّد</mark>" in html  # the diacritics stay, inside the mark
    assert "<mark>محمّد</mark>" in html
    assert response.context["total"] == 3


def test_the_results_page_in_arabic_uses_the_translated_type_names(client):
    from jisr.core.middleware import LANGUAGE_COOKIE

    client.cookies[LANGUAGE_COOKIE] = "ar"
    index("bill", 1, title="قانون التقاعد")
    html = client.get(URL, {"q": "التقاعد"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    with translation.override("ar"):
        assert f"<h2>{translation.gettext('Bills')}</h2>" in html


def test_filters_by_type_date_and_governorate(client):
    basra = Area.objects.create(name="البصرة", name_en="Basra", identifier="t/basra")
    index("bill", 1, title="قانون المياه", date=date(2020, 1, 1), governorate=str(basra.pk))
    index("question", 2, title="سؤال عن المياه", date=date(2024, 5, 1))
    index("activity", 3, title="كلمة عن المياه", date=date(2024, 6, 1))

    def ids(**params):
        response, _html = page(client, q="المياه", **params)
        return sorted(r.hit.object_id for g in response.context["groups"] for r in g["results"])

    assert ids() == [1, 2, 3]
    assert ids(type="question") == [2]
    assert ids(date_from="01/01/2024") == [2, 3]
    assert ids(date_from="٢٠٢٤-٠٦-٠١") == [3]  # Arabic-Indic digits
    assert ids(date_to="31/12/2021") == [1]
    assert ids(governorate=str(basra.pk)) == [1]
    response, _html = page(client, q="المياه", type="question")
    facets = {f["code"]: f["count"] for f in response.context["facets"]}
    assert facets["bill"] == 1 and facets["question"] == 1  # counts of every type stay shown


def test_invalid_filters_are_dropped_and_explained_never_an_error(client):
    index("bill", 1, title="قانون المياه")
    response, _html = page(
        client, q="المياه", type="nonsense", date_from="yesterday", governorate="999"
    )
    assert response.context["total"] == 1
    assert response.context["form"].errors


def test_an_end_before_the_start_is_refused(client):
    index("bill", 1, title="قانون المياه", date=date(2022, 1, 1))
    response, _html = page(client, q="المياه", date_from="01/01/2024", date_to="01/01/2020")
    assert "date_to" in response.context["form"].errors
    assert response.context["total"] == 1


def test_pagination(client, django_assert_num_queries):
    for i in range(45):
        index("activity", i + 1, title=f"كلمة رقم {i} عن الموازنة")
    with django_assert_num_queries(2):
        response, html = page(client, q="الموازنه")
    assert response.context["page_obj"].paginator.num_pages == 3
    assert "page=2" in html
    second, _html = page(client, q="الموازنه", page="٢")
    assert second.context["page_obj"].number == 2
    last, _html = page(client, q="الموازنه", page="999")
    assert last.context["page_obj"].number == 3
    first, _html = page(client, q="الموازنه", page="abc")
    assert first.context["page_obj"].number == 1
    seen = set()
    for number in (1, 2, 3):
        response, _html = page(client, q="الموازنه", page=number)
        seen |= {r.hit.object_id for g in response.context["groups"] for r in g["results"]}
    assert seen == set(range(1, 46))


def test_an_empty_search_explains_itself(client):
    response, html = page(client)
    assert "Type a name, a word or a number" in html
    response, html = page(client, q="   ")
    assert response.context["total"] == 0


def test_a_query_without_letters_says_so(client):
    _response, html = page(client, q="\u064e\u064f!!")
    assert "There is nothing to look for" in html


def test_a_very_long_query_is_cut_with_a_notice(client):
    index("bill", 1, title="قانون الموازنة")
    _response, html = page(client, q="الموازنة " + "كلمة " * 2000)
    assert "Your search was long" in html


@pytest.mark.parametrize("raw", [*BAD_QUERIES, "مجلس NEAR(النواب) *", "Raed رائد ٢٠٢٤ x"])
def test_bad_input_never_fails(client, raw):
    index("bill", 1, title="قانون")
    response = client.get(URL, {"q": raw})
    # The results page as usual, the words kept in the box to correct them (a NUL dropped).
    kept = response.context["form"]["q"].value()
    assert response.status_code == 200 and kept == raw.replace("\x00", "")
    assert response.context["total"] == 0
    suggestions = client.get("/search/suggest/", {"q": raw})
    assert suggestions.status_code == 200 and suggestions.context["items"] == []


def test_nothing_found_offers_advice(client):
    _response, html = page(client, q="غير موجود اطلاقا")
    assert "Nothing found for" in html


def test_suggestions_as_you_type(client, django_assert_num_queries):
    index("person", 1, title="حيدر العبادي", title_is_name=True, url="/representatives/1/")
    index("bill", 2, title="قانون العبادات")
    with django_assert_num_queries(1):
        response = client.get("/search/suggest/", {"q": "العباد"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/representatives/1/"' in html and "<mark>العبادي</mark>" in html
    assert "All results for" in html
    assert client.get("/search/suggest/", {"q": "ع"}).content.decode().strip() == ""
    assert "<script" not in html


def test_a_broad_search_is_bounded_and_says_so(client, monkeypatch):
    from jisr.search import backends

    monkeypatch.setattr(backends.Backend, "cap", 5)
    for i in range(8):
        index("activity", i + 1, title=f"كلمة عن الكهرباء {i}")
    response, html = page(client, q="الكهرباء")
    assert response.context["capped"] and "More than" in html
    assert len(response.context["groups"][0]["results"]) == 5
    body = client.get("/api/v1/search", {"q": "الكهرباء"}).json()
    assert body["capped"] is True and body["count"] == 5


def test_a_word_cut_short_is_found_as_a_prefix_when_nothing_else_is(client):
    index("bill", 1, title="قانون الكهرباء الوطنية")
    response, html = page(client, q="الكهرب")
    assert response.context["total"] == 1
    assert "No whole word matched" in html
    assert "<mark>الكهرباء</mark>" in html


def test_latin_accents_are_folded_both_ways(client):
    index("person", 1, title="جلال الطالباني", names=["Jalal Ṭālabānī"], title_is_name=True)
    index("person", 2, title="اسم اخر", names=["Talabani"], title_is_name=True)
    response, _html = page(client, q="talabani")
    found = {r.hit.object_id for g in response.context["groups"] for r in g["results"]}
    assert found == {1, 2}
    response, _html = page(client, q="Ṭālabānī")
    assert {r.hit.object_id for g in response.context["groups"] for r in g["results"]} == {1, 2}
