from functools import partial

from .roles import is_staff_member


def roles(request):
    # A callable, so templates that never ask (error pages) never query the database.
    user = getattr(request, "user", None)
    return {"user_is_staff": partial(is_staff_member, user) if user is not None else False}
