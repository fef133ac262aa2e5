from django.urls import path

from . import decision_views as views

urlpatterns = [
    path("", views.decision_list, name="decision_list"),
    path("propose/", views.decision_propose, name="decision_propose"),
    path("<int:pk>/", views.decision_detail, name="decision_detail"),
    path("<int:pk>/vote/", views.decision_vote, name="decision_vote"),
]
