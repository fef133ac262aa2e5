"""The share kits' reads: which kits the public may see, the posts of one, and what the
staff pages list."""

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from jisr.proposals.models import PUBLIC_ROWS, Proposal
from jisr.reports.models import MonthlyReport
from jisr.treasury.models import Campaign

from .models import Event, EventAudience, EventStatus, Kit, KitItem

SUBJECT_RELATED = ("treasury_campaign", "event", "proposal", "report", "short_link")

#: A kit is public when its subject is: each subject's own rule, as a filter on kits.
PUBLIC_SUBJECT = (
    Q(treasury_campaign__is_public=True)
    | Q(
        event__status__in=[EventStatus.PUBLISHED, EventStatus.CLOSED],
        event__audience=EventAudience.PUBLIC,
    )
    | Q(report__status=MonthlyReport.Status.PUBLISHED)
    | Q(proposal__in=Proposal.objects.filter(PUBLIC_ROWS))
)


def published_items(kit: Kit | None = None) -> QuerySet[KitItem]:
    items = KitItem.objects.exclude(published_at=None)
    return items.filter(kit=kit) if kit is not None else items


def public_kits() -> QuerySet[Kit]:
    """Kits whose subject is public and that have at least one published post."""
    has_post = Exists(published_items().filter(kit=OuterRef("pk")))
    return (
        Kit.objects.filter(PUBLIC_SUBJECT)
        .filter(has_post)
        .select_related(*SUBJECT_RELATED)
        .order_by("-pk")
    )


def public_kit(pk: int) -> Kit:
    return public_kits().get(pk=pk)


def public_kit_of(**subject) -> Kit | None:
    """The public kit of a subject (``treasury_campaign=c``), for its page's link."""
    return public_kits().select_related(None).filter(**subject).only("pk").first()


def subject_path(kit: Kit) -> str:
    """The subject's public page, where the short link leads."""
    kind = kit.subject_kind
    name = {
        "treasury_campaign": "treasury:campaign",
        "event": "campaigns:event",
        "proposal": "proposals:detail",
        "report": "reports:detail",
    }[kind]
    try:
        return reverse(name, args=[getattr(kit, f"{kind}_id")])
    except NoReverseMatch:  # the events' pages are not there: the kit's own page
        return reverse("campaigns:kit", args=[kit.pk])


def display_title(kit: Kit) -> str:
    return kit.title_en if get_language() == "en" and kit.title_en else kit.title


def staff_kits() -> QuerySet[Kit]:
    return Kit.objects.select_related(*SUBJECT_RELATED).annotate(
        item_count=Count("items"),
        waiting=Count("items", filter=Q(items__reviewed_at=None)),
        published=Count("items", filter=Q(items__published_at__isnull=False)),
    )


def items_waiting_review() -> QuerySet[KitItem]:
    return KitItem.objects.filter(reviewed_at=None)


def subject_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The subjects a kit can be made for, grouped by kind (newest first, 100 of each),
    as ``kind:pk`` values; subjects that have a kit are left out."""
    from django.utils.translation import gettext as _

    from jisr.reports.presenters import report_title

    campaigns = Campaign.objects.filter(share_kit=None).order_by("-starts_on", "-pk")[:100]
    events = Event.objects.filter(share_kit=None).exclude(status=EventStatus.CANCELLED)[:100]
    proposals = Proposal.objects.filter(PUBLIC_ROWS, share_kit=None).order_by("-pk")[:100]
    reports = MonthlyReport.objects.filter(share_kit=None).select_related("person")[:100]
    groups = [
        (_("Fundraising campaigns"), [(f"treasury_campaign:{c.pk}", c.title) for c in campaigns]),
        (_("Events"), [(f"event:{e.pk}", e.title) for e in events]),
        (_("Proposals"), [(f"proposal:{p.pk}", p.title) for p in proposals]),
        (_("Monthly reports"), [(f"report:{r.pk}", report_title(r)) for r in reports]),
    ]
    return [(label, options) for label, options in groups if options]


def subject_from_choice(value: str):
    """``("treasury_campaign", <Campaign>)`` from ``"treasury_campaign:3"``, or None."""
    kind, _sep, pk = value.partition(":")
    models: dict[str, type[Model]] = {
        "treasury_campaign": Campaign,
        "event": Event,
        "proposal": Proposal,
        "report": MonthlyReport,
    }
    model = models.get(kind)
    if model is None or not pk.isdigit():
        return None
    found = model._default_manager.filter(pk=int(pk)).first()
    return (kind, found) if found is not None else None
