"""The site's URLs plus a floor page, for benchmarks only (never installed in the site).

The floor goes through the whole middleware stack and the test client like any page,
but renders nothing and touches no database: page times are reported as multiples of it,
which cancels most of the machine's speed and noise out of the figures.
"""

from django.http import HttpResponse
from django.urls import path

from jisr import urls as site

handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
handler429 = site.handler429


def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench-floor/", floor, name="bench_floor"), *site.urlpatterns]
