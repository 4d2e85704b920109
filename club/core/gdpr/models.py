from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    """A person's consent to a document at a given version (privacy notice, college charter)."""

    class Document(models.TextChoices):
        PRIVACY_NOTICE = "privacy_notice", _("Notice de données personnelles")
        CHARTER = "charter", _("Charte d'usage d'un collège")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    document = models.CharField(_("document"), max_length=30, choices=Document.choices)
    reference = models.CharField(_("référence"), max_length=100, blank=True)
    version = models.CharField(_("version"), max_length=20)
    given_at = models.DateTimeField(_("donné le"), default=timezone.now)

    class Meta:
        verbose_name = _("consentement")
        verbose_name_plural = _("consentements")
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.get_document_display()} v{self.version}"
