"""Cached headcounts follow the memberships: any saved or deleted membership or college drops
them at once (this transaction then recounts) and again once it commits (another request may
have cached the old count in between)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from colleges.models import College, Membership


@receiver([post_save, post_delete], sender=Membership)
@receiver([post_save, post_delete], sender=College)
def _headcounts_changed(sender, **kwargs) -> None:
    from colleges.selectors import forget_headcounts

    forget_headcounts()
    transaction.on_commit(forget_headcounts)
