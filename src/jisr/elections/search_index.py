"""Elections in the search index (``jisr.search``): every election, electoral list and
candidate, all public from the moment they are recorded (the election pages show them
before any result).

The services call these in the transaction of every write that changes what a document
holds (an election created or corrected, a roster imported or corrected, a constituency
renamed or given its governorate, certification), so an import's dry run rolls its
documents back with it. ``ElectionsConfig`` hands ``search_types`` to ``jisr manage
search_rebuild`` and removes the document of any record deleted (in the technical admin).

A candidate is found by name like a representative: the name is not stemmed, the
Latin-script name is indexed as written, and the Arabic name by sound. A list is found by
its names and the names of the parties within it. Nothing but what the public pages show
is indexed (never who imported or certified).
"""

from collections.abc import Iterable, Iterator

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from jisr.search import services as search
from jisr.search.documents import Document
from jisr.search.registry import SearchType

from .models import Candidate, Election, ElectoralList

ELECTION = "election"
ELECTORAL_LIST = "electoral_list"
CANDIDATE = "candidate"
CHUNK = 2000
BATCH = 500  # records read per query when indexing by id


def _names(*names: str) -> tuple[str, ...]:
    return tuple(n for n in names if n)


# --- Documents ----------------------------------------------------------------------------


def election_document(election: Election) -> Document:
    return Document(
        doc_type=ELECTION,
        object_id=election.pk,
        title=election.name,
        url=reverse("elections:election", args=[election.pk]),
        names=_names(election.name_en),
        date=election.date,
    )


def list_document(electoral_list: ElectoralList, election: Election) -> Document:
    """Needs the list's parties prefetched: it is also found by the parties within it."""
    parties = [name for p in electoral_list.parties.all() for name in _names(p.name, p.name_en)]
    return Document(
        doc_type=ELECTORAL_LIST,
        object_id=electoral_list.pk,
        title=electoral_list.name,
        text="\n".join(parties),
        names=_names(electoral_list.name_en),
        title_is_name=True,
        url=reverse("elections:electoral_list", args=[election.pk, electoral_list.pk]),
        context=election.name,
        date=election.date,
    )


def candidate_document(candidate: Candidate, election: Election) -> Document:
    """Needs the candidate's list and constituency (select_related)."""
    constituency = candidate.constituency
    return Document(
        doc_type=CANDIDATE,
        object_id=candidate.pk,
        title=candidate.name,
        names=_names(candidate.name_latin),
        title_is_name=True,
        url=reverse("elections:candidate", args=[election.pk, candidate.pk]),
        context=f"{candidate.electoral_list.name} · {constituency.name}",
        date=election.date,
        governorate=str(constituency.area_id) if constituency.area_id else "",
    )


def _lists():
    return ElectoralList.objects.select_related("election").prefetch_related("parties")


def _candidates():
    return Candidate.objects.select_related("election", "constituency", "electoral_list")


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


# --- Indexing, called by the services in their transaction --------------------------------


def index_election(election: Election) -> None:
    search.index_documents([election_document(election)])


def _index_each(rows, ids: Iterable[int], document) -> None:
    search.index_documents(
        document(row, row.election) for batch in _batches(ids) for row in rows.filter(pk__in=batch)
    )


def index_lists(list_ids: Iterable[int]) -> None:
    _index_each(_lists(), list_ids, list_document)


def index_candidates(candidate_ids: Iterable[int]) -> None:
    _index_each(_candidates(), candidate_ids, candidate_document)


def index_constituency_candidates(constituency_ids: Iterable[int]) -> None:
    """Index again the candidates of these constituencies (renamed, or placed in a
    governorate): their documents show the constituency and carry its governorate."""
    ids = list(constituency_ids)
    if ids:
        candidates = _candidates().filter(constituency_id__in=ids).order_by("pk")
        search.index_documents(
            candidate_document(c, c.election) for c in candidates.iterator(chunk_size=CHUNK)
        )


def constituency_placed(constituency_id: int, area) -> None:
    """The constituency was given its governorate: move its candidates' documents there."""
    ids = Candidate.objects.filter(constituency_id=constituency_id).values_list("pk", flat=True)
    search.set_governorate(doc_type=CANDIDATE, object_ids=ids, governorate=str(area.pk))


def index_election_records(election: Election) -> None:
    """Index the election, its lists and its candidates again (its name or day changed:
    their documents show them)."""
    index_election(election)
    lists = _lists().filter(election=election).order_by("pk")
    search.index_documents(
        list_document(item, election) for item in lists.iterator(chunk_size=CHUNK)
    )
    candidates = _candidates().filter(election=election).order_by("pk")
    search.index_documents(
        candidate_document(c, election) for c in candidates.iterator(chunk_size=CHUNK)
    )


# --- Every record, for jisr manage search_rebuild -------------------------------------------


def _all_elections() -> Iterator[Document]:
    for election in Election.objects.order_by("pk").iterator(chunk_size=CHUNK):
        yield election_document(election)


def _all_lists() -> Iterator[Document]:
    for item in _lists().order_by("pk").iterator(chunk_size=CHUNK):
        yield list_document(item, item.election)


def _all_candidates() -> Iterator[Document]:
    for candidate in _candidates().order_by("pk").iterator(chunk_size=CHUNK):
        yield candidate_document(candidate, candidate.election)


def search_types() -> list[SearchType]:
    return [
        SearchType(ELECTION, _("Elections"), Election.objects.count, _all_elections),
        SearchType(
            ELECTORAL_LIST,
            capfirst(ElectoralList._meta.verbose_name_plural) or "",
            ElectoralList.objects.count,
            _all_lists,
        ),
        SearchType(CANDIDATE, _("Candidates"), Candidate.objects.count, _all_candidates),
    ]


# --- Deletions ---------------------------------------------------------------------------

DOC_TYPES = {Election: ELECTION, ElectoralList: ELECTORAL_LIST, Candidate: CANDIDATE}


def _removed(sender, instance, **kwargs):
    search.remove_document(doc_type=DOC_TYPES[sender], object_id=instance.pk)


def connect_signals() -> None:
    """Remove the document of every deleted record, in the deletion's transaction: rows
    also go by cascade (an election's lists and candidates) and in the technical admin."""
    from django.db.models.signals import post_delete

    for model in DOC_TYPES:
        post_delete.connect(_removed, sender=model, dispatch_uid=f"search-remove-{model.__name__}")
