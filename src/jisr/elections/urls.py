from django.urls import path

from . import views

app_name = "elections"
urlpatterns = [
    path("", views.election_list, name="list"),
    path("<int:pk>/", views.election, name="election"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/candidates/", views.candidates, name="candidates"),
    path("<int:pk>/candidates/<int:candidate_pk>/", views.candidate, name="candidate"),
    path("<int:pk>/lists/<int:list_pk>/", views.electoral_list, name="electoral_list"),
    path(
        "<int:pk>/constituencies/<int:constituency_pk>/",
        views.constituency,
        name="constituency",
    ),
]
