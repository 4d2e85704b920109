from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from club.api.errors import problem_response
from club.api.main import api


# Machines get a problem, not the CSRF failure page, whatever cookie they send.
@csrf_exempt
def not_found(request, rest=""):
    return problem_response(
        404, _("Aucune opération de l'API à cette adresse : voir /api/v1/docs.")
    )


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
