"""Moderation acts go to the club's audit log as well as the moderation log."""

import pytest

from club.core.audit.models import AuditEntry
from club.core.domain import DomainError
from colleges.threads import services
from tests.threads.factories import make_theme


def test_hide_restore_lock_and_move_are_audited(thread, facilitator, college):
    post = thread.posts.first()
    services.hide_post(post=post, actor=facilitator, reason="Données d'un client")
    services.unhide_post(post=post, actor=facilitator)
    services.set_thread_flag(thread=thread, actor=facilitator, action="lock", reason="Clos")
    other = make_theme(college, facilitator, title="Autre thème")
    services.move_thread(thread=thread, actor=facilitator, theme=other)
    entries = {e.action: e for e in AuditEntry.objects.filter(actor=facilitator)}
    assert {"post.hidden", "post.restored", "thread.locked", "thread.moved"} <= set(entries)
    hidden = entries["post.hidden"]
    assert hidden.target_id == str(post.pk) and hidden.reason == "Données d'un client"
    assert entries["thread.moved"].after["theme"] == other.pk


def test_a_refused_moderation_leaves_no_audit_entry(thread, outsider):
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError):
        services.set_thread_flag(thread=thread, actor=outsider, action="pin")
    assert AuditEntry.objects.count() == before
