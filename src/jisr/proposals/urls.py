from django.urls import path

from . import office_views, views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_new, name="new"),
    path("mine/", views.my_proposals, name="mine"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read", views.notifications_read, name="notifications_read"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/support/", views.proposal_support, name="support"),
    path("<int:pk>/report/", views.proposal_report, name="report"),
    path("<int:pk>/withdraw/", views.proposal_withdraw, name="withdraw"),
    path("answer/<str:token>/", office_views.office_answer, name="office_answer"),
]
