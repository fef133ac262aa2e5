from django.urls import path

from . import statement_views as views

urlpatterns = [
    path("", views.statement_list, name="statement_list"),
    path("feed/", views.statement_feed, name="statement_feed"),
    path("<int:pk>/", views.statement_detail, name="statement_detail"),
    path("<int:pk>/sign/", views.statement_sign_organization, name="statement_sign_organization"),
    path("<int:pk>/sign/person/", views.statement_sign_person, name="statement_sign_person"),
    path("<int:pk>/text.txt", views.statement_text, name="statement_text"),
    path("<int:pk>/statement.pdf", views.statement_pdf, name="statement_pdf"),
]
