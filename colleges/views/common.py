from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.accounts.powers import is_staff
from colleges.models import College

# Pages of a college's space that other parts of the product provide (threads, themes...).
# Each link appears once its URL exists, like the main menu does.
SPACE_LINKS = [
    ("colleges:theme_list", gettext_lazy("Thèmes et fils de discussion")),
    ("colleges:meeting_list", gettext_lazy("Réunions")),
]


def space_links(college: College) -> list[dict]:
    links = []
    for url_name, label in SPACE_LINKS:
        try:
            links.append(
                {"url": reverse(url_name, kwargs={"college_slug": college.slug}), "label": label}
            )
        except NoReverseMatch:
            continue
    if not college.is_plenary:
        links.append(
            {
                "url": reverse("colleges:directory", kwargs={"slug": college.slug}),
                "label": _("Annuaire des membres"),
            }
        )
    for url_name, label in (
        ("proposals:board", _("Demandes d'évolution")),
        ("votes:index", _("Votes")),
    ):
        try:
            links.append({"url": reverse(url_name), "label": label})
        except NoReverseMatch:
            continue
    return links


def staff_required(view_func):
    """Staff only (they validate members and appoint roles); the rule asks for the second factor."""

    @login_required
    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not is_staff(request.user):
            raise PermissionDenied(_("Cette page est réservée à l'équipe du club."))
        return view_func(request, *args, **kwargs)

    return wrapper


def college_power_required(permission: str):
    """The person must hold `permission` on the college named in the URL (its rule asks for the
    second factor)."""

    def decorator(view_func):
        @login_required
        @wraps(view_func)
        def wrapper(request, slug, *args, **kwargs):
            college = get_object_or_404(College, slug=slug)
            if not request.user.has_perm(permission, college):
                raise PermissionDenied(_("Cette page est réservée à l'équipe et aux animateurs."))
            return view_func(request, college, *args, **kwargs)

        return wrapper

    return decorator
