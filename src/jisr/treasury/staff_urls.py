"""The treasury's staff pages, included by the site under /staff/treasury/."""

from django.urls import path

from . import accounts_views, bank_views, card_views, cash_views, staff_views

app_name = "treasury_staff"
urlpatterns = [
    path("", staff_views.index, name="index"),
    path("campaigns/new/", staff_views.campaign_new, name="campaign_new"),
    path("campaigns/<int:pk>/", staff_views.campaign_edit, name="campaign_edit"),
    path("pending/", staff_views.pending, name="pending"),
    path("contributions/new/", staff_views.contribution_new, name="contribution_new"),
    path("contributions/<int:pk>/", staff_views.contribution_detail, name="contribution"),
    path(
        "contributions/<int:pk>/cancel/",
        staff_views.contribution_cancel,
        name="contribution_cancel",
    ),
    path("expenses/", staff_views.expenses, name="expenses"),
    path("expenses/new/", staff_views.expense_new, name="expense_new"),
    path("expenses/<int:pk>/", staff_views.expense_detail, name="expense"),
    path("expenses/<int:pk>/approve/", staff_views.expense_approve, name="expense_approve"),
    path("expenses/<int:pk>/pay/", staff_views.expense_pay, name="expense_pay"),
    path("expenses/<int:pk>/receipt/", staff_views.expense_receipt, name="expense_receipt"),
    path("transfer/", staff_views.transfer, name="transfer"),
    path("ledger/", staff_views.ledger, name="ledger"),
    path("ledger.csv", staff_views.ledger_csv, name="ledger_csv"),
    path("card/flagged/", card_views.flagged, name="card_flagged"),
    path("bank/", bank_views.statements, name="bank"),
    path("bank/import/", bank_views.statement_upload, name="bank_import"),
    path("bank/import/confirm/", bank_views.statement_confirm, name="bank_import_confirm"),
    path("bank/match/", bank_views.match, name="bank_match"),
    path("annual/", accounts_views.annual_export_page, name="annual"),
    path("annual/export/", accounts_views.annual_export, name="annual_export"),
    path("cash/", cash_views.sheets, name="cash_sheets"),
    path("cash/new/", cash_views.sheet_new, name="cash_sheet_new"),
    path("cash/<int:pk>/", cash_views.sheet_detail, name="cash_sheet"),
    path("cash/<int:pk>/sign/", cash_views.sheet_sign, name="cash_sheet_sign"),
    path("cash/<int:pk>/deposit/", cash_views.sheet_deposit, name="cash_sheet_deposit"),
    path("cash/<int:pk>/explain/", cash_views.sheet_explain, name="cash_sheet_explain"),
    path("pledges/", cash_views.pledges, name="pledges"),
    path("pledges/new/", cash_views.pledge_new, name="pledge_new"),
    path("pledges/<int:pk>/stop/", cash_views.pledge_stop, name="pledge_stop"),
]
