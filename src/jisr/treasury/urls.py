from django.urls import path

from . import card_views, views

app_name = "treasury"
urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/give/", views.give, name="give"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt"),
    path("transparency/", views.transparency, name="transparency"),
    path("transparency.csv", views.transparency_csv, name="transparency_csv"),
    path("card/webhook/", card_views.stripe_webhook, name="stripe_webhook"),
]
