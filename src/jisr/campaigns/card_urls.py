from django.urls import re_path

from . import card_views

urlpatterns = [
    re_path(
        r"^(?P<kind>site|proposal|report|campaign|event)/(?P<pk>[0-9]+)/"
        r"(?P<language>ar|en)-(?P<digest>[0-9a-f]{16})\.png$",
        card_views.card,
        name="card",
    ),
]
