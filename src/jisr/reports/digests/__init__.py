"""E-mail digests, sent exactly once per subscriber and period (the digest part of the
reports' services layer; the tasks in tasks.py call it).

1. ``plan`` creates a ``DigestRun`` for every frequency whose period has ended. The unique
   (frequency, period start) makes planning from several processes harmless; a period
   starts where the previous run ended, so nothing falls between two runs.
2. ``build`` finds what is new on each followed thing in the period, renders it once per
   language (``DigestSection``), then writes one ``DigestDelivery`` per subscriber with
   something new (unique per run and subscriber) and queues the batches — all in one
   transaction: a build that dies leaves nothing behind and is simply run again.
3. ``send_batch`` renders each digest, *claims* it (pending → sending, committed), hands
   it to the mail server, then marks it sent. A delivery that is not pending is never
   claimed again, so a batch that runs twice (a restart, a slow worker taken for dead)
   sends nothing twice.

The one message a crash can leave in doubt is the one claimed but not marked: whether
the mail server took it is unknown. ``JISR_DIGEST_RESEND_UNCONFIRMED`` decides: resend it
(the default: at-least-once for that single message, with the same Message-ID so mail
programs that recognise it show it once) or give it up (at-most-once). Everything else
is exactly once.
"""

from .build import build, queue_batch
from .common import setting
from .periods import latest_boundary, plan, previous_boundary
from .sections import section_items
from .sending import prune, recover, render_digest, send_batch, throttle

__all__ = [
    "build",
    "latest_boundary",
    "plan",
    "previous_boundary",
    "prune",
    "queue_batch",
    "recover",
    "render_digest",
    "section_items",
    "send_batch",
    "setting",
    "throttle",
]
