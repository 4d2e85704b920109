from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, gettext

from club.navigation import ACCOUNT_NAV, MAIN_NAV, resolve_entries


def site(request) -> dict:
    """Menus and language links every page needs, without a database query."""
    current = get_language()
    home_url = reverse("wagtail_serve", args=[""])
    main_nav = [{"label": gettext("Accueil"), "url": home_url, "active": request.path == home_url}]
    main_nav += resolve_entries(MAIN_NAV, request.path)
    return {
        "home_url": home_url,
        "main_nav": main_nav,
        "account_nav": resolve_entries(ACCOUNT_NAV, request.path),
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": translate_url(request.get_full_path(), code),
                "active": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
    }
