"""Consents, and the person's rights over their data: export (portability) and erasure."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from club.core.audit.services import record
from club.core.domain import ensure
from club.core.gdpr import registry
from club.core.gdpr.models import ConsentRecord


def record_consent(*, user, document: str, version: str, reference: str = "") -> ConsentRecord:
    """Log that `user` accepted `document` at `version`, now."""
    return ConsentRecord.objects.create(
        user=user, document=document, version=version, reference=reference
    )


def record_privacy_consent(*, user) -> ConsentRecord:
    return record_consent(
        user=user,
        document=ConsentRecord.Document.PRIVACY_NOTICE,
        version=settings.PRIVACY_NOTICE_VERSION,
    )


@transaction.atomic
def export_personal_data(*, user) -> dict:
    """Everything the registered apps hold about `user`, one section per app."""
    sections = registry.sections()
    data = {
        "exporte_le": timezone.now().isoformat(),
        "sections": {section.name: section.exporter(user) for section in sections},
    }
    record(
        actor=user,
        action="personal_data.exported",
        target=user,
        after={"sections": [section.name for section in sections]},
    )
    return data


@transaction.atomic
def erase_account(*, user, password: str) -> None:
    """Erase the person's data, after checking their password. All of it, or nothing.

    Rows others rely on (memberships, applications, posts, votes) stay, anonymised or unlinked
    by each app's eraser; the account stays as an inactive shell shown as "Membre supprimé".
    """
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    ensure(not user.is_erased, _("Ce compte a déjà été supprimé."), code="already_erased")
    ensure(
        user.has_usable_password() and user.check_password(password or ""),
        _("Mot de passe incorrect : votre compte n'a pas été supprimé."),
        code="wrong_password",
    )
    sections = [section for section in registry.sections() if section.eraser]
    for section in sections:
        section.eraser(user)
    # Recorded once anonymised: the entry names a "Membre supprimé", never the person.
    record(
        actor=user,
        action="personal_data.erased",
        target=user,
        after={"sections": [section.name for section in sections]},
        reason=_("Effacement demandé par la personne"),
    )
