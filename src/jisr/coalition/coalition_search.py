"""Coalitions in the search index (``jisr.search``): the name and the charter, in both
languages. Members are not in the document (a members-only organization must never be
found through its coalition)."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.search import services as search
from jisr.search.documents import Document
from jisr.search.registry import SearchType

from .models import Coalition

COALITION = "coalition"


def coalition_document(coalition: Coalition) -> Document:
    text = "\n\n".join(p for p in (coalition.charter, coalition.charter_en) if p)
    return Document(
        doc_type=COALITION,
        object_id=coalition.pk,
        title=coalition.name,
        text=text,
        names=(coalition.name_en,) if coalition.name_en else (),
        url=reverse("coalition:coalition_detail", args=[coalition.pk]),
        date=timezone.localdate(coalition.created_at),
    )


def _all() -> Iterator[Document]:
    for coalition in Coalition.objects.order_by("pk").iterator(chunk_size=500):
        yield coalition_document(coalition)


def search_types() -> list[SearchType]:
    return [SearchType(COALITION, _("Coalitions"), Coalition.objects.count, _all)]


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index_documents([coalition_document(instance)])


def _removed(sender, instance, **kwargs):
    search.remove_document(doc_type=COALITION, object_id=instance.pk)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_saved, sender=Coalition, dispatch_uid="search-index-Coalition")
    post_delete.connect(_removed, sender=Coalition, dispatch_uid="search-remove-Coalition")
