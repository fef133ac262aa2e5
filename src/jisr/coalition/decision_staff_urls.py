from django.urls import path

from . import decision_views as views

urlpatterns = [
    path("", views.decision_staff_list, name="decision_staff_list"),
    path("new/", views.decision_new, name="decision_new"),
    path("<int:pk>/", views.decision_staff_detail, name="decision_staff_detail"),
    path("<int:pk>/options/", views.decision_options, name="decision_options"),
    path("<int:pk>/open/", views.decision_open, name="decision_open"),
    path("<int:pk>/outcome/", views.decision_outcome, name="decision_outcome"),
]
