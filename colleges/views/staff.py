from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from dsfr.utils import list_pages

from club.core.views import handle_refusal
from colleges import selectors, services
from colleges.forms import (
    AppointDelegateForm,
    AppointFacilitatorForm,
    ApproveForm,
    MoveForm,
    QueueFilterForm,
    ReasonForm,
    RequestInformationForm,
    SuspendForm,
)
from colleges.models import Application, DelegateMandate, FacilitatorRole, Membership
from colleges.views.common import college_power_required, staff_required

QUEUE_PAGE_SIZE = 50


@staff_required
def queue(request):
    filters = QueueFilterForm(request.GET or None)
    college = filters.cleaned_data.get("college") if filters.is_valid() else None
    page = Paginator(selectors.validation_queue(college=college), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "colleges/staff/queue.html",
        {
            "page_title": _("Candidatures à valider"),
            "filters": filters,
            "college": college,
            "queue_counts": selectors.queue_counts(),
            "page_obj": list_pages(page),
        },
    )


DECISIONS = {
    "approve": ApproveForm,
    "reject": ReasonForm,
    "info": RequestInformationForm,
    "move": MoveForm,
}


def _decision_forms(application, action=None, data=None) -> dict:
    forms = {}
    for name, form_class in DECISIONS.items():
        kwargs = {"prefix": name}
        if form_class is MoveForm:
            kwargs["application"] = application
        forms[name] = form_class(data if name == action else None, **kwargs)
    return forms


def _decide(action, application, form, actor) -> str:
    data = form.cleaned_data
    if action == "approve":
        services.approve_application(application=application, actor=actor, reason=data["reason"])
        return _("Candidature acceptée : %(person)s est membre du collège « %(college)s ».")
    if action == "reject":
        services.reject_application(application=application, actor=actor, reason=data["reason"])
        return _("Candidature de %(person)s refusée ; le motif lui est communiqué.")
    if action == "info":
        services.request_more_information(
            application=application, actor=actor, request=data["reason"]
        )
        return _("Complément demandé à %(person)s.")
    services.move_application(
        application=application, actor=actor, to_college=data["to_college"], reason=data["reason"]
    )
    return _("Candidature de %(person)s transférée.")


@staff_required
def review(request, pk):
    try:
        application = selectors.application_for_review(pk)
    except Application.DoesNotExist as error:
        raise Http404 from error
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in DECISIONS:
        action = None
    forms = _decision_forms(application, action, request.POST if action else None)
    refusal = None
    if action and forms[action].is_valid():
        with handle_refusal(request, forms[action]) as outcome:
            message = _decide(action, application, forms[action], request.user)
            messages.success(
                request,
                message % {"person": application.applicant, "college": application.college},
            )
            return redirect("colleges:queue")
        refusal = outcome.error.message
    return render(
        request,
        "colleges/staff/review.html",
        {
            "page_title": _("Candidature de %(person)s") % {"person": application.applicant},
            "application": application,
            "forms": forms,
            "refusal": refusal,
        },
    )


@college_power_required("colleges.view_memberships")
def college_members(request, college):
    page = Paginator(selectors.college_memberships(college), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "colleges/staff/members.html",
        {
            "page_title": _("Membres — %(college)s") % {"college": college.short_name},
            "college": college,
            "page_obj": list_pages(page),
        },
    )


@staff_required
def suspend(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "college"), pk=pk)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.suspend_membership(
                membership=membership, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request, _("L'adhésion de %(person)s est suspendue.") % {"person": membership.user}
            )
            return redirect("colleges:members", slug=membership.college.slug)
    return render(
        request,
        "colleges/staff/suspend.html",
        {
            "page_title": _("Suspendre une adhésion"),
            "document_title": _("Suspendre l'adhésion de %(person)s — %(college)s")
            % {"person": membership.user, "college": membership.college.short_name},
            "membership": membership,
            "form": form,
        },
    )


@require_POST
@staff_required
def reinstate(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user", "college"), pk=pk)
    with handle_refusal(request):
        services.reinstate_membership(membership=membership, actor=request.user)
        messages.success(
            request, _("L'adhésion de %(person)s est rétablie.") % {"person": membership.user}
        )
    return redirect("colleges:members", slug=membership.college.slug)


@college_power_required("colleges.manage_roles")
def roles(request, college):
    action = request.POST.get("action") if request.method == "POST" else None
    facilitator_form = AppointFacilitatorForm(
        request.POST if action == "facilitator" else None, college=college, prefix="facilitator"
    )
    delegate_form = AppointDelegateForm(
        request.POST if action == "delegate" else None, college=college, prefix="delegate"
    )
    form = {"facilitator": facilitator_form, "delegate": delegate_form}.get(action)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        with handle_refusal(request, form):
            if action == "facilitator":
                services.appoint_facilitator(college=college, user=data["user"], actor=request.user)
                message = _("%(person)s est animateur du collège.")
            else:
                services.appoint_delegate(
                    college=college,
                    user=data["user"],
                    actor=request.user,
                    term_ends_on=data["term_ends_on"],
                    source=data["source"],
                )
                message = _("%(person)s est délégué du collège à l'IPM.")
            messages.success(request, message % {"person": data["user"]})
            return redirect("colleges:roles", slug=college.slug)
    return render(
        request,
        "colleges/staff/roles.html",
        {
            "page_title": _("Rôles — %(college)s") % {"college": college.short_name},
            "college": college,
            "facilitators": selectors.current_facilitators(college),
            "delegates": selectors.current_delegates(college),
            "facilitator_form": facilitator_form,
            "delegate_form": delegate_form,
        },
    )


ROLE_MODELS = {"animateur": FacilitatorRole, "delegue": DelegateMandate}


@require_POST
@staff_required
def end_role(request, kind, pk):
    model = ROLE_MODELS.get(kind)
    if model is None:
        raise Http404
    role = get_object_or_404(model.objects.select_related("user", "college"), pk=pk)
    with handle_refusal(request):
        services.end_role(role=role, actor=request.user, reason=_("Retiré par l'équipe du club"))
        messages.success(request, _("Le rôle de %(person)s a pris fin.") % {"person": role.user})
    return redirect("colleges:roles", slug=role.college.slug)
