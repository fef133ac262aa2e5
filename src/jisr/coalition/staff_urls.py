from django.urls import include, path

app_name = "coalition_staff"

urlpatterns = [
    path("organizations/", include("jisr.coalition.organization_staff_urls")),
    path("coalitions/", include("jisr.coalition.coalition_staff_urls")),
    path("statements/", include("jisr.coalition.statement_staff_urls")),
    path("decisions/", include("jisr.coalition.decision_staff_urls")),
    path("calendar/", include("jisr.coalition.calendar_staff_urls")),
    path("joint/", include("jisr.coalition.joint_staff_urls")),
]
