"""The public side of the share kits: a kit's page (each prepared post with its copy button
and one-tap share links, the short link and its QR code) and the short link itself.

Nothing here reads or keeps anything about the person: the short link counts one use and
redirects, setting no cookie; no generated link carries a tracking parameter.
"""

import segno
from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from . import cards
from . import kit_selectors as selectors
from .models import Kit, KitLanguage, KitPlatform
from .services.kits import short_link_follow
from .sharing import share_url

PLATFORM_ORDER = [p.value for p in KitPlatform]
SHARE_LABELS = {
    KitPlatform.WHATSAPP: _("Send on WhatsApp"),
    KitPlatform.TELEGRAM: _("Send on Telegram"),
    KitPlatform.FACEBOOK: _("Share on Facebook"),
    KitPlatform.X: _("Post on X"),
    KitPlatform.EMAIL: _("Write an e-mail"),
}


def _card_path(kit: Kit) -> str | None:
    """The share card of the kit's subject, to download with the posts."""
    try:
        return cards.card_path(kit.subject, get_language())
    except cards.NoCard:
        return None


def short_url(kit: Kit) -> str:
    """The kit's short link as people type it: on the site's own domain."""
    assert kit.short_link is not None
    path = reverse("short_link", args=[kit.short_link.code])
    return settings.JISR_SITE_URL.rstrip("/") + path


def qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4, border=2, svgclass="kit-qr-code")


def _languages(kit: Kit, url: str) -> list[dict]:
    """The published posts by language, the page's language first."""
    items = sorted(
        selectors.published_items(kit),
        key=lambda i: (i.language != get_language(), i.language, PLATFORM_ORDER.index(i.platform)),
    )
    labels = dict(KitLanguage.choices)
    languages: list[dict] = []
    for item in items:
        item.share_url = share_url(item.platform, text=item.text, url=url, subject=item.subject)
        item.share_label = str(SHARE_LABELS[KitPlatform(item.platform)])
        if not languages or languages[-1]["code"] != item.language:
            languages.append({"code": item.language, "label": labels[item.language], "items": []})
        languages[-1]["items"].append(item)
    return languages


@require_safe
def kit_detail(request, pk: int):
    try:
        kit = selectors.public_kit(pk)
    except Kit.DoesNotExist:
        raise Http404 from None
    url = short_url(kit)
    context = {
        "kit": kit,
        "title": selectors.display_title(kit),
        "subject_path": selectors.subject_path(kit),
        "short_url": url,
        "qr": qr_svg(url),
        "languages": _languages(kit, url),
        "card_url": _card_path(kit),
    }
    return render(request, "campaigns/kits/kit.html", context)


@never_cache  # each use is counted: no browser or proxy may answer it from a copy
@require_GET  # a HEAD (a link checker) is not a use
def short_link(request, code: str):
    target = short_link_follow(code.upper())
    if target is None or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        raise Http404
    return HttpResponseRedirect(target)
