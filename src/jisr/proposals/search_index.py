"""Proposals in the search index (``jisr.search``): a proposal is there exactly while the
public can see it (``selectors.public_proposals``: a public status and not hidden).

The services call ``index_proposal`` in the transaction of every write that makes a
proposal public, changes what its document holds or takes it out of public view
(withdrawn, rejected, merged, hidden after reports); the erasure hook re-indexes the
erased member's public proposals without their name. ``ProposalsConfig`` hands
``search_types`` to ``jisr manage search_rebuild`` and removes the document of any
proposal deleted (in the technical admin, where no service runs).

Only what the public page shows is indexed: the title, the text, the display name the
member chose (nothing once the member is erased), the day it was published and its
governorate. Never supporters, reporters, moderators' messages or who delivered it.
"""

from collections.abc import Iterable, Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jisr.search import services as search
from jisr.search.documents import Document
from jisr.search.registry import SearchType

from . import states
from .models import Proposal
from .selectors import public_proposals

PROPOSAL = "proposal"
# What a document is built from: nothing else of the row is read.
FIELDS = (
    "id",
    "title",
    "body",
    "author_id",
    "author_display_name",
    "published_at",
    "area_id",
    "language",
    "status",
    "hidden",
)


def is_public(proposal: Proposal) -> bool:
    return proposal.status in states.PUBLIC and not proposal.hidden


def proposal_document(proposal: Proposal) -> Document:
    published = proposal.published_at
    return Document(
        doc_type=PROPOSAL,
        object_id=proposal.pk,
        title=proposal.title,
        text=proposal.body,
        url=reverse("proposals:detail", args=[proposal.pk]),
        # The page names the author only while there is one (erasure detaches them).
        context=proposal.author_display_name if proposal.author_id else "",
        date=timezone.localdate(published) if published else None,
        governorate=str(proposal.area_id) if proposal.area_id else "",  # parliament's areas
        language=proposal.language,
    )


# --- Indexing, called by the services in their transaction --------------------------------


def index_proposal(proposal: Proposal) -> None:
    """Put the proposal in the index while it is public; take it out otherwise."""
    if is_public(proposal):
        search.index_documents([proposal_document(proposal)])
    else:
        search.remove_document(doc_type=PROPOSAL, object_id=proposal.pk)


def index_proposals(proposal_ids: Iterable[int]) -> None:
    """Index these proposals again as they are now (those no longer public leave)."""
    ids = set(proposal_ids)
    if not ids:
        return
    proposals = list(Proposal.objects.filter(pk__in=ids).only(*FIELDS))
    search.remove_documents(
        doc_type=PROPOSAL, object_ids=[p.pk for p in proposals if not is_public(p)]
    )
    search.index_documents(proposal_document(p) for p in proposals if is_public(p))


# --- Every public proposal, for jisr manage search_rebuild ---------------------------------

CHUNK = 2000


def _all_proposals() -> Iterator[Document]:
    for proposal in public_proposals().only(*FIELDS).order_by("pk").iterator(chunk_size=CHUNK):
        yield proposal_document(proposal)


def search_types() -> list[SearchType]:
    return [
        SearchType(PROPOSAL, _("Proposals"), lambda: public_proposals().count(), _all_proposals)
    ]


# --- Deletions ---------------------------------------------------------------------------


def _removed(sender, instance, **kwargs):
    search.remove_document(doc_type=PROPOSAL, object_id=instance.pk)


def connect_signals() -> None:
    """Remove the document of a deleted proposal, in the deletion's transaction."""
    from django.db.models.signals import post_delete

    post_delete.connect(_removed, sender=Proposal, dispatch_uid="search-remove-Proposal")
