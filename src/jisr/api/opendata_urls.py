from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.opendata_index, name="index"),
    path("<str:day>.zip", views.opendata_zip, name="zip"),
    path("<str:day>/<path:path>", views.opendata_file, name="file"),
]
