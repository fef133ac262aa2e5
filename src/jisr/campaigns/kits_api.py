"""Published share kits as JSON: each kit's subject, short link and published posts with
their one-tap share links. Nothing about who shared or followed a link exists to give."""

from django.conf import settings
from django.http import Http404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from jisr.core.api_types import Number, Pagination, RowsOf

from . import kit_selectors as selectors
from .kit_views import short_url
from .models import Kit
from .sharing import share_url

router = Router(tags=["share kits"])


class KitPostOut(Schema):
    platform: str = Field(description="whatsapp, telegram, facebook, x or email.")
    language: str = Field(description="ar, en or ku.")
    subject: str = Field(description="The e-mail's subject (empty for other platforms).")
    text: str
    share_url: str = Field(description="Opens the platform with the post ready to send.")


class KitOut(Schema):
    id: int
    title: str
    title_en: str
    subject_kind: str = Field(description="treasury_campaign, event, proposal or report.")
    subject_id: int
    subject_url: str = Field(description="The subject's page on this site.")
    short_url: str = Field(description="The short link on this site's own domain.")
    posts: list[KitPostOut]


def _out(kit: Kit, items) -> dict:
    url = short_url(kit)
    kind = kit.subject_kind
    return {
        "id": kit.pk,
        "title": kit.title,
        "title_en": kit.title_en,
        "subject_kind": kind,
        "subject_id": getattr(kit, f"{kind}_id"),
        "subject_url": settings.JISR_SITE_URL.rstrip("/") + selectors.subject_path(kit),
        "short_url": url,
        "posts": [
            {
                "platform": i.platform,
                "language": i.language,
                "subject": i.subject,
                "text": i.text,
                "share_url": share_url(i.platform, text=i.text, url=url, subject=i.subject),
            }
            for i in items
        ],
    }


def _kits_out(kits: list) -> list:
    """A page of public kits with their published posts (one query)."""
    posts: dict[int, list] = {kit.pk: [] for kit in kits}
    for item in selectors.published_items().filter(kit__in=kits):
        posts[item.kit_id].append(item)
    return [_out(kit, posts[kit.pk]) for kit in kits]


@router.get("/kits", response=list[KitOut], summary="Published share kits")
@paginate(Pagination)
def list_kits(request):
    """Share kits whose subject is public and that have published posts, newest first."""
    return RowsOf(selectors.public_kits(), _kits_out)


@router.get("/kits/{id}", response=KitOut, summary="One published share kit")
def get_kit(request, id: Number):
    try:
        kit = selectors.public_kit(id)
    except Kit.DoesNotExist:
        raise Http404 from None
    return _out(kit, selectors.published_items(kit))
