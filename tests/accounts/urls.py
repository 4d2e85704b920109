"""The site's URLs plus a view that exercises a power, to test `mfa_required`."""

from django.http import HttpResponse
from django.urls import path

from club.core.accounts.mfa import mfa_required
from club.urls import urlpatterns as site_urlpatterns


@mfa_required
def moderate(request):
    return HttpResponse("moderated")


urlpatterns = [
    path("test/moderer/", moderate, name="test_moderate"),
    *site_urlpatterns,
]
