"""The site's URLs and error handlers, plus views that fail as an unreachable database does."""

from django.db import OperationalError
from django.urls import path

from club.urls import handler500  # noqa: F401
from club.urls import urlpatterns as site_urlpatterns


def database_away(request):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: refused")


def bug(request):
    raise ZeroDivisionError


urlpatterns = [
    path("panne/", database_away),
    path("api/panne/", database_away),
    path("bogue/", bug),
    *site_urlpatterns,
]
