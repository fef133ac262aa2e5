from django.urls import include, path

from . import views

app_name = "coalition"

# One URL module per part; each part's names are prefixed by its part (``statement_…``).
urlpatterns = [
    path("", views.landing_page, name="list"),
    path("organizations/", include("jisr.coalition.organization_urls")),
    path("coalitions/", include("jisr.coalition.coalition_urls")),
    path("statements/", include("jisr.coalition.statement_urls")),
    path("decisions/", include("jisr.coalition.decision_urls")),
    path("calendar/", include("jisr.coalition.calendar_urls")),
    path("exchange/", include("jisr.coalition.resource_urls")),
    path("joint/", include("jisr.coalition.joint_urls")),
]
