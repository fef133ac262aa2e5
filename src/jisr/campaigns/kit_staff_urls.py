"""The share kits' staff pages, under /staff/campaigns/share/ (namespace ``campaigns_staff``)."""

from django.urls import path

from . import kit_staff_views as views

urlpatterns = [
    path("", views.kits, name="kits"),
    path("new/", views.kit_new, name="kit_new"),
    path("<int:pk>/", views.kit_detail, name="kit"),
    path("<int:pk>/posts/new/", views.kit_item_new, name="kit_item_new"),
    path("<int:pk>/publish/", views.kit_publish, name="kit_publish"),
    path("<int:pk>/unpublish/", views.kit_unpublish, name="kit_unpublish"),
    path("posts/<int:pk>/", views.kit_item, name="kit_item"),
    path("posts/<int:pk>/publish/", views.kit_item_publish, name="kit_item_publish"),
    path("posts/<int:pk>/unpublish/", views.kit_item_unpublish, name="kit_item_unpublish"),
]
