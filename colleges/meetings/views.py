"""Thin views over the meeting services and selectors. Every page works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from club.core.lifecycle import gate
from club.core.views import handle_refusal
from colleges.meetings import ics, rules, selectors, services
from colleges.meetings.forms import (
    AttendanceForm,
    MeetingForm,
    MinutesForm,
    ReasonForm,
    ScheduleForm,
)
from colleges.meetings.lifecycle import MEETINGS
from colleges.meetings.models import CalendarFeed, Meeting, Registration
from colleges.models import College
from colleges.threads.markdown import render_markdown

_meeting = selectors.access_meeting


def _college(user, slug) -> College:
    college = get_object_or_404(College, slug=slug)
    if not rules.can_browse_meetings(user, college):
        raise Http404
    return college


def _form_page(request, form, *, title, submit, back_url, intro="", **extra):
    return render(
        request,
        "colleges/meetings/form_page.html",
        {
            "form": form,
            "page_title": title,
            "submit_label": submit,
            "back_url": back_url,
            "intro": intro,
            **extra,
        },
    )


@login_required
def meeting_list(request, college_slug):
    college = _college(request.user, college_slug)
    upcoming, past = selectors.split(selectors.meetings_of(college, request.user))
    return render(
        request,
        "colleges/meetings/list.html",
        {
            "college": college,
            "upcoming": upcoming,
            "past": past,
            "can_schedule": rules.can_schedule_meeting(request.user, college),
        },
    )


@login_required
def meeting_create(request, college_slug):
    college = _college(request.user, college_slug)
    if not rules.can_schedule_meeting(request.user, college):
        raise PermissionDenied
    form = ScheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        open_now = values.pop("open_now")
        with handle_refusal(request, form, field=MeetingForm.field_of):
            meeting = services.schedule_meeting(
                college=college, actor=request.user, open_registration=open_now, **values
            )
            if open_now:
                messages.success(
                    request, _("La réunion est programmée ; les inscriptions sont ouvertes.")
                )
            else:
                messages.success(request, _("La réunion est programmée."))
            return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Programmer une réunion — %(college)s") % {"college": college.name},
        submit=_("Programmer la réunion"),
        back_url=reverse("colleges:meeting_list", kwargs={"college_slug": college.slug}),
        college=college,
    )


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request.user, pk)
    counts = Meeting.objects.with_counts().get(pk=meeting.pk)
    meeting.confirmed_count = counts.confirmed_count
    meeting.waiting_count = counts.waiting_count
    mine = meeting.registrations.filter(user=request.user).first()
    can_facilitate = rules.can_facilitate_meeting(request.user, meeting)
    position = None
    if mine and mine.status == Registration.Status.WAITING:
        position = (
            meeting.registrations.filter(status=Registration.Status.WAITING)
            .filter(created_at__lte=mine.created_at)
            .exclude(created_at=mine.created_at, pk__gt=mine.pk)
            .count()
        )
    return render(
        request,
        "colleges/meetings/detail.html",
        {
            "meeting": meeting,
            "college": meeting.college,
            "mine": mine,
            "waiting_position": position,
            "show_link": meeting.online
            and (can_facilitate or (mine and mine.status == Registration.Status.CONFIRMED)),
            "viewer": MEETINGS.viewer(request.user, meeting),
            "can_facilitate": can_facilitate,
            "registrations": list(selectors.registrations_of(meeting)) if can_facilitate else [],
            "minutes_html": render_markdown(meeting.minutes) if meeting.minutes else "",
        },
    )


@login_required
def meeting_edit(request, pk):
    meeting = _meeting(request.user, pk)
    if (refused := gate(request, meeting, "edit")) is not None:
        return refused
    initial = {field: getattr(meeting, field) for field in services.FIELDS}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form, field=MeetingForm.field_of):
            services.update_meeting(meeting=meeting, actor=request.user, **form.cleaned_data)
            messages.success(request, _("La réunion est modifiée ; les inscrits en sont avertis."))
            return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Modifier la réunion « %(title)s »") % {"title": meeting.title},
        submit=_("Enregistrer"),
        back_url=meeting.get_absolute_url(),
        college=meeting.college,
        meeting=meeting,
    )


@login_required
def meeting_cancel(request, pk):
    meeting = _meeting(request.user, pk)
    if (refused := gate(request, meeting, "cancel")) is not None:
        return refused
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form, field="reason"):
            services.cancel_meeting(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("La réunion est annulée ; les inscrits en sont avertis."))
            return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Annuler la réunion « %(title)s »") % {"title": meeting.title},
        submit=_("Annuler la réunion"),
        back_url=meeting.get_absolute_url(),
        college=meeting.college,
        meeting=meeting,
    )


@login_required
def meeting_attendance(request, pk):
    meeting = _meeting(request.user, pk)
    if (refused := gate(request, meeting, "hold")) is not None:
        return refused
    seats = list(
        meeting.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    # An empty POST is an answer here (nobody came): bind it even with no box ticked.
    form = AttendanceForm(request.POST if request.method == "POST" else None, registrations=seats)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form, field="present"):
            services.record_attendance(
                meeting=meeting, actor=request.user, present_ids=form.cleaned_data["present"]
            )
            messages.success(request, _("Les présences sont enregistrées."))
            return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Présences à la réunion « %(title)s »") % {"title": meeting.title},
        submit=_("Enregistrer les présences"),
        back_url=meeting.get_absolute_url(),
        intro=_("Cochez les inscrits présents. La réunion est alors marquée comme tenue."),
        college=meeting.college,
        meeting=meeting,
    )


@login_required
def meeting_minutes(request, pk):
    meeting = _meeting(request.user, pk)
    if (refused := gate(request, meeting, "publish_minutes")) is not None:
        return refused
    form = MinutesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form, field="minutes"):
            services.publish_minutes(
                meeting=meeting, actor=request.user, minutes=form.cleaned_data["minutes"]
            )
            messages.success(request, _("Le compte rendu est publié."))
            return redirect(meeting)
    return _form_page(
        request,
        form,
        title=_("Compte rendu de la réunion « %(title)s »") % {"title": meeting.title},
        submit=_("Publier le compte rendu"),
        back_url=meeting.get_absolute_url(),
        college=meeting.college,
        meeting=meeting,
    )


@require_POST
@login_required
def meeting_open(request, pk):
    meeting = _meeting(request.user, pk)
    if not rules.can_facilitate_meeting(request.user, meeting):
        raise PermissionDenied
    with handle_refusal(request):
        services.open_registrations(meeting=meeting, actor=request.user)
        messages.success(request, _("Les inscriptions sont ouvertes ; le collège en est averti."))
    return redirect(meeting)


@require_POST
@login_required
def meeting_register(request, pk):
    meeting = _meeting(request.user, pk)
    with handle_refusal(request):
        registration = services.register(meeting=meeting, user=request.user)
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("Vous êtes inscrit à la réunion."))
        else:
            messages.info(
                request,
                _(
                    "La réunion est complète : vous êtes sur la liste d'attente. "
                    "Vous serez prévenu si une place se libère."
                ),
            )
    return redirect(meeting)


@require_POST
@login_required
def meeting_unregister(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    if not meeting.registrations.filter(user=request.user).exists():
        raise Http404
    with handle_refusal(request):
        services.unregister(meeting=meeting, user=request.user)
        messages.success(request, _("Vous n'êtes plus inscrit à cette réunion."))
    if rules.can_view_meeting(request.user, meeting):
        return redirect(meeting)
    return redirect("colleges:my_space")


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def meeting_ics(request, pk):
    meeting = _meeting(request.user, pk)
    mine = meeting.registrations.filter(user=request.user).first()
    confirmed = bool(mine and mine.status == Registration.Status.CONFIRMED)
    text = ics.meeting_file(
        meeting,
        with_link=confirmed or rules.can_facilitate_meeting(request.user, meeting),
        waiting=bool(mine and not confirmed),
    )
    return _ics_response(text, f"reunion-{meeting.pk}.ics")


def meeting_feed(request, token):
    """One's calendar, for calendar clients: the secret token is the only credential."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    response = _ics_response(
        ics.feed(selectors.feed_registrations(feed.user), name=_("Mes réunions du club")),
        "reunions.ics",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def calendar_settings(request):
    """The secret address of one's calendar: create or renew it (POST), or revoke it."""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.revoke_feed(user=request.user)
            messages.success(request, _("L'adresse de votre agenda ne fonctionne plus."))
        else:
            services.renew_feed(user=request.user)
            messages.success(
                request, _("Nouvelle adresse d'agenda : l'ancienne ne fonctionne plus.")
            )
        return redirect("colleges:meeting_calendar")
    feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "colleges/meetings/calendar.html",
        {"feed_url": request.build_absolute_uri(feed.get_absolute_url()) if feed else ""},
    )
