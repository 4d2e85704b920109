from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from club.core.views import handle_refusal
from colleges import rules, selectors, services
from colleges.forms import ApplicationForm, ResubmitForm
from colleges.lifecycle import APPLICATIONS
from colleges.models import Application, College, Membership
from colleges.my_space import sections_for
from colleges.views.common import space_links


@login_required
def apply(request):
    """First step: choose the college to apply to (one application per college)."""
    colleges = list(selectors.colleges_with_headcounts())
    open_ids = set(
        Application.objects.open().filter(applicant=request.user).values_list("college", flat=True)
    )
    member_ids = set(
        Membership.objects.filter(user=request.user)
        .exclude(status=Membership.Status.LEFT)
        .values_list("college", flat=True)
    )
    for college in colleges:
        college.has_open_application = college.pk in open_ids
        college.is_joined = college.pk in member_ids
    return render(
        request,
        "colleges/apply_choose.html",
        {"page_title": _("Candidater à un collège"), "colleges": colleges},
    )


@login_required
def apply_to(request, slug):
    college = get_object_or_404(College.objects.colleges(), slug=slug)
    form = ApplicationForm(request.POST or None, college=college)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.submit_application(
                applicant=request.user,
                college=college,
                charter=form.accepted_charter(),
                **form.qualification(),
            )
            messages.success(
                request,
                _(
                    "Votre candidature au collège « %(college)s » est déposée. L'équipe du club "
                    "la valide à la main : vous serez prévenu par e-mail."
                )
                % {"college": college},
            )
            return redirect("colleges:my_space")
    return render(
        request,
        "colleges/apply.html",
        {
            "page_title": _("Candidater au collège « %(college)s »") % {"college": college},
            "college": college,
            "charter": form.charter,
            "form": form,
        },
    )


@login_required
def my_space(request):
    applications = list(selectors.applications_of(request.user))
    memberships = list(selectors.memberships_of(request.user))
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    plenary = selectors.plenary() if active else None
    for membership in active:
        membership.space_links = space_links(membership.college)
    return render(
        request,
        "colleges/my_space.html",
        {
            "page_title": _("Mon espace"),
            "sections": sections_for(request.user),
            "applications": applications,
            "memberships": memberships,
            "plenary": plenary,
        },
    )


def _own_application(request, pk) -> Application:
    return get_object_or_404(
        Application.objects.select_related("college"), pk=pk, applicant=request.user
    )


@login_required
def resubmit(request, pk):
    application = _own_application(request, pk)
    if not APPLICATIONS.allows("resubmit", application.status):
        messages.error(request, _("Cette candidature n'attend pas de complément."))
        return redirect("colleges:my_space")
    form = ResubmitForm.for_application(application, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.resubmit_application(
                application=application,
                applicant=request.user,
                charter=form.accepted_charter(),
                **form.qualification(),
            )
            messages.success(
                request, _("Votre candidature complétée est de nouveau en attente de validation.")
            )
            return redirect("colleges:my_space")
    return render(
        request,
        "colleges/resubmit.html",
        {
            "page_title": _("Compléter ma candidature"),
            "application": application,
            "form": form,
            "charter": form.charter,
        },
    )


@require_POST
@login_required
def withdraw(request, pk):
    application = _own_application(request, pk)
    with handle_refusal(request):
        services.withdraw_application(application=application, applicant=request.user)
        messages.success(request, _("Votre candidature est retirée."))
    return redirect("colleges:my_space")


def _own_membership(request, pk) -> Membership:
    return get_object_or_404(Membership.objects.select_related("college"), pk=pk, user=request.user)


@login_required
def leave(request, pk):
    membership = _own_membership(request, pk)
    if request.method == "POST":
        with handle_refusal(request):
            services.leave_college(membership=membership)
            messages.success(
                request,
                _("Vous avez quitté le collège « %(college)s ».") % {"college": membership.college},
            )
        return redirect("colleges:my_space")
    return render(
        request,
        "colleges/leave.html",
        {
            "page_title": _("Quitter le collège « %(college)s »") % {"college": membership.college},
            "membership": membership,
            "roles": rules.is_facilitator(request.user, membership.college)
            or rules.is_delegate(request.user, membership.college),
        },
    )


@require_POST
@login_required
def directory_visibility(request, pk):
    membership = _own_membership(request, pk)
    visible = request.POST.get("visible") == "1"
    with handle_refusal(request):
        services.set_directory_visibility(membership=membership, user=request.user, visible=visible)
        messages.success(
            request,
            (
                _("Vous apparaissez dans l'annuaire du collège « %(college)s ».")
                if visible
                else _("Vous n'apparaissez plus dans l'annuaire du collège « %(college)s ».")
            )
            % {"college": membership.college},
        )
    return redirect("colleges:my_space")
