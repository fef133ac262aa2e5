from django.urls import path

from . import popolo_views, views

app_name = "parliament"
urlpatterns = [
    path("representatives/", views.representatives, name="representatives"),
    path("representatives/compare/", views.compare, name="compare"),
    path("representatives/popolo.json", popolo_views.popolo_export, name="popolo_export"),
    path("representatives/<int:pk>/", views.representative, name="representative"),
    path("representatives/<int:pk>/photo/", views.photo, name="photo"),
    path("parties/", views.organizations, name="organizations"),
    path("parties/<int:pk>/", views.organization, name="organization"),
    path("votes/", views.vote_events, name="vote_events"),
    path("votes/how/", views.vote_methods, name="vote_methods"),
    path("votes/<int:pk>/", views.vote_event, name="vote_event"),
    path("bills/", views.bills, name="bills"),
    path("bills/<int:pk>/", views.bill, name="bill"),
    path("sittings/<int:pk>/", views.sitting, name="sitting"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:pk>/", views.question, name="question"),
]
