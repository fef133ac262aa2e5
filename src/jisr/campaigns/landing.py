"""The campaigns' landing page (``campaigns:list``) is the events' list, then a section per
other part of the campaigns (outreach asks, share kits …).

A part adds its section by naming a function in ``SECTIONS``: it takes the request and
returns a ``Section`` (its template and the context one selector read, in a fixed number
of queries) or None when it has nothing to show. The events stay first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: dict = field(default_factory=dict)


SECTIONS = ["jisr.campaigns.outreach_views.landing_section"]


def sections(request: HttpRequest) -> list[Section]:
    makers: list[Callable[[HttpRequest], Section | None]] = [import_string(s) for s in SECTIONS]
    found = [section for make in makers if (section := make(request)) is not None]
    return sorted(found, key=lambda section: section.order)
