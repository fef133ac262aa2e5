"""The organizers' page of the Telegram channel: every post with its state and, for those
that need a person, why and what to do (send again, or confirm it is on the channel)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy
from django.views.decorators.http import require_POST, require_safe

from jisr.accounts.permissions import staff_required
from jisr.accounts.roles import Role
from jisr.core.text.digits import to_ascii_digits

from .models import ChannelPost
from .models.channels import NEEDS_ATTENTION
from .services.channels import channel_post_confirm, channel_post_retry, configured


def channel_staff_links():
    """The page in the staff menu, and its count on the staff home only ("what needs you
    now"): the menu of every staff page stays without one more query."""
    from jisr.accounts.staff_navigation import StaffLink

    return [
        StaffLink("campaigns_staff:channel", gettext_lazy("Telegram channel")),
        StaffLink(
            "campaigns_staff:channel",
            gettext_lazy("Telegram posts to check"),
            count=lambda user: ChannelPost.objects.filter(state__in=NEEDS_ATTENTION).count(),
            count_text=ngettext_lazy(
                "%(count)d post to the Telegram channel needs checking",
                "%(count)d posts to the Telegram channel need checking",
                "count",
            ),
            fragment="posts",
            menu=False,
        ),
    ]


def channel_address() -> str:
    """The channel's public address (t.me/name), or "" for a private one (-100…)."""
    channel = settings.JISR_TELEGRAM_CHANNEL
    if channel.startswith("@"):
        return f"https://t.me/{channel[1:]}"
    return ""


def message_address(post: ChannelPost) -> str:
    """Where a sent post can be seen: t.me/name/123, or t.me/c/… for a private channel
    (opens for its members)."""
    if post.message_id is None:
        return ""
    channel = settings.JISR_TELEGRAM_CHANNEL
    if channel.startswith("@"):
        return f"https://t.me/{channel[1:]}/{post.message_id}"
    if channel.startswith("-100") and channel[4:].isdigit():
        return f"https://t.me/c/{channel[4:]}/{post.message_id}"
    return ""


@staff_required(Role.ORGANIZER)
@require_safe
def channel(request):
    page = Paginator(ChannelPost.objects.all(), 50).get_page(
        to_ascii_digits(request.GET.get("page") or "") or 1
    )
    context = {
        "page_obj": page,
        "rows": [(post, message_address(post)) for post in page],
        "configured": configured(),
        "channel": settings.JISR_TELEGRAM_CHANNEL,
        "channel_address": channel_address(),
    }
    return render(request, "campaigns/channel_posts.html", context)


@staff_required(Role.ORGANIZER)
@require_POST
def channel_retry(request, pk: int):
    post = get_object_or_404(ChannelPost, pk=pk)
    try:
        channel_post_retry(actor=request.user, post=post)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The post is queued to be sent again."))
    return redirect("campaigns_staff:channel")


@staff_required(Role.ORGANIZER)
@require_POST
def channel_confirm(request, pk: int):
    post = get_object_or_404(ChannelPost, pk=pk)
    try:
        channel_post_confirm(actor=request.user, post=post)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Recorded: the post is on the channel."))
    return redirect("campaigns_staff:channel")
