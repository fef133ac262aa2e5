"""The coalition's tables, one module per part (see ``docs/coalition.md``)."""

from .calendar import *  # noqa: F403
from .coalitions import *  # noqa: F403
from .decisions import *  # noqa: F403
from .joint import *  # noqa: F403
from .organizations import *  # noqa: F403
from .resources import *  # noqa: F403
from .statements import *  # noqa: F403
