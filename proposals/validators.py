"""Checks on what members send: screenshots by their content, tags by their characters."""

import re

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from club.core.images import image_problem

SCREENSHOT_MAX_BYTES = 3 * 1024 * 1024
SCREENSHOT_MAX_COUNT = 5

# Content types by the file's first bytes, never by its name or the browser's word.
SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)


def sniff_image(head: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp", ".webp"
    return None


def check_screenshot(upload) -> None:
    """Accept a PNG, JPEG or WebP image under the size limit; tag it with its true type."""
    if upload.size > SCREENSHOT_MAX_BYTES:
        raise ValidationError(
            _("« %(name)s » pèse %(size)s : la limite est de %(limit)s par capture.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(SCREENSHOT_MAX_BYTES),
            },
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_image(head)
    if kind is None:
        raise ValidationError(
            _("« %(name)s » n'est pas une image PNG, JPEG ou WebP.") % {"name": upload.name},
            code="wrong_type",
        )
    problem = image_problem(upload, upload.name)
    if problem:
        raise ValidationError(problem, code="image_size")
    upload.checked_content_type, extension = kind
    # The stored name is random anyway; the extension follows the real content.
    upload.name = "capture" + extension


# Letters (any alphabet), digits, spaces, hyphens and apostrophes.
TAG_PATTERN = re.compile(r"^(?:[^\W_]|[ '’-])+$")
TAG_MAX_LENGTH = 50


def check_tag(tag: str) -> None:
    if not TAG_PATTERN.match(tag):
        raise ValidationError(
            _(
                "Le mot-clé « %(tag)s » contient des caractères non autorisés : utilisez seulement "
                "des lettres, des chiffres, des espaces, des tirets et des apostrophes."
            )
            % {"tag": tag},
            code="tag_characters",
        )
    if len(tag) > TAG_MAX_LENGTH:
        raise ValidationError(
            _("Le mot-clé « %(tag)s » est trop long (%(max)s caractères au plus).")
            % {"tag": tag[:20] + "…", "max": TAG_MAX_LENGTH},
            code="tag_length",
        )
