from django import template

from ..roles import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """Show a role code (a group name) as its translated label."""
    return str(Role(code).label) if code in Role.values else code
