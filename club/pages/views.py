from django.http import Http404
from django.shortcuts import redirect

from club.pages.models import FaqPage, NewsIndexPage


def _serve_or_redirect(request, model):
    """A menu entry for a Wagtail page. When the page's slug is this URL, this route shadows
    Wagtail's, so serve the page from here; otherwise send the reader to where it lives."""
    page = model.objects.live().public().first()
    if page is None:
        raise Http404
    if page.get_url(request) == request.path:
        return page.specific.serve(request)
    return redirect(page.get_url(request))


def news(request):
    return _serve_or_redirect(request, NewsIndexPage)


def faq(request):
    return _serve_or_redirect(request, FaqPage)
