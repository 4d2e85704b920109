"""Announcements and newsletters: thin views over `services` and `selectors`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from dsfr.utils import list_pages

from club.announcements import rules, selectors, services
from club.announcements.forms import AnnouncementForm, NewsletterForm
from club.announcements.models import Newsletter
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
    """The archive every member may read, with the subscription beside it."""
    page = Paginator(Newsletter.objects.select_related("created_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    list_pages(page)
    return render(
        request,
        "announcements/newsletters.html",
        {
            "page_title": _("Lettres d'information"),
            "page_obj": page,
            "letters": page.object_list,
            "can_prepare": rules.can_send_newsletter(request.user),
            "subscribed": selectors.subscribed_to_newsletter(request.user),
        },
    )


@login_required
def newsletter_detail(request, pk: int):
    letter = get_object_or_404(Newsletter, pk=pk)
    return render(
        request,
        "announcements/newsletter.html",
        {
            "page_title": letter.title,
            "letter": letter,
            "sections": selectors.letter_sections(letter),
            "subscribed": selectors.subscribed_to_newsletter(request.user),
        },
    )


@require_POST
@login_required
def newsletter_subscription(request):
    subscribed = request.POST.get("subscribed") == "1"
    services.subscribe_to_newsletter(user=request.user, subscribed=subscribed)
    messages.success(
        request,
        _("Vous recevrez chaque lettre d'information par courriel.")
        if subscribed
        else _("Vous ne recevrez plus la lettre d'information par courriel."),
    )
    # Back to the letter the member was reading, or to the archive.
    letter = Newsletter.objects.filter(pk=_int_or_none(request.POST.get("letter"))).first()
    return redirect(letter.get_absolute_url() if letter else reverse("announcements:newsletters"))


def _int_or_none(text):
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 19 else None


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
                ngettext(
                    "Lettre envoyée à %(count)s membre inscrit.",
                    "Lettre envoyée à %(count)s membres inscrits.",
                    letter.recipient_count,
                )
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
