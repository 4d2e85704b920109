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
