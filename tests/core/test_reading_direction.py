"""Text that follows the reading direction and the language: lists joined with the
language's comma, arrows that point the way the line is read, timelines whose list numbers
cannot run into their dates."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from jisr.core.lists import join_list
from jisr.core.middleware import LANGUAGE_COOKIE

from ..parliament.conftest import Parliament

CSS = Path(__file__).resolve().parents[2] / "src" / "jisr" / "core" / "static" / "jisr" / "css"


def render(source: str, **context) -> str:
    return Template("{% load jisr_text %}" + source).render(Context(context))


@pytest.mark.parametrize("language,comma,arrow", [("ar", "، ", "←"), ("en", ", ", "→")])
def test_lists_and_arrows_follow_the_language(language, comma, arrow):
    joined = comma.join(["1.7", "3", "5"])
    with translation.override(language):
        assert join_list(["1.7", 3, 5]) == joined
        assert render("{{ items|join_list }}", items=["1.7", 3, 5]) == joined
        assert render("{% reading_arrow %}") == arrow
        assert render("a{% list_comma %}b") == f"a{comma}b"


def test_join_list_escapes_each_item():
    with translation.override("en"):
        assert render("{{ items|join_list }}", items=["<b>", "&"]) == "&lt;b&gt;, &amp;"


def test_a_timeline_has_no_list_numbers_to_run_into_its_dates():
    css = (CSS / "jisr.css").read_text()
    rule = re.search(r"\n\.timeline \{([^}]*)\}", css).group(1)
    assert "list-style: none" in rule


@pytest.mark.django_db
@pytest.mark.parametrize("language,comma", [("ar", "، "), ("en", ", ")])
def test_a_representatives_seat_is_listed_with_the_languages_comma(client, language, comma):
    house = Parliament()
    client.cookies[LANGUAGE_COOKIE] = language
    page = client.get(reverse("parliament:representative", args=[house.members[0].pk]))
    text = re.sub(r"<[^>]+>", "", page.content.decode())
    with translation.override(language):
        role = translation.gettext("elected for <bdi>%(party)s</bdi>").split("<bdi>")[0]
    assert f"{comma}{role}" in text
    other = {", ": "، ", "، ": ", "}[comma]
    assert f"{other}{role}" not in text


def test_numbered_election_steps_cannot_be_read_into_their_own_numbers():
    rules = (CSS.parents[3] / "elections" / "static" / "elections" / "elections.css").read_text()
    assert re.search(r":lang\(ar\) ol\.steps,[^{]*\{\s*list-style-type: arabic-indic;", rules)


def test_no_template_writes_an_arabic_comma_whatever_the_language():
    """Templates serve both languages: a literal «،» shows in English pages too."""
    templates = list(CSS.parents[3].glob("*/templates/**/*.*"))
    assert len(templates) > 50
    assert [str(t) for t in templates if "،" in t.read_text()] == []
