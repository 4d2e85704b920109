"""Snippets shown under each result: escaped text where only <mark> survives."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Private-use characters nobody types: PostgreSQL's ts_headline marks matches with them, and
# only balanced pairs become <mark> once everything else is escaped.
START, STOP = "\ue000", "\ue001"
_PAIR = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


def sanitise_headline(text: str) -> SafeString:
    escaped = escape(text or "")
    marked = _PAIR.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(START, "").replace(STOP, ""))


def excerpt(text: str, words: list[str], *, width: int = 220) -> SafeString:
    """The SQLite fallback: a window of plain text around the first word found, words marked."""
    text = " ".join((text or "").replace(START, "").replace(STOP, "").split())
    lowered = text.lower()
    found = [lowered.find(w.lower()) for w in words if w and lowered.find(w.lower()) >= 0]
    start = max(min(found) - width // 3, 0) if found else 0
    window = text[start : start + width]
    if start > 0:
        window = "… " + window
    if start + width < len(text):
        window += " …"
    for word in sorted({w for w in words if w}, key=len, reverse=True):
        window = re.sub(re.escape(word), lambda m: f"{START}{m.group(0)}{STOP}", window, flags=re.I)
    return sanitise_headline(window)
