"""``manage check`` (and every start of the site): share cards need raqm.

Without raqm, Pillow lays text out on its own: Arabic letters come out unjoined and in
left-to-right order, a card nobody can read. Better not to start than to publish that."""

from django.core.checks import Error, register

from .card_drawing import raqm_available


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
