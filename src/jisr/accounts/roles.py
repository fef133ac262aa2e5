"""The roles of DESIGN.md, stored as Django groups named by their code."""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    VOLUNTEER = "volunteer", _("Volunteer")
    MODERATOR = "moderator", _("Moderator")
    ORGANIZER = "organizer", _("Organizer")
    REPRESENTATIVE_OFFICE = "representative_office", _("Representative office")
    TREASURER = "treasurer", _("Treasurer")
    AUDITOR = "auditor", _("Auditor")


# Staff roles must have two-factor authentication before they can use staff pages.
STAFF_ROLES = frozenset({Role.MODERATOR, Role.ORGANIZER, Role.TREASURER, Role.AUDITOR})


def role_groups(*roles: str) -> list[Group]:
    """Return the groups that stand for the roles, creating any that is missing (the
    migration creates them, but a flushed test database or a manual deletion may not
    have them)."""
    return [Group.objects.get_or_create(name=role)[0] for role in roles]


def role_codes(user) -> frozenset[str]:
    """Return the user's role codes, cached on the user object for the request."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_jisr_roles"):
        user._jisr_roles = frozenset(user.groups.values_list("name", flat=True))
    return user._jisr_roles


def has_role(user, *roles: str) -> bool:
    return bool(role_codes(user) & set(roles))


def is_staff_member(user) -> bool:
    return has_role(user, *STAFF_ROLES)
