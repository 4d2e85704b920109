"""Site pages made the way staff make them: added under their parent, then published."""

from datetime import date, timedelta

from club.pages.models import FaqPage, HomePage, NewsArticlePage, NewsIndexPage


def home() -> HomePage:
    return HomePage.objects.get(depth=2)


def news_index(slug="actualites") -> NewsIndexPage:
    existing = NewsIndexPage.objects.first()
    if existing:
        return existing
    index = NewsIndexPage(title="Actualités", slug=slug)
    home().add_child(instance=index)
    index.save_revision().publish()
    return index


def news_article(
    *, title="Le club ouvre ses collèges", days_ago=0, publish=True, tags=(), **fields
):
    index = news_index()
    article = NewsArticlePage(
        title=title,
        date=fields.pop("date", date.today() - timedelta(days=days_ago)),
        intro=fields.pop("intro", f"Chapeau de {title}"),
        body=fields.pop(
            "body",
            [
                {"type": "heading", "value": {"text": "Ce qui change", "level": "h2"}},
                {
                    "type": "paragraph",
                    "value": "<p>Les factures rejetées sont mieux expliquées.</p>",
                },
            ],
        ),
        live=False,
        **fields,
    )
    index.add_child(instance=article)
    article.tags.set(list(tags))
    revision = article.save_revision()
    if publish:
        revision.publish()
        article.refresh_from_db()
    return article


def faq_page(sections) -> FaqPage:
    page = FaqPage(
        title="Questions fréquentes",
        slug="questions-frequentes",
        body=[
            {
                "type": "section",
                "value": {
                    "title": title,
                    "questions": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in items],
                },
            }
            for title, items in sections
        ],
    )
    home().add_child(instance=page)
    page.save_revision().publish()
    return page
