"""Thin views for IPM cycles: check a rule, call a selector or a service, render.

Cycles, agendas, decisions and reports are public (every step of an idea is visible); acts
need the right role and a second factor. A DomainError becomes a form error or a message.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from club.core import exports
from club.core.domain import DomainError
from club.core.lifecycle import gate
from club.core.views import handle_refusal
from colleges import rules as college_rules
from colleges.models import College, Membership
from proposals.ipm import forms, report, rules, selectors, services
from proposals.ipm.lifecycle import ITEMS
from proposals.ipm.models import (
    Cycle,
    PilotCall,
    PilotVolunteer,
    WorkingGroup,
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _form_page(request, template: str, context: dict, form) -> HttpResponse:
    context["form"] = form
    return render(request, template, context, status=400 if form.is_bound and form.errors else 200)


# ---------------------------------------------------------------------------------------------
# Cycles


def cycles(request):
    user = request.user
    return render(
        request,
        "proposals/ipm/cycles.html",
        {
            "page_title": _("Cycles IPM"),
            "cycles": selectors.cycles(),
            "can_manage": rules.can_manage_cycles(user),
            "can_escalate": college_rules.is_any_delegate(user)
            and selectors.open_cycle() is not None,
        },
    )


def cycle(request, number: int):
    current = selectors.access_cycle(request.user, number)
    user = request.user
    can_manage = rules.can_manage_cycles(user)
    return render(
        request,
        "proposals/ipm/cycle.html",
        {
            "page_title": current.label,
            "cycle": current,
            "items": selectors.agenda(current),
            "pilots": selectors.pilot_calls(current),
            "can_manage": can_manage,
            "move_form": forms.MoveCycleForm(cycle=current) if can_manage else None,
            "can_escalate": current.is_open and college_rules.is_any_delegate(user),
        },
    )


@login_required
def cycle_new(request):
    _require(rules.can_manage_cycles(request.user))
    last = Cycle.objects.order_by("-number").first()
    form = forms.CycleForm(
        request.POST or None, initial={"number": (last.number + 1) if last else 1}
    )
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            created = services.create_cycle(actor=request.user, **form.cleaned_data)
            messages.success(
                request, _("Le cycle est ouvert : les délégués peuvent y porter leurs positions.")
            )
            # Opened from a decision that postpones an item: go back to that decision.
            back = request.GET.get("next", "")
            if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
                return redirect(back)
            return redirect(created)
    return _form_page(
        request,
        "proposals/ipm/form.html",
        {"page_title": _("Ouvrir un cycle IPM"), "submit_label": _("Ouvrir le cycle")},
        form,
    )


@require_POST
@login_required
def cycle_move(request, number: int):
    current = selectors.access_cycle(request.user, number)
    _require(rules.can_manage_cycles(request.user))
    form = forms.MoveCycleForm(request.POST, cycle=current)
    if form.is_valid():
        with handle_refusal(request):
            services.move_cycle(
                cycle=current,
                to_phase=form.cleaned_data["to_phase"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("Le cycle est passé en phase « %(phase)s ».")
                % {"phase": current.get_phase_display()},
            )
    else:
        messages.error(request, _("Choisissez la nouvelle phase du cycle."))
    return redirect(current)


def cycle_report(request, number: int):
    current = selectors.access_cycle(request.user, number)
    data = report.build(current)
    return render(
        request,
        "proposals/ipm/report.html",
        {
            "page_title": _("Bilan du %(cycle)s") % {"cycle": current.label},
            "cycle": current,
            "report": data,
            "chart": report.svg_chart(data),
        },
    )


def cycle_report_csv(request, number: int, fmt: str = "csv"):
    current = selectors.access_cycle(request.user, number)
    return exports.download(
        report.csv_rows(report.build(current)),
        filename=f"bilan-cycle-{current.number}",
        fmt=fmt,
        title=str(current.label),
    )


def cycle_report_pdf(request, number: int):
    current = selectors.access_cycle(request.user, number)
    response = HttpResponse(report.as_pdf(report.build(current)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bilan-cycle-{current.number}.pdf"'
    return response


# ---------------------------------------------------------------------------------------------
# Escalation, instruction, arguments


@login_required
def escalate(request):
    _require(college_rules.is_any_delegate(request.user))
    open_cycle = selectors.open_cycle()
    positions = selectors.escalable_positions(request.user)
    initial = {}
    wanted = request.GET.get("position", "")
    if wanted.isdigit():
        initial["position"] = int(wanted)
    form = forms.EscalateForm(request.POST or None, positions=positions, initial=initial)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            if open_cycle is None:
                raise DomainError(_("Aucun cycle ne collecte de demandes en ce moment."))
            item = services.escalate_position(
                position=form.cleaned_data["position"],
                cycle=open_cycle,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _(
                    "La position est inscrite à l'ordre du jour du %(cycle)s ; ses demandes y sont portées."
                )
                % {"cycle": open_cycle.label},
            )
            return redirect(item)
    return _form_page(
        request,
        "proposals/ipm/form.html",
        {
            "page_title": _("Porter une position à l'IPM"),
            "submit_label": _("Porter au cycle"),
            "intro": (
                _("Cycle ouvert : %(cycle)s.") % {"cycle": open_cycle.label}
                if open_cycle
                else _("Aucun cycle ne collecte de demandes en ce moment.")
            ),
        },
        form,
    )


def item(request, pk: int, *, argument_form=None):
    """The item's page; `argument_form` is a refused argument, shown again as typed."""
    agenda_item = selectors.access_item(request.user, pk)
    user = request.user
    decision = agenda_item.decisions.all()[0] if agenda_item.decisions.all() else None
    return render(
        request,
        "proposals/ipm/item.html",
        {
            # An item may come back in a later cycle under the same title: the cycle tells them apart.
            "page_title": _("Point IPM : %(title)s (%(cycle)s)")
            % {"title": agenda_item.title, "cycle": agenda_item.cycle.label},
            "item": agenda_item,
            "analysis": getattr(agenda_item, "analysis", None),
            "decision": decision,
            "can_instruct": ITEMS.can(user, agenda_item, "instruct"),
            "can_argue": ITEMS.can(user, agenda_item, "argue"),
            "argument_form": argument_form or forms.ArgumentForm(),
            "can_open_pilot": rules.can_manage_pilots(user)
            and decision is not None
            and decision.outcome in ("accepted", "pilot")
            and not hasattr(agenda_item, "pilot_call"),
        },
        status=400 if argument_form is not None else 200,
    )


@login_required
def item_analysis(request, pk: int):
    agenda_item = selectors.access_item(request.user, pk)
    if refused := gate(request, agenda_item, "instruct"):
        return refused
    analysis = getattr(agenda_item, "analysis", None)
    initial = (
        {f: getattr(analysis, f) for f in ("feasibility", "effort", "impact", "portal_opinion")}
        if analysis
        else {}
    )
    form = forms.AnalysisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.record_analysis(item=agenda_item, actor=request.user, **form.cleaned_data)
            messages.success(request, _("L'instruction du point est enregistrée."))
            return redirect(agenda_item)
    return _form_page(
        request,
        "proposals/ipm/form.html",
        {
            "page_title": _("Instruire le point"),
            "document_title": _("Instruire le point « %(title)s » (%(cycle)s)")
            % {"title": agenda_item.title, "cycle": agenda_item.cycle.label},
            "subject": agenda_item,
            "submit_label": _("Enregistrer l'instruction"),
        },
        form,
    )


@require_POST
@login_required
def item_argument(request, pk: int):
    agenda_item = selectors.access_item(request.user, pk)
    # The person here; the state is the service's to refuse, so the argument is shown again.
    _require(ITEMS.may(request.user, agenda_item, "argue"))
    form = forms.ArgumentForm(request.POST)
    if form.is_valid():
        with handle_refusal(request, form):
            services.add_argument(
                item=agenda_item, actor=request.user, body=form.cleaned_data["body"]
            )
            messages.success(request, _("L'argument est ajouté au dossier."))
            return redirect(agenda_item)
    # The item's page again, with the argument as typed and why it was refused.
    return item(request, pk, argument_form=form)


# ---------------------------------------------------------------------------------------------
# Plenary sessions and decisions


@login_required
def session_new(request, number: int):
    current = selectors.access_cycle(request.user, number)
    _require(rules.can_manage_cycles(request.user))
    form = forms.SessionForm(request.POST or None, cycle=current)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            session = services.schedule_session(
                cycle=current, actor=request.user, **form.cleaned_data
            )
            messages.success(request, _("La séance plénière est programmée."))
            return redirect(session)
    return _form_page(
        request,
        "proposals/ipm/form.html",
        {
            "page_title": _("Programmer une séance plénière"),
            "subject": current,
            "submit_label": _("Programmer"),
        },
        form,
    )


def session(request, pk: int):
    plenary = selectors.access_session(request.user, pk)
    items = list(selectors.session_agenda(plenary))
    return render(
        request,
        "proposals/ipm/session.html",
        {
            "page_title": str(plenary),
            "session": plenary,
            "items": items,
            "decidable": {i.pk for i in items if ITEMS.can(request.user, i, "decide")},
            "can_minute": rules.can_record_decision(request.user),
            "minutes_form": forms.MinutesForm(initial={"minutes": plenary.minutes}),
        },
    )


@require_POST
@login_required
def session_minutes(request, pk: int):
    plenary = selectors.access_session(request.user, pk)
    _require(rules.can_record_decision(request.user))
    form = forms.MinutesForm(request.POST)
    if form.is_valid():
        services.record_session_minutes(
            session=plenary, minutes=form.cleaned_data["minutes"], actor=request.user
        )
        messages.success(request, _("Le compte rendu de la séance est enregistré."))
    else:
        messages.error(request, _("Le compte rendu est vide ou trop long."))
    return redirect(plenary)


@login_required
def decide(request, pk: int, item_pk: int):
    plenary = selectors.access_session(request.user, pk)
    agenda_item = selectors.access_item(request.user, item_pk)
    if agenda_item.cycle_id != plenary.cycle_id:
        raise Http404
    # The form opens only while the cycle is in arbitration and the item undecided.
    if refused := gate(request, agenda_item, "decide", back=plenary):
        return refused
    form = forms.DecisionForm(
        request.POST or None, cycle=plenary.cycle, back_to=request.get_full_path()
    )
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.record_decision(
                item=agenda_item, session=plenary, actor=request.user, **form.cleaned_data
            )
            messages.success(
                request,
                _(
                    "La décision est enregistrée ; l'auteur, les soutiens et les votants en sont informés."
                ),
            )
            return redirect(plenary)
    return _form_page(
        request,
        "proposals/ipm/form.html",
        {
            "page_title": _("Décision sur « %(title)s »") % {"title": agenda_item.title},
            "document_title": _("Décision sur « %(title)s » (%(cycle)s)")
            % {"title": agenda_item.title, "cycle": agenda_item.cycle.label},
            "subject": agenda_item,
            "submit_label": _("Enregistrer la décision"),
        },
        form,
    )


# ---------------------------------------------------------------------------------------------
# Working groups


def _can_see_documents(user, group: WorkingGroup) -> bool:
    return rules.can_read_group_documents(user, group)


@login_required
def group_new(request, number: int):
    current = selectors.access_cycle(request.user, number)
    _require(rules.can_manage_groups(request.user))
    form = forms.GroupForm(request.POST or None, cycle=current)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            group = services.convene_group(cycle=current, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Le groupe de travail est réuni. Ajoutez-y ses membres."))
            return redirect(group)
    return _form_page(
        request,
        "proposals/ipm/form.html",
        {
            "page_title": _("Réunir un groupe de travail"),
            "subject": current,
            "submit_label": _("Réunir le groupe"),
        },
        form,
    )


def group(request, pk: int):
    working_group = selectors.access_group(request.user, pk)
    user = request.user
    can_manage = rules.can_manage_groups(user)
    return render(
        request,
        "proposals/ipm/group.html",
        {
            "page_title": working_group.topic,
            "group": working_group,
            "can_manage": can_manage,
            "can_minute": rules.can_record_minutes(user),
            "can_see_documents": _can_see_documents(user, working_group),
            "member_form": forms.GroupMemberForm() if can_manage else None,
            "meeting_form": forms.MeetingForm() if can_manage else None,
        },
    )


@require_POST
@login_required
def group_member(request, pk: int):
    working_group = selectors.access_group(request.user, pk)
    _require(rules.can_manage_groups(request.user))
    form = forms.GroupMemberForm(request.POST)
    user = None
    if form.is_valid():
        user = (
            get_user_model()
            .objects.filter(email__iexact=form.cleaned_data["email"], is_active=True)
            .first()
        )
    if user is None:
        messages.error(request, _("Aucun compte actif ne correspond à cette adresse."))
    else:
        services.add_group_member(
            group=working_group, user=user, role=form.cleaned_data["role"], actor=request.user
        )
        messages.success(request, _("Le membre est ajouté au groupe de travail."))
    return redirect(working_group)


@require_POST
@login_required
def meeting_new(request, pk: int):
    working_group = selectors.access_group(request.user, pk)
    _require(rules.can_manage_groups(request.user))
    form = forms.MeetingForm(request.POST)
    if form.is_valid():
        services.schedule_meeting(group=working_group, actor=request.user, **form.cleaned_data)
        messages.success(request, _("La réunion est programmée."))
    else:
        messages.error(request, _("Indiquez la date et l'ordre du jour de la réunion."))
    return redirect(working_group)


@login_required
def meeting_minutes(request, pk: int):
    meeting = selectors.access_meeting(request.user, pk)
    _require(rules.can_record_minutes(request.user))
    minutes_form = forms.MinutesForm(
        request.POST if request.POST.get("action") == "minutes" else None,
        initial={"minutes": meeting.minutes},
    )
    document_form = forms.DocumentForm(
        request.POST if request.POST.get("action") == "document" else None,
        request.FILES if request.POST.get("action") == "document" else None,
    )
    if request.method == "POST":
        if minutes_form.is_bound and minutes_form.is_valid():
            services.record_meeting_minutes(
                meeting=meeting, minutes=minutes_form.cleaned_data["minutes"], actor=request.user
            )
            messages.success(request, _("Le compte rendu est enregistré."))
            return redirect(meeting.group)
        if document_form.is_bound and document_form.is_valid():
            services.attach_document(
                meeting=meeting, upload=document_form.cleaned_data["file"], actor=request.user
            )
            messages.success(request, _("Le document est joint à la réunion."))
            return redirect(meeting.group)
    status = 400 if (minutes_form.errors or document_form.errors) else 200
    return render(
        request,
        "proposals/ipm/meeting.html",
        {
            "page_title": _("Compte rendu et documents de la réunion"),
            "document_title": _("Compte rendu de la réunion du %(date)s — %(topic)s")
            % {
                "date": date_format(localtime(meeting.held_at), "DATETIME_FORMAT"),
                "topic": meeting.group.topic,
            },
            "meeting": meeting,
            "minutes_form": minutes_form,
            "document_form": document_form,
        },
        status=status,
    )


@login_required
def document(request, pk: int):
    doc = selectors.access_document(request.user, pk)
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, content_type=doc.content_type, as_attachment=True, filename=str(doc)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# ---------------------------------------------------------------------------------------------
# Pilots


@login_required
def pilot_new(request, pk: int):
    agenda_item = selectors.access_item(request.user, pk)
    _require(rules.can_manage_pilots(request.user))
    form = forms.PilotCallForm(request.POST or None, initial={"seats": 5})
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            call = services.open_pilot_call(
                item=agenda_item, actor=request.user, **form.cleaned_data
            )
            messages.success(request, _("L'appel à pilotes est ouvert aux membres."))
            return redirect(call)
    return _form_page(
        request,
        "proposals/ipm/form.html",
        {
            "page_title": _("Ouvrir un appel à pilotes"),
            "subject": agenda_item,
            "submit_label": _("Ouvrir l'appel"),
        },
        form,
    )


def _member_colleges(user):
    return College.objects.filter(
        pk__in=Membership.objects.active().filter(user=user).values("college_id"), is_plenary=False
    ).order_by("name")


def pilot(request, pk: int, *, volunteer_form=None, feedback_form=None):
    """The call's page; a refused form (`volunteer_form`, `feedback_form`) is shown as typed."""
    call = selectors.access_pilot(request.user, pk)
    user = request.user
    mine = next(
        (v for v in call.volunteers.all() if user.is_authenticated and v.user_id == user.pk), None
    )
    can_volunteer = (
        call.status == PilotCall.Status.OPEN and mine is None and rules.can_volunteer(user)
    )
    return render(
        request,
        "proposals/ipm/pilot.html",
        {
            "page_title": _("Pilote : %(title)s") % {"title": call.item.title},
            "document_title": _("Pilote : %(title)s (%(cycle)s)")
            % {"title": call.item.title, "cycle": call.item.cycle.label},
            "call": call,
            "mine": mine,
            "can_manage": rules.can_manage_pilots(user),
            "volunteer_form": volunteer_form
            or (forms.VolunteerForm(colleges=_member_colleges(user)) if can_volunteer else None),
            "feedback_form": feedback_form
            or (
                forms.FeedbackForm()
                if mine and mine.selected and call.status == PilotCall.Status.RUNNING
                else None
            ),
        },
        status=400 if volunteer_form or feedback_form else 200,
    )


@require_POST
@login_required
def pilot_volunteer(request, pk: int):
    call = selectors.access_pilot(request.user, pk)
    form = forms.VolunteerForm(request.POST, colleges=_member_colleges(request.user))
    if form.is_valid():
        with handle_refusal(request, form):
            services.volunteer_for_pilot(call=call, user=request.user, **form.cleaned_data)
            messages.success(request, _("Merci : votre candidature de pilote est enregistrée."))
            return redirect(call)
    return pilot(request, pk, volunteer_form=form)


@require_POST
@login_required
def pilot_act(request, pk: int, act: str):
    call = selectors.access_pilot(request.user, pk)
    _require(rules.can_manage_pilots(request.user))
    with handle_refusal(request):
        match act:
            case "selectionner" | "retirer":
                volunteer_id = request.POST.get("volunteer", "")
                if not (volunteer_id.isascii() and volunteer_id.isdigit()):
                    raise Http404
                volunteer = get_object_or_404(PilotVolunteer, pk=int(volunteer_id), call=call)
                services.select_volunteer(
                    volunteer=volunteer, actor=request.user, selected=act == "selectionner"
                )
                messages.success(request, _("La sélection des pilotes est mise à jour."))
            case "demarrer":
                services.start_pilot(call=call, actor=request.user)
                messages.success(request, _("Le pilote démarre : les demandes sont « en pilote »."))
            case "clore":
                services.close_pilot(call=call, actor=request.user)
                messages.success(request, _("Le pilote est clos : l'évolution est livrée."))
            case _:
                raise Http404
    return redirect(call)


@require_POST
@login_required
def pilot_feedback(request, pk: int):
    volunteer = get_object_or_404(
        PilotVolunteer.objects.select_related("call"), call_id=pk, user=request.user
    )
    form = forms.FeedbackForm(request.POST)
    if form.is_valid():
        with handle_refusal(request, form):
            services.give_feedback(volunteer=volunteer, user=request.user, **form.cleaned_data)
            messages.success(request, _("Merci pour votre retour de pilote."))
            return redirect(volunteer.call)
    return pilot(request, pk, feedback_form=form)


# ---------------------------------------------------------------------------------------------
# IPM participants


@login_required
def participants(request):
    _require(rules.can_manage_participants(request.user))
    form = forms.ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = (
            get_user_model()
            .objects.filter(email__iexact=form.cleaned_data["email"], is_active=True)
            .first()
        )
        if user is None:
            form.add_error("email", _("Aucun compte actif ne correspond à cette adresse."))
        else:
            with handle_refusal(request, form):
                services.register_participant(
                    user=user,
                    organisation=form.cleaned_data["organisation"],
                    role=form.cleaned_data["role"],
                    actor=request.user,
                )
                messages.success(request, _("La personne est inscrite comme participante à l'IPM."))
                return redirect("proposals:ipm_participants")
    return _form_page(
        request,
        "proposals/ipm/participants.html",
        {"page_title": _("Participants à l'IPM"), "participants": selectors.participants()},
        form,
    )
