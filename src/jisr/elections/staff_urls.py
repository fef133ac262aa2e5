"""Election staff pages, included by the site under /staff/elections/."""

from django.urls import path

from . import staff_views

app_name = "elections_staff"
urlpatterns = [
    path("", staff_views.index, name="index"),
    path("new/", staff_views.election_new, name="election_new"),
    path("<int:pk>/", staff_views.manage, name="manage"),
    path("<int:pk>/edit/", staff_views.election_edit, name="election_edit"),
    path("<int:pk>/import/", staff_views.import_upload, name="import_upload"),
    path("<int:pk>/import/confirm/", staff_views.import_confirm, name="import_confirm"),
    path("<int:pk>/allocate/", staff_views.allocate, name="allocate"),
    path("<int:pk>/official/<int:constituency_pk>/", staff_views.official, name="official"),
    path("<int:pk>/certify/", staff_views.certify, name="certify"),
]
