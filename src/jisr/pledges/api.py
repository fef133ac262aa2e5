"""Pledges as JSON: each with its words as published, its sources, its verdict, evidence,
history and links. Public data only: who rated is never part of it."""

import datetime

from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Number, Pagination

from . import selectors
from .models import Pledge, Verdict

router = Router(tags=["pledges"])


class PledgeOut(Schema):
    id: int
    platform_id: int
    platform_title: str
    party_id: int | None = Field(description="Null: the organization's own pledge.")
    quote: str = Field(description="The pledge word for word, as published.")
    source_url: str
    page: str
    archive_url: str
    summary: str
    summary_en: str
    categories: list[str]
    scope: str
    area_id: int | None
    deadline: datetime.date | None
    verdict: str = Field(description=", ".join(Verdict.values))
    verdict_on: datetime.date | None
    people: list[int] = Field(description="Ids of the representatives who made it.")

    @staticmethod
    def resolve_platform_title(obj) -> str:
        return obj["platform_title"] if isinstance(obj, dict) else obj.platform.title

    @staticmethod
    def resolve_party_id(obj) -> int | None:
        return obj["party_id"] if isinstance(obj, dict) else obj.platform.owner_id

    @staticmethod
    def resolve_categories(obj) -> list[str]:
        if isinstance(obj, dict):
            return obj["categories"]
        return [c.name for c in obj.categories.all()]

    @staticmethod
    def resolve_people(obj) -> list[int]:
        return obj["people"] if isinstance(obj, dict) else [p.pk for p in obj.people.all()]


class EvidenceOut(Schema):
    kind: str
    title: str
    url: str
    archive_url: str
    quote: str
    date: datetime.date


class VerdictOut(Schema):
    verdict: str
    previous: str
    reason: str
    explanation: str
    follows: str = Field(description="both, first, second or neither of the two ratings.")
    decided_on: datetime.date


class LinkOut(Schema):
    kind: str
    id: int
    note: str


class PledgeDetailOut(PledgeOut):
    evidence: list[EvidenceOut]
    history: list[VerdictOut]
    links: list[LinkOut]


def _out(pledge: Pledge) -> dict:
    platform = pledge.platform
    return {
        "id": pledge.pk,
        "platform_id": platform.pk,
        "platform_title": platform.title,
        "party_id": platform.owner_id,
        "quote": pledge.quote,
        "source_url": pledge.source_url,
        "page": pledge.page,
        "archive_url": pledge.archive_url,
        "summary": pledge.summary,
        "summary_en": pledge.summary_en,
        "categories": [c.name for c in pledge.categories.all()],
        "scope": pledge.scope,
        "area_id": pledge.area_id,
        "deadline": pledge.deadline,
        "verdict": pledge.verdict,
        "verdict_on": pledge.verdict_on,
        "people": [p.pk for p in pledge.people.all()],
    }


@router.get("/", response=list[PledgeOut], summary="Pledges, newest first")
@paginate(Pagination)
def list_pledges(request, verdict: str = ""):
    return selectors.pledge_list(verdict=verdict).prefetch_related("people")


@router.get("/{id}", response=PledgeDetailOut, summary="One pledge with its evidence and history")
def get_pledge(request, id: Number):
    try:
        pledge = selectors.pledge_detail(id)
    except Pledge.DoesNotExist:
        raise Http404 from None
    return {
        **_out(pledge),
        "evidence": [
            {
                "kind": e.kind,
                "title": e.title,
                "url": e.url,
                "archive_url": e.archive_url,
                "quote": e.quote,
                "date": e.date,
            }
            for e in pledge.evidence.all()
        ],
        "history": [
            {
                "verdict": v.verdict,
                "previous": v.previous,
                "reason": v.reason,
                "explanation": v.explanation,
                "follows": v.follows,
                "decided_on": v.decided_on,
            }
            for v in pledge.verdicts.all()
        ],
        "links": [
            {"kind": link.kind, "id": getattr(link, f"{link.kind}_id"), "note": link.note}
            for link in pledge.links.all()
        ],
    }
