import pytest


@pytest.fixture(autouse=True)
def _no_rate_limit(settings, tmp_path):
    """Tests send without waiting; the rate limit has its own test. PDFs are cached in a
    folder of the test's own."""
    settings.JISR_EMAIL_RATE_PER_MINUTE = 0
    settings.JISR_DIGEST_BATCH_SIZE = 3
    settings.JISR_SITE_URL = "https://jisr.example.org"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def client(client):
    """Pages in English, so assertions read the source strings."""
    from jisr.core.middleware import LANGUAGE_COOKIE

    client.cookies[LANGUAGE_COOKIE] = "en"
    return client


@pytest.fixture
def member(member):
    member.preferred_language = "en"
    member.save(update_fields=["preferred_language"])
    return member


@pytest.fixture
def organizer(organizer):
    organizer.preferred_language = "en"
    organizer.save(update_fields=["preferred_language"])
    return organizer
