"""Whitepapers made the way staff make them: pages added under the index, then published."""

from datetime import timedelta

from django.utils import timezone

from club.pages.models import HomePage
from whitepapers import services
from whitepapers.models import WhitepaperIndexPage, WhitepaperPage


def body(text="Le format Factur-X associe un PDF lisible et un fichier XML structuré."):
    return [
        {"type": "heading", "value": {"text": "Contexte", "level": "h2"}},
        {"type": "paragraph", "value": f"<p>{text}</p>"},
        {
            "type": "table",
            "value": {
                "caption": "Formats",
                "header": ["Format", "Syntaxe"],
                "rows": [["UBL", "XML"], ["CII", "XML"]],
            },
        },
        {
            "type": "quote",
            "value": {"text": "Un format, des usages.", "author": "Un membre", "source": ""},
        },
        {
            "type": "callout",
            "value": {"title": "À retenir", "text": "EN 16931 est la norme sémantique."},
        },
    ]


def index_page(slug="livres-blancs") -> WhitepaperIndexPage:
    existing = WhitepaperIndexPage.objects.first()
    if existing:
        return existing
    home = HomePage.objects.get(depth=2)
    index = WhitepaperIndexPage(title="Livres blancs", slug=slug)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def draft_whitepaper(
    *, title="Choisir son format", colleges=(), contributors=(), tags=(), **fields
):
    index = index_page()
    page = WhitepaperPage(
        title=title,
        summary=fields.pop("summary", f"Résumé de {title}"),
        body=fields.pop("body", body()),
        version=fields.pop("version", "1.0"),
        changelog=fields.pop("changelog", "Première version."),
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    page.colleges.set(colleges)
    page.contributor_users.set(contributors)
    page.tags.set(list(tags))
    page.save_revision()
    return page


def published_whitepaper(staff, **kwargs):
    page = draft_whitepaper(**kwargs)
    services.publish_whitepaper(page=page, actor=staff)
    page.refresh_from_db()
    return page


def new_version(page, staff, *, version, changelog, summary=None):
    draft = page.get_latest_revision_as_object()
    draft.version, draft.changelog = version, changelog
    if summary:
        draft.summary = summary
    draft.save_revision(user=staff)
    services.publish_whitepaper(page=page, actor=staff)
    page.refresh_from_db()
    return page


def open_consultation(page, staff, days=14):
    now = timezone.now()
    return services.open_consultation(
        page=page,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=days),
        actor=staff,
    )
