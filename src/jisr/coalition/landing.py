"""The coalition's landing page (``coalition:list``): the organizations' directory, then a
section per part that has something to show (coalitions, statements open for signing,
decisions, the shared calendar, the resource exchange, joint proposals).

A part adds its section with a ``landing_section(request)`` hook (``apps.PARTS``): it
returns a ``Section`` (its order, template and the context one selector read, in a fixed
number of queries) or None when it has nothing to show.
"""

from dataclasses import dataclass, field

from django.http import HttpRequest

from .apps import part_hooks


@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: dict = field(default_factory=dict)


def sections(request: HttpRequest) -> list[Section]:
    found = [s for make in part_hooks("landing_section") if (s := make(request)) is not None]
    return sorted(found, key=lambda section: section.order)
