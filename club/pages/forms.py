"""The Wagtail document form, with the content of each upload checked, not only its name."""

from wagtail.documents.forms import BaseDocumentForm

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
