"""Announcements and newsletters: thin views over `services` and `selectors`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from dsfr.utils import list_pages

from club.announcements import rules, selectors, services
from club.announcements.forms import AnnouncementForm, NewsletterForm
from club.announcements.models import Newsletter
from club.announcements.notifications import NEWSLETTER
from club.core.notifications.models import Notification
from club.core.views import handle_refusal
from colleges.models import College

PAGE_SIZE = 20


@login_required
def announcement_list(request):
    page = Paginator(selectors.announcements_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    list_pages(page)
    return render(
        request,
        "announcements/announcements.html",
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
        "announcements/announcement.html",
        {"page_title": announcement.title, "announcement": announcement},
    )


@login_required
def announcement_create(request):
    if not rules.can_announce(request.user):
        raise PermissionDenied
    audiences = selectors.audiences_for(request.user)
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
        "announcements/announcement_form.html",
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
        "announcements/newsletters.html",
        {"page_title": _("Lettres d'information"), "page_obj": page, "letters": page.object_list},
    )


@login_required
def newsletter_detail(request, pk: int):
    """A sent letter: its readers are the members who opted in, and staff."""
    letter = get_object_or_404(Newsletter, pk=pk)
    if not (
        rules.can_send_newsletter(request.user)
        or Notification.objects.filter(
            recipient=request.user, kind=NEWSLETTER, url=letter.get_absolute_url()
        ).exists()
    ):
        raise Http404
    return render(
        request, "announcements/newsletter.html", {"page_title": letter.title, "letter": letter}
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
        "announcements/newsletter_form.html",
        {
            "page_title": _("Nouvelle lettre d'information"),
            "form": form,
            "since": since,
            "content": content,
            "preview": content.as_text(),
            "previewing": request.method == "POST",
        },
    )
