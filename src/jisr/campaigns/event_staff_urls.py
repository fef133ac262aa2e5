from django.urls import path

from . import event_staff_views as views

urlpatterns = [
    path("events/", views.events, name="events"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path(
        "events/<int:pk>/times/<int:slot>/remove/",
        views.timeslot_remove,
        name="event_timeslot_remove",
    ),
    path("events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("events/<int:pk>/cancel/", views.event_cancel, name="event_cancel"),
    path("events/<int:pk>/check-in/", views.event_checkin, name="event_checkin"),
    path("events/<int:pk>/walk-ins/", views.event_walk_ins, name="event_walk_ins"),
    path("events/<int:pk>/attendees.csv", views.event_export, name="event_export"),
    path("events/<int:pk>/report/", views.event_close, name="event_report"),
]
