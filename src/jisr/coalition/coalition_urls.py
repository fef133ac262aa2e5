from django.urls import path

from . import coalition_views as views

urlpatterns = [
    path("<int:pk>/", views.coalition_detail, name="coalition_detail"),
    path(
        "membership/<int:pk>/",
        views.coalition_membership_edit,
        name="coalition_membership_edit",
    ),
]
