from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from club.core.audit.forms import AuditSearchForm
from club.core.audit.models import AuditEntry
from club.core.audit.selectors import search_entries

PAGE_SIZE = 50


@login_required
@permission_required("audit.view_log", raise_exception=True)
def index(request):
    form = AuditSearchForm(request.GET or None)
    if form.is_bound and form.is_valid():
        entries = search_entries(**form.cleaned_data)
    elif form.is_bound:
        entries = AuditEntry.objects.none()
    else:
        entries = search_entries()
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/index.html",
        {"page_title": _("Journal d'audit"), "form": form, "page_obj": page},
    )
