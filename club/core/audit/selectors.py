from datetime import date

from django.db.models import Q, QuerySet

from club.core.audit.labels import known_actions
from club.core.audit.models import AuditEntry


def search_entries(
    *,
    action: str = "",
    actor: str = "",
    target: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries matching every given criterion, newest first, ready to list."""
    entries = AuditEntry.objects.select_related("target_type").order_by("-sequence")
    if action:
        # People search by what they read (the label), scripts by the stable code.
        named = [code for code, label in known_actions() if action.casefold() in label.casefold()]
        entries = entries.filter(Q(action__icontains=action) | Q(action__in=named))
    if actor:
        entries = entries.filter(Q(actor_label__icontains=actor) | Q(actor__email__icontains=actor))
    if target:
        query = Q(target_label__icontains=target) | Q(target_type__model__iexact=target)
        if target.isdigit():
            query |= Q(target_id=target)
        entries = entries.filter(query)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    return entries
