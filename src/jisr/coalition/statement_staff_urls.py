from django.urls import path

from . import statement_staff_views as views

urlpatterns = [
    path("", views.statement_index, name="statement_index"),
    path("new/", views.statement_new, name="statement_new"),
    path("<int:pk>/", views.statement_manage, name="statement_manage"),
    path("<int:pk>/version/", views.statement_version_new, name="statement_version_new"),
    path("<int:pk>/open/", views.statement_open, name="statement_open"),
    path("<int:pk>/publish/", views.statement_publish, name="statement_publish"),
    path("<int:pk>/withdraw/", views.statement_withdraw, name="statement_withdraw"),
]
