from django.contrib import admin
from django.urls import include, path

from jisr.accounts import mfa_views
from jisr.api.urls import api
from jisr.campaigns import kit_views
from jisr.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("health/live", core_views.health_live, name="health_live"),
    path("health/ready", core_views.health_ready, name="health_ready"),
    # A share kit's short link: counted (a total, nothing about the person) and redirected.
    path("s/<str:code>", kit_views.short_link, name="short_link"),
    path("accounts/", include("jisr.accounts.urls")),
    # allauth's two-factor set-up, keeping where the person was going (before allauth's).
    path("accounts/2fa/totp/activate/", mfa_views.activate_totp),
    path("accounts/2fa/recovery-codes/", mfa_views.view_recovery_codes),
    path("accounts/", include("allauth.urls")),
    path("staff/parliament/", include("jisr.parliament.staff_entry_urls")),
    path("staff/parliament/", include("jisr.parliament.staff_urls")),
    path("staff/elections/", include("jisr.elections.staff_urls")),
    path("staff/proposals/", include("jisr.proposals.staff_urls")),
    path("staff/reports/", include("jisr.reports.staff_urls")),
    path("staff/pledges/", include("jisr.pledges.staff_urls")),
    path("staff/treasury/", include("jisr.treasury.staff_urls")),
    path("staff/campaigns/", include("jisr.campaigns.staff_urls")),
    path("staff/coalition/", include("jisr.coalition.staff_urls")),
    path("staff/", include("jisr.accounts.staff_urls")),
    path("", include("jisr.parliament.urls")),
    path("elections/", include("jisr.elections.urls")),
    path("proposals/", include("jisr.proposals.urls")),
    path("reports/", include("jisr.reports.urls")),
    path("pledges/", include("jisr.pledges.urls")),
    path("search/", include("jisr.search.urls")),
    path("treasury/", include("jisr.treasury.urls")),
    path("campaigns/", include("jisr.campaigns.urls")),
    path("coalition/", include("jisr.coalition.urls")),
    path("open-data/", include("jisr.api.opendata_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = core_views.bad_request
handler403 = core_views.permission_denied
handler404 = core_views.page_not_found
handler500 = core_views.server_error
handler429 = core_views.too_many_requests
