"""The site's URLconf plus one route nobody declared: the matrix must notice it."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from club import views
from club.urls import urlpatterns as site_patterns

urlpatterns = [
    path("api/v1/nouveau/", views.health, name="brand_new_api"),
    *i18n_patterns(path("tableaux-de-bord/", views.health, name="brand_new_page")),
    *site_patterns,
]
