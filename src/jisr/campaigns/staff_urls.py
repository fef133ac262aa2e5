from django.urls import include, path

app_name = "campaigns_staff"

urlpatterns = [
    path("", include("jisr.campaigns.event_staff_urls")),
    path("reach/", include("jisr.campaigns.outreach_staff_urls")),
    path("share/", include("jisr.campaigns.kit_staff_urls")),
    path("channel/", include("jisr.campaigns.channel_staff_urls")),
]
