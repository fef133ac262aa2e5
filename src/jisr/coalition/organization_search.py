"""Organizations in the search index (``jisr.search``): an organization is there exactly
while anyone may see it (verified and listed publicly). Pending, rejected and members-only
organizations are never in it; verifying, editing or hiding one updates it (the index
follows the row itself, with a ``post_save`` receiver). Never its delegates or members."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.search import services as search
from jisr.search.documents import Document
from jisr.search.registry import SearchType

from .models import Organization
from .organization_selectors import public_organizations

ORGANIZATION = "organization"


def organization_document(organization: Organization) -> Document:
    text = "\n\n".join(p for p in (organization.about, organization.about_en) if p)
    verified = organization.verified_at
    return Document(
        doc_type=ORGANIZATION,
        object_id=organization.pk,
        title=organization.name,
        text=text,
        names=(organization.name_en,) if organization.name_en else (),
        url=reverse("coalition:organization_detail", args=[organization.pk]),
        context=" · ".join(t for t in (organization.city, organization.country) if t),
        date=timezone.localdate(verified) if verified else None,
    )


def index_organization(organization: Organization) -> None:
    if organization.is_public:
        search.index_documents([organization_document(organization)])
    else:
        search.remove_document(doc_type=ORGANIZATION, object_id=organization.pk)


def _all() -> Iterator[Document]:
    for organization in public_organizations().order_by("pk").iterator(chunk_size=2000):
        yield organization_document(organization)


def search_types() -> list[SearchType]:
    return [
        SearchType(ORGANIZATION, _("Organizations"), lambda: public_organizations().count(), _all)
    ]


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_organization(instance)


def _removed(sender, instance, **kwargs):
    search.remove_document(doc_type=ORGANIZATION, object_id=instance.pk)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_saved, sender=Organization, dispatch_uid="search-index-Organization")
    post_delete.connect(_removed, sender=Organization, dispatch_uid="search-remove-Organization")
