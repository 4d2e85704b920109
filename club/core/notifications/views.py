from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from dsfr.utils import list_pages

from club.core.notifications import emails, rules, selectors, services
from club.core.notifications.forms import AnnouncementForm, NewsletterForm, PreferencesForm
from club.core.notifications.kinds import KINDS
from club.core.notifications.models import Newsletter, Notification
from club.core.views import handle_refusal
from colleges.models import College, FacilitatorRole

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
        emails.turn_off(person, kinds)
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


# --- Announcements ---------------------------------------------------------------------------


def _audiences(user) -> list[tuple[str, str]]:
    audiences = []
    if user.is_staff:
        audiences.append(("all", _("Tous les membres du club")))
        colleges = College.objects.all()
    else:
        colleges = College.objects.filter(
            pk__in=FacilitatorRole.objects.current().filter(user=user).values("college_id")
        )
    audiences += [
        (str(college.pk), _("Collège « %(name)s »") % {"name": college.name})
        for college in colleges
    ]
    return audiences


@login_required
def announcement_list(request):
    page = Paginator(selectors.announcements_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    list_pages(page)
    return render(
        request,
        "notifications/announcements.html",
        {
            "page_title": _("Annonces"),
            "page_obj": page,
            "announcements": page.object_list,
            "can_announce": rules.can_announce(request.user),
        },
    )


@login_required
def announcement_detail(request, pk: int):
    announcement = selectors.announcements_for(request.user).filter(pk=pk).first()
    if announcement is None:
        raise Http404
    return render(
        request,
        "notifications/announcement.html",
        {"page_title": announcement.title, "announcement": announcement},
    )


@login_required
def announcement_create(request):
    if not rules.can_announce(request.user):
        raise PermissionDenied
    audiences = _audiences(request.user)
    form = AnnouncementForm(request.POST or None, audiences=audiences)
    if request.method == "POST" and form.is_valid():
        audience = form.cleaned_data["audience"]
        college = None if audience == "all" else College.objects.get(pk=int(audience))
        with handle_refusal(request, form):
            announcement = services.publish_announcement(
                author=request.user,
                college=college,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
            messages.success(
                request,
                _("Annonce envoyée à %(count)s personne(s).")
                % {"count": announcement.recipient_count},
            )
            return redirect(announcement.get_absolute_url())
    return render(
        request,
        "notifications/announcement_form.html",
        {"page_title": _("Nouvelle annonce"), "form": form},
    )


# --- Newsletter ------------------------------------------------------------------------------


@login_required
def newsletter_list(request):
    if not rules.can_send_newsletter(request.user):
        raise PermissionDenied
    page = Paginator(Newsletter.objects.select_related("created_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    list_pages(page)
    return render(
        request,
        "notifications/newsletters.html",
        {"page_title": _("Lettres d'information"), "page_obj": page, "letters": page.object_list},
    )


@login_required
def newsletter_detail(request, pk: int):
    """A sent letter: its readers are the members who opted in, and staff."""
    letter = get_object_or_404(Newsletter, pk=pk)
    if not (
        rules.can_send_newsletter(request.user)
        or Notification.objects.filter(
            recipient=request.user, kind="newsletter", url=letter.get_absolute_url()
        ).exists()
    ):
        raise Http404
    return render(
        request, "notifications/newsletter.html", {"page_title": letter.title, "letter": letter}
    )


@login_required
def newsletter_create(request):
    """Compose, preview (what was published since the last letter), then send."""
    if not rules.can_send_newsletter(request.user):
        raise PermissionDenied
    since = selectors.newsletter_since()
    content = selectors.newsletter_content(since)
    form = NewsletterForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and request.POST.get("send"):
        with handle_refusal(request, form):
            letter = services.send_newsletter(
                actor=request.user,
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
            )
            messages.success(
                request,
                _("Lettre envoyée à %(count)s membre(s) inscrit(s).")
                % {"count": letter.recipient_count},
            )
            return redirect(letter.get_absolute_url())
    return render(
        request,
        "notifications/newsletter_form.html",
        {
            "page_title": _("Nouvelle lettre d'information"),
            "form": form,
            "since": since,
            "content": content,
            "preview": content.as_text(),
            "previewing": request.method == "POST",
        },
    )
