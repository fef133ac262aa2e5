from django.urls import include, path

app_name = "campaigns"

urlpatterns = [
    path("", include("jisr.campaigns.event_urls")),
    path("", include("jisr.campaigns.event_feedback_urls")),
    path("reach/", include("jisr.campaigns.outreach_urls")),
    path("share/", include("jisr.campaigns.kit_urls")),
    path("cards/", include("jisr.campaigns.card_urls")),
]
