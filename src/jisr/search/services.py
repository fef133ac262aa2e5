"""Every write to the search index. Apps call these in the transaction of their own write,
so a record and its document commit or roll back together (docs/search.md)."""

import re
from collections.abc import Callable, Iterable

from django.db import transaction

from jisr.core.transactions import entry_service

from .documents import Document
from .models import SearchDocument
from .registry import search_types
from .terms import document_terms

BATCH = 500
# Text beyond this is kept for the snippet but not indexed (a tsvector holds at most 1 MB).
MAX_INDEXED_TEXT = 100_000


ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
LATIN_LETTER = re.compile("[A-Za-z]")


def _language(title: str, text: str) -> str:
    sample = title + " " + text[:500]
    if ARABIC_LETTER.search(sample):
        return "ar"
    if LATIN_LETTER.search(sample):
        return "en"
    return ""


def _row(document: Document) -> dict:
    if not document.doc_type or document.object_id is None:
        raise ValueError("A search document needs its type and its record's id.")
    terms = document_terms(
        title=document.title,
        text=document.text[:MAX_INDEXED_TEXT],
        names=document.names,
        title_is_name=document.title_is_name,
    )
    return {
        "url": document.url,
        "title": document.title[:500],
        "text": document.text,
        "names": "\n".join(" ".join(n.split()) for n in document.names if n and n.strip()),
        "title_is_name": document.title_is_name,
        "context": document.context[:300],
        "exact_terms": terms.exact,
        "stem_terms": terms.stems,
        "body_terms": terms.body,
        "sound_terms": terms.sounds,
        "date": document.date,
        "governorate": document.governorate or "",
        "language": document.language or _language(document.title, document.text),
    }


@transaction.atomic
def index_documents(documents: Iterable[Document], *, replace: bool = True) -> int:
    """Add or replace many documents, in batches; return how many were written.

    ``replace=False`` skips looking for existing documents (the caller removed them).
    """
    written = 0
    batch: list[Document] = []

    def flush():
        nonlocal written
        if replace:
            for doc_type in {d.doc_type for d in batch}:
                SearchDocument.objects.filter(
                    doc_type=doc_type,
                    object_id__in=[d.object_id for d in batch if d.doc_type == doc_type],
                ).delete()
        rows = {(d.doc_type, d.object_id): d for d in batch}  # the last one of a record wins
        SearchDocument.objects.bulk_create(
            SearchDocument(doc_type=d.doc_type, object_id=d.object_id, **_row(d))
            for d in rows.values()
        )
        written += len(rows)
        batch.clear()

    for document in documents:
        batch.append(document)
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return written


@transaction.atomic
def remove_document(*, doc_type: str, object_id: int) -> bool:
    """Remove the record's document; return whether there was one."""
    deleted, _ = SearchDocument.objects.filter(doc_type=doc_type, object_id=object_id).delete()
    return bool(deleted)


@transaction.atomic
def remove_documents(*, doc_type: str, object_ids: Iterable[int] | None = None) -> int:
    """Remove the documents of these records (all of the type when ``object_ids`` is None)."""
    documents = SearchDocument.objects.filter(doc_type=doc_type)
    if object_ids is not None:
        documents = documents.filter(object_id__in=list(object_ids))
    deleted, _ = documents.delete()
    return deleted


@transaction.atomic
def set_governorate(*, doc_type: str, object_ids: Iterable[int], governorate: str) -> int:
    """Move documents to another governorate (a representative's seat changed)."""
    return SearchDocument.objects.filter(doc_type=doc_type, object_id__in=list(object_ids)).update(
        governorate=governorate or ""
    )


@entry_service
def rebuild(
    *, types: Iterable[str] | None = None, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Rebuild the index from the records, in one transaction: searches see the old index
    until the new one is complete. Without ``types``, everything, including documents of
    kinds no app declares any more. Return the number of documents per type."""
    registered = search_types()
    chosen = list(registered) if types is None else list(types)
    unknown = [code for code in chosen if code not in registered]
    if unknown:
        raise ValueError(f"Unknown search types: {', '.join(unknown)}")
    if types is None:
        SearchDocument.objects.all().delete()
    else:
        SearchDocument.objects.filter(doc_type__in=chosen).delete()
    total = sum(registered[code].count() for code in chosen)
    done = 0
    counts = {}
    if progress:
        progress(0, total)

    def counted(code):
        nonlocal done
        for document in registered[code].documents():
            yield document
            done += 1
            if progress and (done % BATCH == 0 or done == total):
                progress(min(done, total), total)

    for code in chosen:
        counts[code] = index_documents(counted(code), replace=False)
    if progress:
        progress(total, total)
    return counts
