"""Pledges in the search index (``jisr.search``): every pledge is public from the moment it
is recorded. A pledge is found by its words as published, its summaries and who made it
(its platform's party); its governorate is the one it was made for. The services index it
in their transaction; a deleted pledge's document goes with it."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jisr.search import services as search
from jisr.search.documents import Document
from jisr.search.registry import SearchType

from .models import Platform, Pledge

PLEDGE = "pledge"
CHUNK = 2000


def pledge_document(pledge: Pledge) -> Document:
    """Needs the pledge's platform and its owner (select_related)."""
    platform = pledge.platform
    who = platform.owner.name if platform.owner else ""
    return Document(
        doc_type=PLEDGE,
        object_id=pledge.pk,
        title=pledge.summary,
        text="\n".join(t for t in (pledge.quote, pledge.summary_en) if t),
        url=reverse("pledges:detail", args=[pledge.pk]),
        context=" · ".join(t for t in (who, platform.title) if t),
        date=platform.published_on,
        governorate=str(pledge.area_id) if pledge.area_id else "",
    )


def _pledges():
    return Pledge.objects.select_related("platform__owner")


def index_pledge(pledge: Pledge) -> None:
    search.index_documents([pledge_document(_pledges().get(pk=pledge.pk))])


def index_platform_pledges(platform: Platform) -> None:
    """The platform's title or party changed: its pledges' documents show them."""
    rows = _pledges().filter(platform=platform).order_by("pk")
    search.index_documents(pledge_document(p) for p in rows.iterator(chunk_size=CHUNK))


def _all() -> Iterator[Document]:
    for pledge in _pledges().order_by("pk").iterator(chunk_size=CHUNK):
        yield pledge_document(pledge)


def search_types() -> list[SearchType]:
    return [SearchType(PLEDGE, _("Pledges"), Pledge.objects.count, _all)]


def _removed(sender, instance, **kwargs):
    search.remove_document(doc_type=PLEDGE, object_id=instance.pk)


def connect_signals() -> None:
    from django.db.models.signals import post_delete

    post_delete.connect(_removed, sender=Pledge, dispatch_uid="search-remove-Pledge")
