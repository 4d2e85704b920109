"""Snippets shown under each result: escaped text where only <mark> survives."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from club.core.folding import fold

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
    # Found in the folded text (accents, case, apostrophes ignored), marked in the original:
    # folding keeps one character for one, so the positions are the same.
    folded = fold(text)
    needles = sorted({part for w in words for part in fold(w).split()}, key=len, reverse=True)
    found = [folded.find(needle) for needle in needles if folded.find(needle) >= 0]
    start = max(min(found) - width // 3, 0) if found else 0
    end = start + width
    marked = [False] * len(text)
    for needle in needles:
        for hit in re.finditer(re.escape(needle), folded[start:end]):
            for index in range(start + hit.start(), start + hit.end()):
                marked[index] = True
    pieces, inside = [], False
    for index in range(start, min(end, len(text))):
        if marked[index] != inside:
            pieces.append(START if marked[index] else STOP)
            inside = marked[index]
        pieces.append(text[index])
    if inside:
        pieces.append(STOP)
    window = "".join(pieces)
    if start > 0:
        window = "… " + window
    if end < len(text):
        window += " …"
    return sanitise_headline(window)
