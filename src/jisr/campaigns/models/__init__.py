"""The campaigns' tables, one module per part: events, outreach, kits (and their cards and
channels)."""

from .channels import *  # noqa: F403
from .event_reports import *  # noqa: F403
from .events import *  # noqa: F403
from .kits import *  # noqa: F403
from .outreach import *  # noqa: F403
