from django.urls import path

from . import joint_views as views

urlpatterns = [
    path("<int:pk>/decide/", views.joint_decide, name="joint_decide"),
]
