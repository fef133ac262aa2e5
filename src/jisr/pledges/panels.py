"""The pledges' panels on parliament's pages (``PledgesConfig.panels``): a representative's
pledges and their verdicts; a link from a party's page to its pledges."""

from jisr.core.panels import Panel

from .models import Platform
from .selectors import pledge_list

SHOWN = 5


def panels(slot: str, request, obj) -> list[Panel]:
    if slot == "person.sections":
        pledges = list(pledge_list(representative=obj).prefetch_related(None)[: SHOWN + 1])
        if not pledges:
            return []
        context = {"person": obj, "pledges": pledges[:SHOWN], "more": len(pledges) > SHOWN}
        return [Panel(20, "pledges/_person_panel.html", context)]
    if slot == "organization.actions":
        if not Platform.objects.filter(owner=obj).exists():
            return []
        return [Panel(20, "pledges/_party_panel.html", {"party": obj})]
    return []
