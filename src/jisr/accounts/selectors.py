from django.contrib.auth.models import Group
from django.db.models import Count, Q

from .models import RetiredDisplayName, User
from .roles import Role


def role_counts() -> dict[str, int]:
    counts = dict(
        Group.objects.filter(name__in=Role.values)
        .annotate(n=Count("user"))
        .values_list("name", "n")
    )
    return {role: counts.get(role, 0) for role in Role.values}


def people_search(*, query: str = ""):
    people = User.objects.prefetch_related("groups").order_by("-date_joined")
    query = query.strip()
    if query:
        people = people.filter(Q(email__iexact=query) | Q(display_name__icontains=query))
    return people


def display_name_taken(name: str, *, exclude_pk=None) -> bool:
    """Whether another member uses the name, or used it before a rename."""
    return (
        User.objects.filter(display_name__iexact=name).exclude(pk=exclude_pk).exists()
        or RetiredDisplayName.objects.filter(name__iexact=name).exclude(user=exclude_pk).exists()
    )
