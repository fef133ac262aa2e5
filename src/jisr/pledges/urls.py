from django.urls import path

from . import feeds, views

app_name = "pledges"

urlpatterns = [
    path("", views.pledge_list, name="list"),
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/feed/", feeds.PledgeFeed(), name="feed"),
    path("categories/<int:pk>/", views.category, name="category"),
    path("parties/<int:pk>/", views.party, name="party"),
    path("methods/", views.methods, name="methods"),
]
