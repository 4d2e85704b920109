"""The site's URLs plus two views that exercise a power, to test `mfa_required`."""

from django.http import HttpResponse
from django.urls import path
from django.views import View

from club.core.accounts.mfa import MfaRequiredMixin, mfa_required
from club.urls import urlpatterns as site_urlpatterns


@mfa_required
def moderate(request):
    return HttpResponse("moderated")


class ValidateView(MfaRequiredMixin, View):
    def get(self, request):
        return HttpResponse("validated")


urlpatterns = [
    path("test/moderer/", moderate, name="test_moderate"),
    path("test/valider/", ValidateView.as_view(), name="test_validate"),
    *site_urlpatterns,
]
