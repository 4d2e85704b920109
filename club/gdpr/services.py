from django.conf import settings

from club.gdpr.models import ConsentRecord


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
