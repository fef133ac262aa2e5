from functools import cache, partial

from .roles import is_staff_member


def roles(request):
    # Callables, so templates that never ask (error pages) never query the database.
    user = getattr(request, "user", None)
    if user is None:
        return {"user_is_staff": False, "staff_menu": list, "staff_header": list}
    from . import staff_navigation

    return {
        "user_is_staff": partial(is_staff_member, user),
        "staff_menu": cache(partial(staff_navigation.menu_for, user)),
        "staff_header": cache(partial(staff_navigation.header_for, user)),
    }
