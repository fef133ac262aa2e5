from django.urls import path

from . import resource_views as views

urlpatterns = [
    path("", views.exchange, name="exchange"),
    path("mine/", views.resource_new, name="resource_new"),
    path("<int:pk>/close/", views.resource_close, name="resource_close"),
]
