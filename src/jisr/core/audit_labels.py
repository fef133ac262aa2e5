"""How the audit log reads to staff: each action code as a translated sentence, the
object as its kind and number, the actor as a kind of person with an opaque reference.

Every action code passed to ``audit_append`` anywhere in the code base has a label here;
a test collects the codes from the source and fails on a missing one.
"""

from functools import cache

from django.apps import apps
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .audit_actions import Action

ACTION_LABELS = dict(Action.choices)

# The objects the log names, by their ``app_label.model`` (models without a translated
# ``verbose_name`` of their own).
OBJECT_LABELS = {
    "accounts.user": _("Account"),
    "campaigns.ask": _("Outreach ask"),
    "campaigns.event": _("Event"),
    "campaigns.eventreport": _("Closing report"),
    "campaigns.registration": _("Event registration"),
    "campaigns.timeslot": _("Event time"),
    "elections.constituency": _("Constituency"),
    "elections.election": _("Election"),
    "parliament.activity": _("Parliamentary activity"),
    "parliament.bill": _("Bill"),
    "parliament.membership": _("Membership"),
    "parliament.organization": _("Party or alliance"),
    "parliament.person": _("Representative"),
    "parliament.question": _("Question"),
    "parliament.sitting": _("Sitting"),
    "parliament.voteevent": pgettext_lazy("audit object", "Vote"),
    "parliament.announcedposition": _("Announced position"),
    "parliament.voteexplanation": _("Explanation of a vote"),
    "parliament.term": _("Term"),
    "parliament.area": _("Governorate"),
    "proposals.activitylink": _("Link to a parliamentary record"),
    "proposals.answer": _("Answer"),
    "proposals.delivery": _("Delivery"),
    "proposals.milestone": _("Milestone"),
    "proposals.proposal": _("Proposal"),
    "proposals.topic": _("Topic"),
    "proposals.officeaccount": _("Office account"),
    "reports.monthlyreport": _("Monthly report"),
    "reports.subscription": _("Subscription"),
    "reports.subscriber": _("Subscriber"),
}

# The facts most entries carry; other keys are shown as they are stored.
DATA_LABELS = {
    "from": _("from"),
    "to": _("to"),
    "role": _("role"),
    "frequency": _("frequency"),
    "how": pgettext_lazy("audit fact", "how"),
    "count": _("count"),
    "kind": _("kind"),
    "stage": _("stage"),
    "subject": pgettext_lazy("audit fact", "subject"),
    "platform": _("platform"),
    "language": _("language"),
    "kit": _("share kit"),
    "items": _("posts"),
    "withdrawn": _("withdrawn from the public page"),
    "verdict": _("verdict"),
    "previous": _("previous verdict"),
    "follows": _("follows"),
    "round": _("round"),
    "scope": _("scope"),
    "created": _("new"),
}

ACTOR_LABELS = {
    "anonymous": _("A visitor"),
    "member": _("A member (not recorded which)"),
    "system": _("The system"),
}


def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


def object_label(object_type: str, object_id: str) -> str:
    """The kind of object and its number ("Proposal no. 12"), never a personal value."""
    if not object_type:
        return ""
    kind: object = OBJECT_LABELS.get(object_type)
    if kind is None:
        try:
            kind = capfirst(apps.get_model(object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            kind = object_type
    if not object_id:
        return str(kind)
    return _("%(kind)s no. %(number)s") % {"kind": kind, "number": object_id}


@cache
def _choice_labels() -> dict[str, object]:
    """Every stored code of a field with choices (a status, a frequency …) and its label."""
    labels: dict[str, object] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                labels.setdefault(str(value), label)
    return labels


def data_label(data: dict) -> str:
    """The entry's facts in words ("from: Published, to: Delivered")."""
    labels = _choice_labels()
    parts = [
        f"{DATA_LABELS.get(key, key)}: {labels.get(str(value), value)}"
        for key, value in (data or {}).items()
    ]
    # Translators: the separator between the facts of an audit entry.
    return str(_(", ")).join(parts)


def actor_label(actor_ref: str) -> tuple[str, str]:
    """The kind of actor and a short opaque reference that tells actors apart."""
    kind, _sep, ref = actor_ref.partition(":")
    if kind == "user":
        return str(_("Person")), ref[:6]
    if kind == "system":
        return str(_("The system")), ref
    return str(ACTOR_LABELS.get(actor_ref, actor_ref)), ""


def describe(entry) -> dict:
    actor, ref = actor_label(entry.actor_ref)
    return {
        "entry": entry,
        "action": action_label(entry.action),
        "object": object_label(entry.object_type, entry.object_id),
        "data": data_label(entry.data),
        "actor": actor,
        "actor_ref": ref,
    }
