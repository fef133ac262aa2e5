from django.urls import path

from . import staff_import, staff_views

app_name = "pledges_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("categories/", staff_views.categories, name="categories"),
    path("categories/<int:pk>/", staff_views.category_edit, name="category_edit"),
    path("platforms/", staff_views.platforms, name="platforms"),
    path("platforms/new/", staff_views.platform_new, name="platform_new"),
    path("platforms/<int:pk>/", staff_views.platform_edit, name="platform_edit"),
    path("new/", staff_views.pledge_new, name="pledge_new"),
    path("<int:pk>/", staff_views.pledge, name="pledge"),
    path("<int:pk>/edit/", staff_views.pledge_edit, name="pledge_edit"),
    path("<int:pk>/rate/", staff_views.rate, name="rate"),
    path("<int:pk>/agree/", staff_views.agree, name="agree"),
    path("<int:pk>/evidence/", staff_views.evidence_new, name="evidence_new"),
    path("<int:pk>/links/", staff_views.link_new, name="link_new"),
    path("import/", staff_import.upload, name="import_upload"),
    path("import/confirm/", staff_import.confirm, name="import_confirm"),
]
