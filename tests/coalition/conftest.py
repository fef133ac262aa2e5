import pytest
from django.utils import translation


@pytest.fixture
def english(monkeypatch):
    """The site in English for the whole test: pages (whatever the reader's language) and
    the services' messages. For the tests that read English text."""
    from jisr.core import middleware

    monkeypatch.setattr(middleware, "language_for", lambda request: "en")
    with translation.override("en"):
        yield
