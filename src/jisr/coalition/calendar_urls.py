from django.urls import path

from . import calendar_views as views

urlpatterns = [
    path("mine/", views.calendar_mine, name="calendar_mine"),
    path("invitations/<int:pk>/accept/", views.calendar_accept, name="calendar_accept"),
    path("<int:pk>/", views.calendar, name="calendar"),
    path("<int:pk>/feed.ics", views.calendar_feed, name="calendar_feed"),
]
