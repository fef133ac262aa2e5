from django.urls import path

from . import joint_views as views

urlpatterns = [
    path("", views.joint_list, name="joint_list"),
    path("write/", views.joint_write, name="joint_write"),
    path("adopt/<int:pk>/", views.joint_adopt, name="joint_adopt"),
    path("<int:pk>/cosign/", views.joint_cosign, name="joint_cosign"),
    path("endorse/<int:pk>/", views.joint_endorse, name="joint_endorse"),
]
