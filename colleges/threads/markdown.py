"""Markdown written by members, turned into HTML that cannot hurt its readers.

Markdown first, then nh3 (ammonia) with a short allow-list: no script or style, no event
handler attributes, links only to http(s) and mailto, and images only when they point at an
attachment of the same thread (no remote images: they would track readers).
"""

import re
from html import escape

import markdown
import nh3

MAX_BODY_LENGTH = 20_000

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "img", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_DEEP_QUOTES = re.compile(r"^((?:[ \t]*>){5})(?:[ \t]*>)+", re.MULTILINE)


MAX_BRACKETS_PER_PARAGRAPH = 40


def _defuse_brackets(text: str) -> str:
    """Python-Markdown's inline parser is quadratic in the "[" and "<" of a paragraph (20,000
    of them take minutes). Past a few dozen, a paragraph gets them as entities: shown the
    same, parsed as plain text."""
    paragraphs = re.split(r"(\n\s*\n)", text)
    return "".join(
        part.replace("[", "&#91;").replace("]", "&#93;").replace("<", "&lt;")
        if part.count("[") > MAX_BRACKETS_PER_PARAGRAPH
        or part.count("<") > MAX_BRACKETS_PER_PARAGRAPH
        else part
        for part in paragraphs
    )


def _attachment_src(thread_id: int | None) -> re.Pattern:
    return re.compile(rf"^(/[a-z]{{2}})?/colleges/fils/{thread_id}/pieces/[A-Za-z0-9_-]+/$")


def render_markdown(text: str, *, thread_id: int | None = None) -> str:
    """Safe HTML for `text`. Images survive only if they are attachments of `thread_id`."""
    text = (text or "")[:MAX_BODY_LENGTH]
    # Quotes nested deeper than five levels add nothing but work for the parser and browser.
    text = _DEEP_QUOTES.sub(r"\1", text)
    text = _defuse_brackets(text)
    try:
        html = markdown.markdown(
            text,
            extensions=["fenced_code", "tables", "sane_lists", "nl2br"],
            output_format="html",
        )
    except RecursionError:
        # Pathological nesting (thousands of ">"): show the text as typed rather than fail.
        html = f"<p>{escape(text)}</p>"
    # Headings h1/h2 would break the page outline: demote them.
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    allowed_src = _attachment_src(thread_id)

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return value if thread_id is not None and allowed_src.match(value) else None
        return value

    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        attribute_filter=keep,
        strip_comments=True,
    )
    # An image without an allowed source is dropped entirely, alt text kept as plain text.
    return re.sub(
        r"<img(?![^>]*\ssrc=)([^>]*?)\salt=\"([^\"]*)\"[^>]*>|<img(?![^>]*\ssrc=)[^>]*>",
        lambda m: m.group(2) or "",
        cleaned,
    )
