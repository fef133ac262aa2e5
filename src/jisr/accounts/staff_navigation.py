"""Staff navigation: one registry of the pages staff and offices work in.

Each app lists its pages in its ``AppConfig.staff_links()``; the staff menu, the site
header and the staff home read this registry. Who may see a link is read from the view
itself (the roles ``staff_required`` was given, or the view's own ``allowed`` check), so
a link is shown exactly when the page lets the person in.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import NoReverseMatch, resolve, reverse
from django.utils.functional import Promise

from .roles import has_role


@dataclass(frozen=True)
class StaffLink:
    url_name: str
    label: Promise
    #: How many items wait for the person, and the sentence saying so (an
    #: ``ngettext_lazy`` with a ``count`` placeholder). Only links with both are shown on
    #: the staff home as "what needs you now".
    count: Callable | None = None
    count_text: Promise | None = None
    fragment: str = ""
    #: Shown in the staff menu (entries that only point into a page are not).
    menu: bool = True
    #: Shown in the site header's account menu.
    header: bool = False
    #: An extra check beyond the role, for views that also need a record of their own
    #: (an office account linked to a representative).
    allowed: Callable | None = None

    @property
    def url(self) -> str:
        path = reverse(self.url_name)
        return f"{path}#{self.fragment}" if self.fragment else path

    def roles(self) -> tuple[str, ...]:
        """The roles the view lets in, as its permission decorator records them."""
        return _view_roles(self.url_name)

    def allows(self, user) -> bool:
        if not user.is_authenticated or not has_role(user, *self.roles()):
            return False
        return self.allowed is None or self.allowed(user)


@cache
def _view_roles(url_name: str) -> tuple[str, ...]:
    view = resolve(reverse(url_name)).func
    roles = getattr(view, "staff_roles", None) or getattr(view, "office_roles", None)
    if not roles:
        raise LookupError(f"{url_name} is not a staff page: its view records no roles.")
    return tuple(roles)


def staff_links() -> list[StaffLink]:
    """Every staff link of every installed app whose URL exists, in the apps' order."""
    links = []
    for config in apps.get_app_configs():
        hook = getattr(config, "staff_links", None)
        if hook is None:
            continue
        for link in hook():
            try:
                reverse(link.url_name)
            except NoReverseMatch:
                continue
            links.append(link)
    return links


def links_for(user) -> list[StaffLink]:
    return [link for link in staff_links() if link.allows(user)]


def _entry(link: StaffLink, user, *, with_count: bool) -> dict:
    count = link.count(user) if with_count and link.count is not None else None
    entry = {"url": link.url, "label": link.label, "count": count, "text": ""}
    if count is not None and link.count_text is not None:
        entry["text"] = link.count_text % {"count": count}
    return entry


def menu_for(user, *, with_counts: bool = True) -> list[dict]:
    """The staff menu: each page the person can open, with how many items wait there."""
    return [_entry(link, user, with_count=with_counts) for link in links_for(user) if link.menu]


def header_for(user) -> list[dict]:
    return [_entry(link, user, with_count=True) for link in links_for(user) if link.header]


def waiting_for(user) -> list[dict]:
    """What needs the person now: every count of theirs, linked to the list it counts."""
    return [
        _entry(link, user, with_count=True)
        for link in links_for(user)
        if link.count is not None and link.count_text is not None
    ]
