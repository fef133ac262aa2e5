from functools import cache


def notifications(request):
    """``unread_notifications``: how many in-platform notices the member has not read.

    A callable, remembered for the request, so pages that never show it (error pages,
    visitors) never query the database for it.
    """
    user = getattr(request, "user", None)

    @cache
    def unread() -> int:
        if user is None or not user.is_authenticated:
            return 0
        from .models import Notification

        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    return {"unread_notifications": unread}
