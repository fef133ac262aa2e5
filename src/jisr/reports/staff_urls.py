"""Organizers' report pages, included by the site under /staff/reports/."""

from django.urls import path

from . import staff_views

app_name = "reports_staff"
urlpatterns = [
    path("", staff_views.report_list, name="list"),
    path("new/", staff_views.report_new, name="new"),
    path("<int:pk>/", staff_views.report_edit, name="edit"),
    path("<int:pk>/publish/", staff_views.report_publish, name="publish"),
    path("<int:pk>/delete/", staff_views.report_delete, name="delete"),
    path("digests/", staff_views.digests, name="digests"),
]
