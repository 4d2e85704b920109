"""The site's URLs plus two views that exercise a power the ordinary way: they ask a rule.

Neither knows about second factors: the rules withhold the power and the middleware sends the
person to enrol, whatever asked the rule (a function view, Django's PermissionRequiredMixin).
"""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path
from django.views import View

from club.urls import urlpatterns as site_urlpatterns


@login_required
def moderate(request):
    if not request.user.has_perm("announcements.announce"):
        raise PermissionDenied
    return HttpResponse("moderated")


class ValidateView(PermissionRequiredMixin, View):
    permission_required = "announcements.announce"

    def get(self, request):
        return HttpResponse("validated")


urlpatterns = [
    path("test/moderer/", moderate, name="test_moderate"),
    path("test/valider/", ValidateView.as_view(), name="test_validate"),
    *site_urlpatterns,
]
