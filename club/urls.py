from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from club import views

# The database away (restarting, unreachable, read-only) is a 503 with the member's text handed
# back, not a 500 (club/core/outage.py); any other error keeps Django's 500 page.
handler500 = "club.core.outage.server_error"

# Back offices and machine endpoints are not translated.
urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("django-admin/", admin.site.urls),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", views.health, name="health"),
    path("readyz", views.ready, name="ready"),
    # Challenges of the self-hosted sign-up captcha (ALTCHA).
    path("altcha/", include("altcha_django.urls")),
    # The versioned JSON API, its OpenAPI document and documentation page (club/core/api/).
    path("api/v1/", include("club.api.urls")),
]

# French at the root, English under /en/. Wagtail's catch-all comes last.
urlpatterns += i18n_patterns(
    path("compte/", include("club.core.accounts.urls")),
    path("compte/", include("allauth.urls")),
    path("colleges/", include("colleges.urls")),
    path("demandes/", include("proposals.urls")),
    path("votes/", include("votes.urls")),
    path("livres-blancs/", include("whitepapers.urls")),
    path("mes-donnees/", include("club.core.gdpr.urls")),
    path("journal/", include("club.core.audit.urls")),
    path("", include("club.pages.urls")),
    path("recherche/", include("club.search.urls")),
    path("tableaux-de-bord/", include("club.dashboards.urls")),
    path("notifications/", include("club.core.notifications.urls")),
    path("notifications/", include("club.announcements.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT) + urlpatterns
