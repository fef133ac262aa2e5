"""The share card's image: drawn once per content hash, then served from the disk cache
with a year-long cache lifetime (the address changes whenever the card does)."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from . import cards

YEAR = 365 * 24 * 3600


@require_safe
def card(request, kind: str, pk: str, language: str, digest: str):
    number = int(pk)  # the pattern allows digits only
    try:
        subject = cards.public_subject(kind, number)
        current = cards.card_for(subject, language)
    except cards.NoCard:
        raise Http404 from None
    if current.digest() != digest:
        # An address shared before the card changed (a support since, a new total).
        return redirect(cards.card_path(subject, language, current))
    response = FileResponse(
        cards.cached_png(kind, number, current).open("rb"), content_type="image/png"
    )
    response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    response["ETag"] = f'"{current.digest()}"'
    return response
