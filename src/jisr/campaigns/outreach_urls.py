"""Outreach's public pages, under /campaigns/reach/ (namespace ``campaigns``)."""

from django.urls import path

from . import outreach_views as views

urlpatterns = [
    path("", views.reach, name="reach"),
    path("<int:pk>/", views.ask_detail, name="ask"),
    path("<int:pk>/commit/", views.ask_commit, name="ask_commit"),
    path("<int:pk>/report/", views.ask_report, name="ask_report"),
    path("<int:pk>/my-list/", views.ask_list, name="ask_list"),
]
