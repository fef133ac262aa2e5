from django.urls import path

from . import event_views as views

urlpatterns = [
    path("", views.event_list, name="list"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("events.ics", views.events_feed, name="events_feed"),
    path("events/slots/<int:pk>/register/", views.event_register, name="event_register"),
    path("events/mine/", views.my_events, name="my_events"),
    path(
        "events/registrations/<int:pk>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path(
        "events/registrations/<int:pk>/accept/",
        views.registration_accept,
        name="registration_accept",
    ),
    path(
        "events/registrations/<int:pk>/listed/",
        views.registration_listed,
        name="registration_listed",
    ),
]
