"""Published statements in the search index: their frozen text and the *listed* public
organizations that signed it — never an unlisted signer, never a person."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jisr.search import services as search
from jisr.search.documents import Document
from jisr.search.registry import SearchType

from .models import Statement, StatementStatus

STATEMENT = "coalition_statement"


def statement_document(statement: Statement) -> Document:
    from .statement_selectors import signers

    named = signers(statement).organizations
    return Document(
        doc_type=STATEMENT,
        object_id=statement.pk,
        title=statement.title,
        text="\n".join(
            t
            for t in (statement.title_en, statement.published_text, statement.published_text_en)
            if t
        ),
        names=tuple(n for o in named for n in (o.name, o.name_en) if n),
        url=reverse("coalition:statement_detail", args=[statement.pk]),
        date=statement.published_at.date() if statement.published_at else None,
    )


def index_statement(statement: Statement) -> None:
    if statement.status == StatementStatus.PUBLISHED:
        search.index_documents([statement_document(statement)])
    else:
        search.remove_document(doc_type=STATEMENT, object_id=statement.pk)


def _published():
    return Statement.objects.filter(status=StatementStatus.PUBLISHED).order_by("pk")


def _all() -> Iterator[Document]:
    for statement in _published():
        yield statement_document(statement)


def search_types() -> list[SearchType]:
    return [SearchType(STATEMENT, _("Joint statements"), _published().count, _all)]
