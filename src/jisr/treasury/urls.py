from django.urls import path

from . import card_views, cash_views, views

app_name = "treasury"
urlpatterns = [
    path("", views.campaign_list, name="campaigns"),
    path("<int:pk>/", views.campaign_detail, name="campaign"),
    path("<int:pk>/give/", views.give, name="give"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/receipt.pdf", views.receipt_pdf, name="receipt"),
    path("mine/dues/", cash_views.dues_new, name="dues_new"),
    path("mine/dues/<int:pk>/stop/", cash_views.mine_stop, name="dues_stop"),
    path("transparency/", views.transparency, name="transparency"),
    path("transparency.csv", views.transparency_csv, name="transparency_csv"),
    path("card/webhook/", card_views.stripe_webhook, name="stripe_webhook"),
]
