"""The follow button on other apps' pages, without those apps importing reports:
``{% load follow %}{% follow_button person %}``."""

from django import template

from ..selectors import is_following

register = template.Library()


@register.inclusion_tag("reports/_follow.html", takes_context=True)
def follow_button(context, target):
    user = context["user"]
    return {
        "user": user,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
        "target_label": target._meta.label_lower,
        "target_id": target.pk,
        "following": is_following(user, target),
    }
