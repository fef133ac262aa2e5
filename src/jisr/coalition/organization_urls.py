from django.urls import path

from . import organization_views as views

urlpatterns = [
    path("register/", views.register, name="organization_register"),
    path("mine/", views.mine, name="organization_mine"),
    path("<int:pk>/", views.detail, name="organization_detail"),
    path("<int:pk>/membership/", views.affiliate, name="organization_affiliate"),
    path("<int:pk>/edit/", views.edit, name="organization_edit"),
    path("<int:pk>/appoint/", views.appoint, name="organization_appoint"),
    path("<int:pk>/vouch/", views.vouch, name="organization_vouch"),
    path("<int:pk>/members/", views.members, name="organization_members"),
    path("<int:pk>/members.csv", views.members_csv, name="organization_members_csv"),
    path("mandates/<int:pk>/end/", views.mandate_end, name="organization_mandate_end"),
]
