from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from dsfr.utils import list_pages

from club.core.notifications import emails, selectors, services
from club.core.notifications.forms import PreferencesForm
from club.core.notifications.kinds import KINDS
from club.core.notifications.models import Notification

PAGE_SIZE = 20


@login_required
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    list_pages(page)
    return render(
        request,
        "notifications/list.html",
        {
            "page_title": _("Mes notifications"),
            "page_obj": page,
            "notices": page.object_list,
            "unread": services.unread_count(request.user),
        },
    )


@require_POST
@login_required
def mark_read(request):
    if request.POST.get("all"):
        count = services.mark_all_read(request.user)
    else:
        ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
        count = services.mark_read(request.user, ids)
    if count:
        messages.success(
            request, _("%(count)s notification(s) marquée(s) comme lue(s).") % {"count": count}
        )
    else:
        messages.info(request, _("Aucune notification non lue à marquer."))
    return redirect("notifications:list")


@require_POST
@login_required
def open_notice(request, pk: int):
    """Mark the notice read, then go where it points (only within this site)."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(request.user, [notice.pk])
    target = notice.url or ""
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return redirect("notifications:list")
    return redirect(target)


@login_required
def preferences(request):
    current = services.preferences_of(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.set_preferences(user=request.user, modes=form.cleaned_data)
            messages.success(request, _("Vos choix de courriels sont enregistrés."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(initial=current)
    fixed = [kind for kind in KINDS.values() if not kind.can_disable]
    return render(
        request,
        "notifications/preferences.html",
        {"page_title": _("Mes choix de notifications"), "form": form, "fixed": fixed},
    )


@csrf_exempt
def unsubscribe(request, token: str):
    """The link in every e-mail: no sign-in needed, the signed token names person and kinds.

    GET shows one confirmation button; POST (that button, or a mail client's RFC 8058 one-click
    request, which carries no CSRF token) turns the e-mails off.
    """
    try:
        user_id, kinds = emails.read_unsubscribe_token(token)
        person = get_user_model().objects.get(pk=user_id, is_active=True)
    except (signing.BadSignature, KeyError, ValueError, TypeError, get_user_model().DoesNotExist):
        return render(
            request,
            "notifications/unsubscribe.html",
            {"page_title": _("Lien de désabonnement invalide"), "invalid": True},
            status=400,
        )
    labels = [KINDS[kind].label for kind in kinds]
    if request.method == "POST":
        services.turn_off(person, kinds)
        return render(
            request,
            "notifications/unsubscribe.html",
            {"page_title": _("Désabonnement confirmé"), "done": True, "labels": labels},
        )
    return render(
        request,
        "notifications/unsubscribe.html",
        {"page_title": _("Se désabonner"), "labels": labels, "email": person.email},
    )
