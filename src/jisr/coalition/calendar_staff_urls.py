from django.urls import path

from . import calendar_views as views

urlpatterns = [
    path("cohosts/", views.staff_cohosts, name="calendar_cohosts"),
]
