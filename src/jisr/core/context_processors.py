from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .navigation import navigation_entries


def site(request):
    return {
        "site_name": settings.JISR_SITE_NAME or _("Jisr"),
        "navigation": navigation_entries(request.path),
    }
