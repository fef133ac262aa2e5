"""One-tap share links for a prepared post: each platform's own share address, with the
text and the short link and nothing else — no ``utm_`` parameter, no id of the person who
shares (a pure module: no Django import)."""

from urllib.parse import quote, urlencode


def _query(**params: str) -> str:
    return urlencode(params, quote_via=quote)


def share_url(platform: str, *, text: str, url: str, subject: str = "") -> str:
    """The address that opens ``platform`` with the post ready to send."""
    if platform == "whatsapp":
        return "https://wa.me/?" + _query(text=f"{text}\n{url}")
    if platform == "telegram":
        return "https://t.me/share/url?" + _query(url=url, text=text)
    if platform == "facebook":  # Facebook takes only the link; the text is copied
        return "https://www.facebook.com/sharer/sharer.php?" + _query(u=url)
    if platform == "x":
        return "https://x.com/intent/post?" + _query(text=text, url=url)
    if platform == "email":
        return "mailto:?" + _query(subject=subject, body=f"{text}\n\n{url}")
    raise ValueError(f"unknown platform {platform!r}")
