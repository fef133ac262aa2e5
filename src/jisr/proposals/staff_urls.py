from django.urls import path

from . import staff_views

app_name = "proposals_staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("moderation/", staff_views.moderation_queue, name="moderation"),
    path("<int:pk>/moderate/", staff_views.moderate, name="moderate"),
    path("<int:pk>/deliver/", staff_views.deliver, name="deliver"),
    path("<int:pk>/answer/", staff_views.answer, name="answer"),
    path("<int:pk>/milestone/", staff_views.milestone, name="milestone"),
    path("<int:pk>/link/", staff_views.link, name="link"),
    path("<int:pk>/outcome/", staff_views.outcome, name="outcome"),
    path("topics/", staff_views.topics, name="topics"),
    path("export.csv", staff_views.export_csv, name="export_csv"),
    path("office/", staff_views.office_inbox, name="office_inbox"),
]
