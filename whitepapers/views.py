from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from club.core.views import handle_refusal
from whitepapers import rules, selectors, services
from whitepapers.forms import CommentForm
from whitepapers.models import Consultation, ConsultationComment, WhitepaperIndexPage
from whitepapers.pdf import render_whitepaper_pdf


def index(request):
    """The menu's entry. The Wagtail index page holds the list; when its slug is the same as
    this URL (`livres-blancs`), this route shadows Wagtail's, so serve the page from here."""
    index_page = WhitepaperIndexPage.objects.live().public().first()
    if index_page is None:
        raise Http404
    if index_page.get_url(request) == request.path:
        return index_page.specific.serve(request)
    return redirect(index_page.get_url(request))


def _pdf_response(page, *, revision_id, published_at=None):
    # A published revision never changes: its PDF is made once per language, then cached.
    content = cache.get_or_set(
        f"whitepaper-pdf:{revision_id}:{get_language()}",
        lambda: render_whitepaper_pdf(page, revision_id=revision_id, published_at=published_at),
        timeout=60 * 60 * 24,
    )
    response = HttpResponse(content, content_type="application/pdf")
    filename = f"{slugify(page.title)}-v{slugify(page.version)}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def pdf(request, page_id):
    page = selectors.live_whitepaper(page_id).specific
    return _pdf_response(
        page, revision_id=page.live_revision_id, published_at=page.last_published_at
    )


def _published_version(page_id, revision_id):
    page = selectors.live_whitepaper(page_id)
    revision = selectors.published_revision(page, revision_id)
    versions = {v.revision_id: v for v in selectors.published_versions(page)}
    return page, revision, versions[revision.pk]


def version(request, page_id, revision_id):
    """A past published version, read-only, with a notice saying which version it is."""
    _page, revision, info = _published_version(page_id, revision_id)
    old = revision.as_object()
    request.whitepaper_revision = info
    return old.serve(request)


def version_pdf(request, page_id, revision_id):
    _page, revision, info = _published_version(page_id, revision_id)
    return _pdf_response(
        revision.as_object(), revision_id=revision.pk, published_at=info.published_at
    )


@login_required
def consultation(request, pk):
    consultation = get_object_or_404(Consultation.objects.select_related("page"), pk=pk)
    if not rules.can_read_consultation(request.user, consultation):
        # Say why and what to do, not a bare « Accès refusé ».
        raise PermissionDenied(selectors.consultation_refusal(request.user, consultation))
    draft = consultation.draft
    can_comment = rules.can_comment(request.user, consultation)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        if not can_comment:
            raise PermissionDenied
        if form.is_valid():
            with handle_refusal(request, form):
                services.post_comment(
                    consultation=consultation, author=request.user, body=form.cleaned_data["body"]
                )
                messages.success(
                    request, _("Merci : votre commentaire sera visible après relecture.")
                )
                return redirect("whitepapers:consultation", pk=consultation.pk)
    see_all = rules.can_see_all_comments(request.user, consultation)
    return render(
        request,
        "whitepapers/consultation.html",
        {
            "consultation": consultation,
            "draft": draft,
            "form": form,
            "can_comment": can_comment,
            "can_moderate": rules.can_moderate_comments(request.user, consultation),
            "comments": selectors.consultation_comments(
                consultation, request.user, see_all=see_all
            ),
            "is_open": consultation.is_open(),
            "page_title": _("Consultation : %(title)s") % {"title": draft.title},
        },
    )


@login_required
@require_POST
def moderate_comment(request, pk):
    comment = get_object_or_404(ConsultationComment.objects.select_related("consultation"), pk=pk)
    if not rules.can_moderate_comments(request.user, comment.consultation):
        raise PermissionDenied
    with handle_refusal(request):
        services.moderate_comment(
            comment=comment, actor=request.user, approve=request.POST.get("decision") == "approve"
        )
        messages.success(request, _("Commentaire modéré."))
    return redirect("whitepapers:consultation", pk=comment.consultation_id)
