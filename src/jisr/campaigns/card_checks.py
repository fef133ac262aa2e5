"""``manage check`` (and every start of the site): share cards need raqm.

Without raqm, Pillow lays text out on its own: Arabic letters come out unjoined and in
left-to-right order, a card nobody can read. Better not to start than to publish that."""

from django.core.checks import Error, register

from .card_drawing import BOLD, REGULAR, raqm_available


@register()
def raqm_installed(app_configs=None, **kwargs):
    if raqm_available():
        return []
    return [
        Error(
            "Share cards cannot be drawn: Pillow has no raqm layout, so Arabic would be "
            "drawn unjoined and backwards.",
            hint="Install the raqm library (Debian and Ubuntu: apt install libraqm0; Alpine: "
            "apk add libraqm; macOS: brew install libraqm), then restart the site.",
            id="jisr.campaigns.E001",
        )
    ]


@register()
def card_fonts_present(app_configs=None, **kwargs):
    missing = [path.name for path in (REGULAR, BOLD) if not path.is_file()]
    if not missing:
        return []
    return [
        Error(
            f"Share cards cannot be drawn: the font file {', '.join(missing)} is missing.",
            hint=f"Install Jisr again, or rebuild the font: python3 tools/card_font.py "
            f"(it writes to {REGULAR.parent}).",
            id="jisr.campaigns.E002",
        )
    ]
