"""What the statement pages, feed, API, search and report read, in a fixed number of
queries. The names shown are those of *listed* signatures only, and of an organization
only when it is public (verified and listed publicly); everything else is a count."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import (
    IndividualSignature,
    Organization,
    OrganizationSignature,
    OrganizationStatus,
    OrganizationVisibility,
    Statement,
    StatementStatus,
    StatementVersion,
)
from .models.statements import PUBLIC_STATUSES

PUBLIC_ORG = Q(
    organization__status=OrganizationStatus.VERIFIED,
    organization__visibility=OrganizationVisibility.PUBLIC,
)


def public_statements() -> QuerySet[Statement]:
    return Statement.objects.filter(status__in=PUBLIC_STATUSES)


def _latest_count(model) -> Coalesce:
    """How many rows of ``model`` (a signature) the statement has on its latest version."""
    latest = StatementVersion.objects.filter(statement=OuterRef("statement")).order_by("-number")
    rows = (
        model.objects.filter(statement=OuterRef("pk"), version=Subquery(latest.values("pk")[:1]))
        .order_by()
        .values("statement")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


def _with_counts(qs: QuerySet[Statement]) -> QuerySet[Statement]:
    """Each statement with the organizations and people who signed its latest version
    (``org_count``/``person_count``), in the same query."""
    return qs.annotate(
        org_count=_latest_count(OrganizationSignature),
        person_count=_latest_count(IndividualSignature),
    )


def statement_list() -> list[Statement]:
    """Public statements: open for signing first (closing soonest first), then published
    and closed ones (newest first). One query."""
    rows = list(_with_counts(public_statements()).select_related("coalition"))
    open_ = sorted(
        (s for s in rows if s.status == StatementStatus.OPEN), key=lambda s: (s.closes_at, s.pk)
    )
    rest = sorted(
        (s for s in rows if s.status != StatementStatus.OPEN),
        key=lambda s: (s.closed_at or s.closes_at, s.pk),
        reverse=True,
    )
    return open_ + rest


def open_statements(limit: int = 5) -> list[Statement]:
    qs = _with_counts(public_statements().filter(status=StatementStatus.OPEN))
    return list(qs.select_related("coalition").order_by("closes_at", "pk")[:limit])


@dataclass
class VersionCount:
    number: int
    organizations: int
    people: int


@dataclass
class Signers:
    """Who signed the ``version`` (the latest, or the published one) and the counts."""

    version: StatementVersion
    versions: list[StatementVersion]
    organizations: list[Organization] = field(default_factory=list)  # listed and public
    organizations_count: int = 0
    organizations_unnamed: int = 0
    people: list[str] = field(default_factory=list)  # listed display names
    people_count: int = 0
    people_unnamed: int = 0
    earlier: list[VersionCount] = field(default_factory=list)  # earlier versions' counts


def signers(statement: Statement) -> Signers:
    """Three queries: the versions, the organizations' signatures, the people's."""
    return signers_of([statement])[statement.pk]


def signers_of(statements: list[Statement]) -> dict[int, Signers]:
    """Each statement's ``Signers``, in three queries however many statements."""
    pks = [s.pk for s in statements]
    all_versions: dict[int, list[StatementVersion]] = {pk: [] for pk in pks}
    for v in StatementVersion.objects.filter(statement_id__in=pks).order_by("number"):
        all_versions[v.statement_id].append(v)
    results: dict[int, Signers] = {}
    counts: dict[int, VersionCount] = {}
    for statement in statements:
        versions = all_versions[statement.pk]
        by_pk = {v.pk: v for v in versions}
        version = by_pk.get(statement.published_version_id or 0) or versions[-1]
        results[statement.pk] = Signers(version=version, versions=versions)
        counts.update({v.pk: VersionCount(v.number, 0, 0) for v in versions})
    org_rows = (
        OrganizationSignature.objects.filter(statement_id__in=pks)
        .annotate(public=Q(PUBLIC_ORG))
        .select_related("organization")
        .order_by("signed_at", "pk")
    )
    for row in org_rows:
        counts[row.version_id].organizations += 1
        result = results[row.statement_id]
        if row.version_id != result.version.pk:
            continue
        result.organizations_count += 1
        if row.listed and row.public:
            result.organizations.append(row.organization)
        else:
            # An unnamed organization goes no further than this count.
            result.organizations_unnamed += 1
    person_rows = (
        IndividualSignature.objects.filter(statement_id__in=pks)
        .select_related("user")
        .order_by("signed_at", "pk")
    )
    for person in person_rows:
        counts[person.version_id].people += 1
        result = results[person.statement_id]
        if person.version_id != result.version.pk:
            continue
        result.people_count += 1
        if person.listed and person.user is not None:
            result.people.append(person.user.display_name)
        else:
            result.people_unnamed += 1
    for result in results.values():
        result.earlier = [
            counts[v.pk]
            for v in result.versions
            if v.pk != result.version.pk and (counts[v.pk].organizations or counts[v.pk].people)
        ]
    return results


def published_between(start, end) -> list[Any]:
    """Statements published from ``start`` to ``end`` (dates, inclusive)."""
    qs = Statement.objects.filter(
        status=StatementStatus.PUBLISHED,
        published_at__date__gte=start,
        published_at__date__lte=end,
    )
    return list(_with_counts(qs).order_by("published_at", "pk"))


def staff_statements() -> list[Statement]:
    return list(_with_counts(Statement.objects.all()).select_related("coalition"))


def my_signatures(request, statement: Statement) -> dict:
    """What the signed-in person already signed: their own signature and those of the
    organizations they act for (one or two queries)."""
    from .acting import current_delegations

    user = request.user
    if not user.is_authenticated:
        return {"person": None, "delegations": [], "signed_orgs": {}}
    person = IndividualSignature.objects.filter(statement=statement, user=user).first()
    delegations = current_delegations(user, acting=True)
    signed = {}
    if delegations:
        signed = dict(
            OrganizationSignature.objects.filter(
                statement=statement,
                organization_id__in=[d.organization_id for d in delegations],
            ).values_list("organization_id", "version_id")
        )
    return {
        "person": person,
        "delegations": delegations,
        "signed_orgs": signed,
    }


def published_statements(limit: int = 50) -> list[Statement]:
    qs = Statement.objects.filter(status=StatementStatus.PUBLISHED)
    return list(qs.order_by("-published_at", "-pk")[:limit])
