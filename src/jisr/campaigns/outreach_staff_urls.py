"""Outreach's staff pages, under /staff/campaigns/reach/ (namespace ``campaigns_staff``)."""

from django.urls import path

from . import outreach_staff_views as views

urlpatterns = [
    path("", views.asks, name="reach_asks"),
    path("new/", views.ask_new, name="reach_ask_new"),
    path("<int:pk>/", views.ask_edit, name="reach_ask_edit"),
    path("<int:pk>/scripts/", views.ask_scripts, name="reach_ask_scripts"),
    path("<int:pk>/publish/", views.ask_publish, name="reach_ask_publish"),
]
