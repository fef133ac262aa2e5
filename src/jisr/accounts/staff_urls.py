from django.urls import path

from . import staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("audit/", staff_views.audit_log, name="audit_log"),
    path("audit/verify/", staff_views.audit_log_verify, name="audit_log_verify"),
    path("imports/", staff_views.import_run_list, name="import_runs"),
    path("people/", staff_views.people, name="people"),
    path("people/<int:pk>/roles/", staff_views.person_roles, name="person_roles"),
]
