"""Rate limits on what members do to proposals, per account and per address.

The rates live in ``settings.JISR_PROPOSAL_RATE_LIMITS``; ``core.ratelimit`` counts them.
"""

from django.conf import settings

from jisr.core import ratelimit


def consume(request, action: str) -> ratelimit.Usage | None:
    """Count one ``action`` for the request's account and address; return None when a
    limit is reached (and count nothing)."""
    return ratelimit.consume(
        request, app="jisr.proposals", action=action, rates=settings.JISR_PROPOSAL_RATE_LIMITS
    )
