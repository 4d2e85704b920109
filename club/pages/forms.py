"""Wagtail's document and image forms, with the content of each upload checked, not its name."""

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from club.core.images import image_problem
from proposals.ipm.validators import check_document


class CheckedDocumentForm(BaseDocumentForm):
    """Wagtail only looks at the extension: an HTML page renamed .pdf would be published.

    The working groups' check (proposals.ipm.validators) reads the first bytes instead.
    """

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.original_file and hasattr(upload, "seek"):
            check_document(upload)
        return upload


class CheckedImageForm(BaseImageForm):
    """Wagtail caps the pixel count only; the sides and animations are capped here too, with
    the same limits and message as every other image upload (club/core/images.py)."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload is not self.original_file and hasattr(upload, "seek"):
            problem = image_problem(upload)
            if problem:
                raise ValidationError(problem, code="image_size")
        return upload
