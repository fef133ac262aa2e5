"""Parliament staff pages, included by the site under /staff/parliament/."""

from django.urls import path

from . import staff_import

app_name = "parliament_staff"
urlpatterns = [
    path("import/", staff_import.upload, name="import_upload"),
    path("import/confirm/", staff_import.confirm, name="import_confirm"),
]
