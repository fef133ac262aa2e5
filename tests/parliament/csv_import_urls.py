"""The site's URLs plus the parliament staff pages, until the site includes them itself."""

from django.urls import include, path

from jisr.urls import (  # noqa: F401 (the error handlers)
    handler400,
    handler403,
    handler404,
    handler429,
    handler500,
)
from jisr.urls import urlpatterns as site_urlpatterns

_included = any(getattr(p, "namespace", None) == "parliament_staff" for p in site_urlpatterns)
urlpatterns = [
    *([] if _included else [path("staff/parliament/", include("jisr.parliament.staff_urls"))]),
    *site_urlpatterns,
]
