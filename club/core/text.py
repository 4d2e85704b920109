"""Text that people type, made safe to show anywhere: one place for it.

Unicode's bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and the others with the
Bidi_Control property) reorder the characters around them: a thread titled
"facture\u202efdp.exe" reads "factureexe.pdf" in a list, a <title> or an e-mail subject, where
no markup can isolate it. Right-to-left scripts display correctly without them, so they are
removed from every text input (club.core.middleware.BidiControlsMiddleware) and from e-mail
subjects built from stored text.
"""

import re

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# The same characters written as JSON escapes (\u202e, \u202E...).
BIDI_ESCAPES = re.compile(r"\\u(?:061[cC]|200[eEfF]|202[a-eA-E]|206[6-9])")


def strip_bidi_controls(text: str) -> str:
    return _BIDI.sub("", text) if text else text


def has_bidi_controls(text: str) -> bool:
    return bool(_BIDI.search(text))


def strip_bidi_everywhere(value):
    """The same JSON-like value with the controls removed from every string, keys included."""
    if isinstance(value, str):
        return strip_bidi_controls(value)
    if isinstance(value, list):
        return [strip_bidi_everywhere(item) for item in value]
    if isinstance(value, dict):
        return {strip_bidi_everywhere(k): strip_bidi_everywhere(v) for k, v in value.items()}
    return value


_ORDERED = re.compile(r"^\s*(\d{1,3})[.)]\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")


def _line_kind(line: str) -> tuple[str, int, str]:
    """("ol", number, text), ("ul", 0, text) or ("p", 0, text) for one line."""
    if ordered := _ORDERED.match(line):
        return "ol", int(ordered.group(1)), ordered.group(2)
    if bullet := _BULLET.match(line):
        return "ul", 0, bullet.group(1)
    return "p", 0, line.strip()


def _group_html(kind: str, group: list[tuple[int, str]]) -> str:
    if kind == "p":
        return "<p>" + "<br>".join(text for _n, text in group) + "</p>"
    start = group[0][0]
    attr = f' start="{start}"' if kind == "ol" and start != 1 else ""
    return f"<{kind}{attr}>" + "".join(f"<li>{text}</li>" for _n, text in group) + f"</{kind}>"


def text_blocks(text: str) -> str:
    """Plain text typed by staff (a charter) as HTML paragraphs and lists (RGAA 9.3): lines
    « 1. … » make an ordered list, lines « - … » a bulleted one, the other lines paragraphs
    (one per blank-line-separated block). Everything is escaped; returns safe HTML."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    html: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        kind, group = None, []
        for line in block.split("\n"):
            if not line.strip():
                continue
            line_kind, number, content = _line_kind(line)
            if line_kind != kind and group:
                html.append(_group_html(kind, group))
                group = []
            kind = line_kind
            group.append((number, escape(content)))
        if group:
            html.append(_group_html(kind, group))
    return mark_safe("".join(html))
