"""Small helpers to feed django-dsfr's component tags from templates."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def crumbs(context, current, *pairs):
    """Data for `{% dsfr_breadcrumb %}`: `current` page, then (url, title) pairs of the links
    between home and it; a pair without url is left out. Home follows the page's language."""
    links = [
        {"url": url, "title": title}
        for url, title in zip(pairs[::2], pairs[1::2], strict=True)
        if url
    ]
    return {"links": links, "current": current, "root_dir": context.get("home_url") or "/"}


@register.filter
def text_blocks(text):
    """Plain text as paragraphs and real lists (`club.core.text.text_blocks`), not <br> lines."""
    from club.core.text import text_blocks as render

    return render(text)
