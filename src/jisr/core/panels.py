"""What higher apps add to a lower app's page, without the lower app importing them.

A page names a *slot* ("person.actions", "person.sections", "organization.actions"); every
app whose ``AppConfig`` has ``panels(self, slot, request, obj)`` may return ``Panel``
objects for it, each drawn by a template of that app (``{% panel p %}``, in jisr_text).
Parliament's pages show a representative's proposals and the follow button this way, the
way the front page gathers ``home_blocks``.
"""

from dataclasses import dataclass, field

from django.apps import apps


@dataclass(frozen=True)
class Panel:
    order: int  # lower comes first
    template: str
    context: dict = field(default_factory=dict)


def panels(slot: str, request, obj) -> list[Panel]:
    found: list[Panel] = []
    for config in apps.get_app_configs():
        provide = getattr(config, "panels", None)
        if provide is not None:
            found.extend(provide(slot, request, obj))
    return sorted(found, key=lambda panel: panel.order)
