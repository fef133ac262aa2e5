from django.urls import path

from . import organization_views as views

urlpatterns = [
    path("", views.queue, name="organization_queue"),
    path("<int:pk>/", views.review, name="organization_review"),
    path("<int:pk>/evidence/", views.evidence_add, name="organization_evidence"),
    path("<int:pk>/verify/", views.verify, name="organization_verify"),
    path("<int:pk>/reject/", views.reject, name="organization_reject"),
]
