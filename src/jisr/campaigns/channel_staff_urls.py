from django.urls import path

from . import channel_views

urlpatterns = [
    path("", channel_views.channel, name="channel"),
    path("<int:pk>/retry/", channel_views.channel_retry, name="channel_retry"),
    path("<int:pk>/confirm/", channel_views.channel_confirm, name="channel_confirm"),
]
