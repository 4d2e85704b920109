"""The search page: validate, ask the selectors, render. Nothing here decides who reads what."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from dsfr.utils import list_pages

from club.search import selectors
from club.search.forms import SearchForm


def search(request):
    form = SearchForm(request.GET or None)
    criteria = form.criteria()
    context = {"page_title": _("Recherche"), "form": form, "criteria": criteria}
    if criteria is not None:
        outcome, rows = selectors.search(request.user, criteria)
        page = Paginator(selectors.RowPage(rows, outcome.total), selectors.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        list_pages(page)
        query = request.GET.copy()
        query.pop("page", None)
        facets = []
        for key, kind in selectors.KINDS.items():
            facet = query.copy()
            facet["kind"] = key
            facets.append(
                {
                    "key": key,
                    "label": kind.plural,
                    "count": outcome.counts[key],
                    "query": facet.urlencode(),
                    "active": criteria.kind == key,
                }
            )
        everything = query.copy()
        everything.pop("kind", None)
        context.update(
            outcome=outcome,
            page_obj=page,
            results=selectors.results(list(page.object_list), criteria),
            facets=facets,
            all_query=everything.urlencode(),
            page_query=query.urlencode(),
            ranked=selectors.uses_postgres(),
        )
    return render(request, "search/results.html", context)
