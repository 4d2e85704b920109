"""Thin views: check a rule, call a selector or a service, render. DomainError becomes a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from dsfr.utils import list_pages

from club.core import exports
from club.core.lifecycle import gate
from club.core.throttle import throttle
from club.core.views import handle_refusal
from colleges.models import College
from proposals import rules, selectors, services
from proposals.forms import (
    THREAD_NOT_READABLE,
    BoardFilterForm,
    ChangeRequestForm,
    MergeForm,
    PositionBallotForm,
    PositionForm,
    ReasonForm,
    StepForm,
    readable_thread,
)
from proposals.lifecycle import FACILITATOR_STEPS, IPM_STEPS, MAIN_ROAD, POSITIONS, REQUESTS
from proposals.models import ChangeRequest, Position, Screenshot

PAGE_SIZE = 20


def _about_request(action: str, change_request) -> str:
    """The <title> of a page acting on one request names it (RGAA 8.6): « Retirer la demande —
    DE-2026-0012 », not the same title for every request."""
    return f"{action} — {change_request.reference}"


def board_filters(request) -> tuple[BoardFilterForm, dict]:
    form = BoardFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "college": data.get("college"),
            "area": data.get("area"),
            "status": data.get("status") or "",
            "tag": (data.get("tag") or "").strip(),
            "sort": data.get("sort") or "support",
        }
    return form, filters


def board(request):
    form, filters = board_filters(request)
    page = Paginator(selectors.board_requests(**filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    list_pages(page)
    return render(
        request,
        "proposals/board.html",
        {
            "page_title": _("Demandes d'évolution"),
            "form": form,
            "page_obj": page,
            "requests": page.object_list,
            "can_file": rules.can_file_request(request.user),
            "feed_query": request.GET.urlencode(),
            "export_query": _without_page(request.GET),
        },
    )


def _without_page(query) -> str:
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


def board_rows(request, requests) -> list[list]:
    """The board's requests as a table: the same columns in CSV and in XLSX."""
    rows = [
        [
            _("Référence"),
            _("Titre"),
            _("Collège"),
            _("Espace du portail"),
            _("Écran"),
            _("Champ ou libellé"),
            _("État"),
            _("Soutiens"),
            _("Étiquettes"),
            _("Déposée le"),
            _("Adresse"),
        ]
    ]
    for cr in requests:
        filed = cr.submitted_at or cr.created_at
        rows.append(
            [
                cr.reference,
                cr.title,
                cr.college.name,
                cr.area.name,
                cr.screen,
                cr.field_label,
                cr.get_status_display(),
                cr.support_count,
                ", ".join(tag.name for tag in cr.tags.all()),
                timezone.localtime(filed).date(),
                request.build_absolute_uri(cr.get_absolute_url()),
            ]
        )
    return rows


def board_export(request, fmt: str = "csv"):
    """The board as a file, with the filters of the page (every page, not only the first)."""
    _form, filters = board_filters(request)
    return exports.download(
        board_rows(request, selectors.board_requests(**filters)),
        filename="demandes-evolution",
        fmt=fmt,
        title=_("Demandes d'évolution"),
    )


def detail(request, pk: int):
    change_request = selectors.access_request(request.user, pk)
    user = request.user
    viewer = selectors.request_viewer(user, change_request)
    road_index = (
        MAIN_ROAD.index(change_request.status) if change_request.status in MAIN_ROAD else None
    )
    return render(
        request,
        "proposals/detail.html",
        {
            # The request, its position and its IPM item may share a title: each says what it is.
            "page_title": _("Demande %(reference)s : %(title)s")
            % {"reference": change_request.reference, "title": change_request.title},
            "cr": change_request,
            "positions": [
                p for p in change_request.positions.all() if rules.can_view_position(user, p)
            ],
            **viewer,
            "steps": [REQUESTS[name] for name in viewer["steps"]],
            "road": MAIN_ROAD,
            "road_index": road_index,
        },
    )


@login_required
@throttle("change_request")
def create(request):
    if not rules.can_file_request(request.user):
        return render(
            request,
            "proposals/not_member.html",
            {"page_title": _("Déposer une demande d'évolution")},
            status=403,
        )
    initial = {}
    thread_param = request.GET.get("thread", "")
    source_thread = None
    if thread_param:
        source_thread = readable_thread(
            request.user, int(thread_param) if thread_param.isdigit() else None
        )
        if source_thread is None:
            messages.warning(request, THREAD_NOT_READABLE)
        else:
            initial["source_thread_id"] = source_thread.pk
            if rules.can_file_in_college(request.user, source_thread.college):
                initial["college"] = source_thread.college.pk
    form = ChangeRequestForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            change_request = services.create_request(
                author=request.user,
                **form.request_fields(),
                submit=request.POST.get("action") != "draft",
            )
            if change_request.status == "draft":
                messages.success(
                    request, _("Votre brouillon est enregistré. Déposez-le quand il est prêt.")
                )
            else:
                messages.success(
                    request,
                    _(
                        "Votre demande est déposée. Les membres du collège peuvent maintenant la soutenir."
                    ),
                )
            return redirect(change_request)
    if request.method == "POST" and not form.is_valid() and request.FILES:
        messages.info(request, _("Pour votre sécurité, joignez à nouveau vos captures d'écran."))
    return render(
        request,
        "proposals/form.html",
        {
            "page_title": _("Déposer une demande d'évolution"),
            "form": form,
            "source_thread": source_thread,
            # A refused submission shows, without the script, what the script would have.
            "similar": selectors.similar_requests(request.POST.get("title", ""))
            if request.method == "POST"
            else [],
        },
        status=200 if not form.errors else 400,
    )


def _act(request, pk: int, act, success: str):
    change_request = selectors.access_request(request.user, pk)
    with handle_refusal(request):
        act(change_request)
        messages.success(request, success)
    return redirect(change_request)


@require_POST
@login_required
@throttle("support")
def support(request, pk: int):
    return _act(
        request,
        pk,
        lambda cr: services.support_request(request=cr, member=request.user),
        _("Votre soutien est enregistré. Vous serez informé de chaque étape de cette demande."),
    )


@require_POST
@login_required
def follow(request, pk: int):
    return _act(
        request,
        pk,
        lambda cr: services.follow_request(request=cr, user=request.user),
        _("Vous suivez cette demande : vous serez informé de chaque changement d'état."),
    )


@require_POST
@login_required
def unfollow(request, pk: int):
    return _act(
        request,
        pk,
        lambda cr: services.unfollow_request(request=cr, user=request.user),
        _("Vous ne suivez plus cette demande."),
    )


@require_POST
@login_required
def submit(request, pk: int):
    return _act(
        request,
        pk,
        lambda cr: services.submit_request(request=cr, actor=request.user),
        _("Votre demande est déposée."),
    )


@login_required
def withdraw(request, pk: int):
    change_request = selectors.access_request(request.user, pk)
    if refused := gate(request, change_request, "withdraw"):
        return refused
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.withdraw_request(
                request=change_request, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Votre demande est retirée."))
            return redirect(change_request)
    return render(
        request,
        "proposals/confirm.html",
        {
            "page_title": _("Retirer la demande"),
            "document_title": _about_request(_("Retirer la demande"), change_request),
            "cr": change_request,
            "form": form,
            "submit_label": _("Retirer la demande"),
        },
    )


def _run_step(step: str, change_request: ChangeRequest, actor, data: dict):
    reason = data.get("reason", "")
    match step:
        case "open_discussion":
            return services.open_discussion(request=change_request, actor=actor, reason=reason)
        case "reopen":
            return services.reopen_discussion(request=change_request, actor=actor, reason=reason)
        case "escalate":
            return services.escalate(change_request, data["cycle_label"], actor, reason)
        case "start_instruction":
            return services.start_instruction(change_request, actor, reason)
        case "accept" | "reject" | "postpone":
            return services.arbitrate(
                change_request, step, actor, reason, data.get("target_release", "")
            )
        case "plan":
            return services.plan_release(change_request, data["target_release"], actor, reason)
        case "start_pilot":
            return services.start_pilot(change_request, actor, reason)
        case "deliver":
            return services.deliver(change_request, actor, reason)
    raise Http404


@login_required
def step(request, pk: int, step: str):
    if step not in FACILITATOR_STEPS + IPM_STEPS:
        raise Http404
    change_request = selectors.access_request(request.user, pk)
    if refused := gate(request, change_request, step):
        return refused
    form = StepForm(request.POST or None, step=step)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            _run_step(step, change_request, request.user, form.cleaned_data)
            messages.success(
                request,
                _(
                    "L'étape est enregistrée et les personnes qui suivent la demande sont informées."
                ),
            )
            return redirect(change_request)
    label = REQUESTS[step].label
    return render(
        request,
        "proposals/confirm.html",
        {
            "page_title": label[:1].upper() + label[1:],
            "document_title": _about_request(label[:1].upper() + label[1:], change_request),
            "cr": change_request,
            "form": form,
            "submit_label": _("Enregistrer"),
        },
    )


@login_required
def merge(request, pk: int):
    duplicate = selectors.access_request(request.user, pk)
    if refused := gate(request, duplicate, "merge"):
        return refused
    form = MergeForm(request.POST or None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            survivor = services.merge_request(
                duplicate=duplicate,
                into=form.cleaned_data["into"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("Le doublon est fusionné : ses soutiens et ses abonnés sont reportés ici."),
            )
            return redirect(survivor)
    return render(
        request,
        "proposals/confirm.html",
        {
            "page_title": _("Fusionner un doublon"),
            "document_title": _about_request(_("Fusionner un doublon"), duplicate),
            "cr": duplicate,
            "form": form,
            "submit_label": _("Fusionner"),
        },
    )


@login_required
def position_create(request):
    college = None
    origin = None
    request_id = request.GET.get("request", "")
    if request_id.isdigit():
        origin = get_object_or_404(ChangeRequest, pk=int(request_id))
        college = origin.college
    slug = request.GET.get("college")
    if slug:
        college = get_object_or_404(College, slug=slug)
    if college is None:
        raise Http404
    if not rules.can_build_position(request.user, college):
        raise PermissionDenied
    initial = {"requests": [origin.pk] if origin else []}
    thread_param = request.GET.get("thread", "")
    source_thread = readable_thread(
        request.user, int(thread_param) if thread_param.isdigit() else None
    )
    if source_thread is not None:
        initial["source_thread_id"] = source_thread.pk
    if origin:
        initial["title"] = origin.title
    form = PositionForm(request.POST or None, college=college, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with handle_refusal(request, form):
            position = services.build_position(
                college=college,
                title=data["title"],
                body=data["body"],
                requests=list(data["requests"]),
                actor=request.user,
                thread_conclusions=data["thread_conclusions"],
                source_thread=data["source_thread_id"],
            )
            messages.success(
                request, _("La position est enregistrée. Relisez-la avant de la soumettre au vote.")
            )
            return redirect(position)
    return render(
        request,
        "proposals/position_form.html",
        {"page_title": _("Rédiger une position du collège"), "form": form, "college": college},
    )


def position_detail(request, pk: int):
    try:
        position = selectors.position_detail(pk)
    except Position.DoesNotExist as error:
        raise Http404 from error
    if not rules.can_view_position(request.user, position):
        raise Http404
    return render(
        request,
        "proposals/position_detail.html",
        {
            "page_title": _("Position : %(title)s") % {"title": position.title},
            "position": position,
            "can_put_to_vote": POSITIONS.can(request.user, position, "put_to_vote"),
            "can_escalate": POSITIONS.can(request.user, position, "escalate"),
        },
    )


@login_required
def position_put_to_vote(request, pk: int):
    """The facilitator chooses when the ballot opens and closes, and its rules; the ballot is
    opened by votes' service and the position goes to vote in the same transaction."""
    position = get_object_or_404(Position.objects.select_related("college"), pk=pk)
    # Permission first: a plain member gets a 403, not an invitation to set up two-factor.
    if not POSITIONS.may(request.user, position, "put_to_vote"):
        raise PermissionDenied
    return _position_ballot(request, position)


def _position_ballot(request, position: Position):
    if refused := gate(request, position, "put_to_vote"):
        return refused
    form = PositionBallotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with handle_refusal(request, form):
            position = services.open_position_ballot(
                position=position,
                actor=request.user,
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                description=data["description"],
                secret=data["secret"],
                allow_change=data["allow_change"],
                quorum_percent=data["quorum_percent"],
                majority=data["majority"],
                abstentions_count=data["abstentions_count"],
            )
            messages.success(
                request, _("La position est soumise au vote du collège : le scrutin est ouvert.")
            )
            return redirect(position)
    return render(
        request,
        "proposals/position_ballot_form.html",
        {
            "page_title": _("Soumettre la position au vote"),
            "document_title": f"{_('Soumettre la position au vote')} — {position.title}",
            "position": position,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def screenshot(request, pk: int):
    shot = get_object_or_404(Screenshot.objects.select_related("request__college"), pk=pk)
    if not rules.can_view_request(request.user, shot.request):
        raise Http404
    try:
        handle = shot.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    extension = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}.get(
        shot.content_type, "bin"
    )
    response = FileResponse(
        handle, content_type=shot.content_type, filename=f"capture-{shot.pk}.{extension}"
    )
    response["Content-Disposition"] = f'inline; filename="capture-{shot.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def similar(request):
    """The filed requests closest to the title being typed (a fragment for the form's script)."""
    return render(
        request,
        "proposals/_similar.html",
        {"similar": selectors.similar_requests(request.GET.get("title", ""))},
    )


@login_required
def mine(request):
    return render(
        request,
        "proposals/mine.html",
        {
            "page_title": _("Mes demandes"),
            "authored": selectors.my_requests(request.user),
            "supported": selectors.my_supported_requests(request.user),
            "notifications": selectors.my_notifications(request.user),
            "road": MAIN_ROAD,
        },
    )
