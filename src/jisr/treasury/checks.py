"""``manage check`` on the treasury's configuration."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def stripe_configured_whole(app_configs=None, **kwargs):
    """The card channel needs both Stripe settings; one alone leaves it off, silently."""
    key, secret = settings.JISR_STRIPE_SECRET_KEY, settings.JISR_STRIPE_WEBHOOK_SECRET
    if bool(key) == bool(secret):
        return []
    missing = "JISR_STRIPE_WEBHOOK_SECRET" if key else "JISR_STRIPE_SECRET_KEY"
    return [
        Warning(
            f"Card payments are off: {missing} is not set.",
            hint="Set both JISR_STRIPE_SECRET_KEY and JISR_STRIPE_WEBHOOK_SECRET, or neither "
            "(docs/configuration.md, Treasury).",
            id="jisr.treasury.W001",
        )
    ]
