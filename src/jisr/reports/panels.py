"""The follow button on parliament's pages (``ReportsConfig.panels``)."""

from jisr.core.panels import Panel

from .selectors import is_following

SLOTS = ("person.actions", "organization.actions")


def panels(slot: str, request, obj) -> list[Panel]:
    if slot not in SLOTS:
        return []
    context = {
        "target_label": obj._meta.label_lower,
        "target_id": obj.pk,
        "following": is_following(request.user, obj),
    }
    return [Panel(10, "reports/_follow.html", context)]
