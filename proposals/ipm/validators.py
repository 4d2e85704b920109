"""Checks on documents attached to working-group meetings: the content decides, not the name."""

import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from club.core.images import image_problem

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024

# extension → (content type, how to recognise the content)
ACCEPTED = {
    ".pdf": "application/pdf",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
}


def _sniff(upload, extension: str) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-")
    if extension == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension in (".odt", ".ods", ".docx", ".xlsx"):
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
                if extension in (".odt", ".ods"):
                    return archive.read("mimetype").decode() == ACCEPTED[extension]
                return "[Content_Types].xml" in names
        except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
            return False
        finally:
            upload.seek(0)
    if extension in (".txt", ".csv"):
        try:
            upload.read(MAX_DOCUMENT_SIZE).decode("utf-8")
        except UnicodeDecodeError:
            return False
        finally:
            upload.seek(0)
        return b"\x00" not in head
    return False


def check_document(upload):
    """Refuse what is too big or not what its name says; record the checked content type."""
    if upload.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            _("Le document dépasse 10 Mo : réduisez-le ou découpez-le."), code="too_big"
        )
    if upload.size == 0:
        raise ValidationError(_("Le document est vide."), code="empty")
    extension = Path(upload.name or "").suffix.lower()
    if extension not in ACCEPTED or not _sniff(upload, extension):
        raise ValidationError(
            _(
                "Format non accepté : joignez un PDF, un document OpenDocument ou Office, "
                "une image PNG ou JPEG, ou un fichier texte."
            ),
            code="bad_type",
        )
    if ACCEPTED[extension].startswith("image/"):
        problem = image_problem(upload, upload.name)
        if problem:
            raise ValidationError(problem, code="image_size")
    upload.checked_content_type = ACCEPTED[extension]
    return upload
