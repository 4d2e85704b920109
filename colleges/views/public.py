from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from club.core.accounts.powers import is_staff
from colleges import rules, selectors
from colleges.models import College
from colleges.views.common import space_links


def index(request):
    return render(
        request,
        "colleges/index.html",
        {
            "page_title": _("Les collèges du club"),
            "colleges": selectors.colleges_with_headcounts(),
            "plenary": selectors.plenary(),
            "headcounts": selectors.overall_headcounts(),
        },
    )


def detail(request, slug):
    college = get_object_or_404(College, slug=slug)
    is_member = rules.is_member(request.user, college)
    if college.is_plenary:
        member_count = selectors.overall_headcounts().people
    else:
        member_count = college.memberships.active().count()
    return render(
        request,
        "colleges/detail.html",
        {
            "page_title": college.name,
            "college": college,
            "charter": college.current_charter,
            "member_count": member_count,
            "facilitators": selectors.current_facilitators(college),
            "delegates": selectors.current_delegates(college),
            "is_member": is_member,
            "space_links": space_links(college) if is_member or is_staff(request.user) else [],
            "can_view_memberships": request.user.has_perm("colleges.view_memberships", college),
        },
    )


@login_required
def directory(request, slug):
    college = get_object_or_404(College.objects.colleges(), slug=slug)
    if not request.user.has_perm("colleges.view_directory", college):
        raise PermissionDenied(_("L'annuaire d'un collège est réservé à ses membres."))
    return render(
        request,
        "colleges/directory.html",
        {
            "page_title": _("Annuaire — %(college)s") % {"college": college.short_name},
            "college": college,
            "memberships": selectors.directory(college),
        },
    )


@login_required
def profile(request, pk):
    person = get_object_or_404(get_user_model(), pk=pk)
    visible = (
        person.pk == request.user.pk
        or is_staff(request.user)
        or selectors.shares_a_college(request.user, person)
    )
    if not visible:
        # Whoever is not listed in one of your colleges does not exist for you.
        raise Http404
    return render(
        request,
        "colleges/profile.html",
        {
            "page_title": person.get_full_name() or person.email,
            "person": person,
            **selectors.public_profile(person),
        },
    )


def charters(request):
    """Every college's charter, readable by anyone: applicants accept one when they apply."""
    return render(
        request,
        "colleges/charters.html",
        {
            "page_title": _("Les chartes d'usage des collèges"),
            "charters": selectors.current_charters(),
        },
    )


def charter(request, slug, version=None):
    """A college's charter: the current version, or an earlier one, with the list of versions."""
    college = get_object_or_404(College, slug=slug)
    versions = selectors.charter_versions(college)
    if not versions:
        raise Http404
    if version is None:
        shown = versions[0]
    else:
        shown = next((c for c in versions if c.version == version), None)
        if shown is None:
            raise Http404
    return render(
        request,
        "colleges/charter.html",
        {
            # A version asked by its number says so in the title (RGAA 8.6).
            "page_title": shown.title
            if version is None
            else _("%(title)s (version %(version)s)")
            % {"title": shown.title, "version": shown.version},
            "college": college,
            "charter": shown,
            "versions": versions,
            "is_current": shown == versions[0],
        },
    )
