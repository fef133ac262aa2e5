"""Joint statements as JSON: those open for signing and those published, with the listed
public organizations that signed and the counts — never an unlisted signer, never a
person's name (people are counted only)."""

import datetime

from django.http import Http404
from ninja import Field, Router, Schema

from . import statement_selectors as selectors
from .models import Statement, StatementStatus

router = Router(tags=["coalition"])


class SignerOut(Schema):
    id: int
    name: str
    name_en: str


class StatementOut(Schema):
    id: int
    title: str
    title_en: str
    status: str = Field(description="open or published")
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    threshold: int = Field(description="Organizations needed on the latest version.")
    version: int = Field(description="The version the counts and the text refer to.")
    text: str
    text_en: str
    organizations_count: int
    organizations_unnamed: int = Field(description="Signed without being named: counted only.")
    people_count: int
    organizations: list[SignerOut] = Field(description="Listed public organizations only.")
    sha256: str = Field(description="SHA-256 of the frozen text's canonical form, once published.")
    published_at: datetime.datetime | None


def _out(statement: Statement, signers: selectors.Signers) -> dict:
    published = statement.is_published
    return {
        "id": statement.pk,
        "title": statement.title,
        "title_en": statement.title_en,
        "status": statement.status,
        "opens_at": statement.opens_at,
        "closes_at": statement.closes_at,
        "threshold": statement.threshold,
        "version": signers.version.number,
        "text": statement.published_text if published else signers.version.text,
        "text_en": statement.published_text_en if published else signers.version.text_en,
        "organizations_count": signers.organizations_count,
        "organizations_unnamed": signers.organizations_unnamed,
        "people_count": signers.people_count,
        "organizations": [
            {"id": o.pk, "name": o.name, "name_en": o.name_en} for o in signers.organizations
        ],
        "sha256": statement.sha256,
        "published_at": statement.published_at,
    }


def _listed():
    return Statement.objects.filter(
        status__in=(StatementStatus.OPEN, StatementStatus.PUBLISHED)
    ).order_by("-opens_at", "-pk")


@router.get("/statements", response=list[StatementOut], summary="Joint statements")
def statements(request):
    """Open and published statements, newest first (at most 100), in four queries."""
    rows = list(_listed()[:100])
    found = selectors.signers_of(rows)
    return [_out(s, found[s.pk]) for s in rows]


@router.get("/statements/{statement_id}", response=StatementOut, summary="A joint statement")
def statement(request, statement_id: int):
    found = _listed().filter(pk=statement_id).first()
    if found is None:
        raise Http404
    return _out(found, selectors.signers(found))
