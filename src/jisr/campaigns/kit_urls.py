"""The share kits' public pages, under /campaigns/share/ (namespace ``campaigns``)."""

from django.urls import path

from . import kit_views

urlpatterns = [
    path("<int:pk>/", kit_views.kit_detail, name="kit"),
]
