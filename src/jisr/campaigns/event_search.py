"""Events in the search index (``jisr.search``): an event is there exactly while anyone may
see it (published and public). Cancelling it, closing it, making it members-only or
deleting it takes it out.

The document is the public page's text only: the title, the description, the agenda and
the city. Never the address, the link, the instructions or anyone registered.

The index follows the event row itself (a ``post_save`` receiver), so every service that
publishes, edits, cancels or hides an event keeps it right, whichever part of the
campaigns wrote it.
"""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.search import services as search
from jisr.search.documents import Document
from jisr.search.registry import SearchType

from .event_selectors import public_events
from .models.events import Event, EventAudience, EventStatus

EVENT = "event"
FIELDS = (
    "id",
    "title",
    "title_en",
    "description",
    "agenda",
    "city",
    "status",
    "audience",
    "published_at",
)


def is_public(event: Event) -> bool:
    return event.status == EventStatus.PUBLISHED and event.audience == EventAudience.PUBLIC


def event_document(event: Event) -> Document:
    text = "\n\n".join(p for p in (event.description, event.agenda) if p)
    published = event.published_at
    return Document(
        doc_type=EVENT,
        object_id=event.pk,
        title=event.title,
        text=text,
        names=(event.title_en,) if event.title_en else (),
        url=reverse("campaigns:event", args=[event.pk]),
        context=event.city,
        date=timezone.localdate(published) if published else None,
    )


def index_event(event: Event) -> None:
    """Put the event in the index while it is public; take it out otherwise."""
    if is_public(event):
        search.index_documents([event_document(event)])
    else:
        search.remove_document(doc_type=EVENT, object_id=event.pk)


def _all_events() -> Iterator[Document]:
    for event in public_events().only(*FIELDS).order_by("pk").iterator(chunk_size=2000):
        yield event_document(event)


def search_types() -> list[SearchType]:
    return [SearchType(EVENT, _("Events"), lambda: public_events().count(), _all_events)]


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_event(instance)


def _removed(sender, instance, **kwargs):
    search.remove_document(doc_type=EVENT, object_id=instance.pk)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_saved, sender=Event, dispatch_uid="search-index-Event")
    post_delete.connect(_removed, sender=Event, dispatch_uid="search-remove-Event")
