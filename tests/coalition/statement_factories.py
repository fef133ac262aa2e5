"""Joint statements for the tests: made through the services, as the pages make them."""

import datetime

from django.utils import timezone

from jisr.coalition.services import statements as services


def open_statement(organizer, *, threshold: int = 2, coalition=None, **fields):
    """A statement open for signing now (the window began yesterday, ends in a week)."""
    now = timezone.now()
    values = {
        "title": "بيان تجريبي",
        "title_en": "Test statement",
        "text": "نص البيان المشترك.",
        "text_en": "The joint statement's text.",
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=7),
        "threshold": threshold,
        "coalition": coalition,
    }
    values.update(fields)
    statement = services.statement_create(actor=organizer, **values)
    return services.statement_open(actor=organizer, statement=statement)
