from django.urls import path

from . import coalition_views as views

urlpatterns = [
    path("", views.staff_coalitions, name="coalition_list"),
    path("new/", views.staff_coalition_new, name="coalition_new"),
    path("<int:pk>/", views.staff_coalition_manage, name="coalition_manage"),
    path("<int:pk>/edit/", views.staff_coalition_edit, name="coalition_edit"),
    path("<int:pk>/admit/", views.staff_coalition_admit, name="coalition_admit"),
    path("<int:pk>/groups/new/", views.staff_group_new, name="coalition_group_new"),
    path("<int:pk>/groups/add/", views.staff_group_add, name="coalition_group_add"),
    path("membership/<int:pk>/", views.staff_coalition_membership, name="coalition_membership"),
    path("membership/<int:pk>/leave/", views.staff_coalition_leave, name="coalition_leave"),
]
