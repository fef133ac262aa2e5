from django.urls import path

from . import event_feedback_views as views

urlpatterns = [
    path("events/<int:pk>/feedback/", views.event_feedback, name="event_feedback"),
]
