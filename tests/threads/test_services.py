"""Rules of themes, threads, posts and moderation, tested on the services."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from club.core.domain import DomainError
from colleges import services as college_services
from colleges.threads import services
from colleges.threads.models import Attachment, ModerationAction, Post, PostVersion, Report, Thread
from tests.threads.factories import (
    fake_png_upload,
    huge_png_upload,
    make_theme,
    make_thread,
    png_upload,
)

pytestmark = pytest.mark.django_db


def test_only_facilitators_and_staff_open_themes(college, member, facilitator, staff):
    with pytest.raises(DomainError):
        services.open_theme(college=college, actor=member, title="Factures de travaux")
    theme = services.open_theme(
        college=college, actor=facilitator, title="Factures de travaux : circuit A4 / A15 / A19"
    )
    assert ModerationAction.objects.get(theme=theme).action == "open_theme"
    with pytest.raises(DomainError, match="déjà ce titre"):
        services.open_theme(
            college=college, actor=staff, title="factures de travaux : circuit a4 / a15 / a19"
        )


def test_members_open_threads_only_when_the_college_allows_it(college, member, theme):
    with pytest.raises(DomainError):
        make_thread(theme, member)
    college.members_may_open_threads = True
    college.save()
    theme.college.refresh_from_db()
    thread = make_thread(theme, member, tags=["SIRET"])
    assert list(thread.tags.names()) == ["SIRET"]
    assert Thread.objects.get(pk=thread.pk).post_count == 1


def test_closed_theme_accepts_no_new_thread(theme, facilitator):
    services.close_theme(theme=theme, actor=facilitator, reason="Position consolidée.")
    with pytest.raises(DomainError, match="clos"):
        make_thread(theme, facilitator)
    services.reopen_theme(theme=theme, actor=facilitator)
    assert make_thread(theme, facilitator).pk


def test_outsider_cannot_post_but_plenary_is_open_to_every_member(
    thread, outsider, plenary, staff, facilitator
):
    with pytest.raises(DomainError):
        services.create_post(thread=thread, author=outsider, body="Intrusion")
    college_services.appoint_facilitator(college=plenary, user=facilitator, actor=staff)
    plenary_theme = make_theme(plenary, facilitator, title="Annuaire des structures publiques")
    plenary_thread = make_thread(plenary_theme, facilitator)
    post = services.create_post(thread=plenary_thread, author=outsider, body="Bonjour à tous")
    assert post.author == outsider


def test_revisions_grow_with_every_visible_change(thread, member, facilitator):
    first = thread.posts.get()
    second = services.create_post(thread=thread, author=member, body="Moi aussi, rejet *motif 4*.")
    assert second.revision == first.revision + 1
    edited = services.edit_post(post=second, actor=member, body="Rejet motif 4 : code service.")
    assert edited.revision == second.revision + 1
    hidden = services.hide_post(post=edited, actor=facilitator, reason="Hors charte")
    assert hidden.revision == edited.revision + 1
    thread.refresh_from_db()
    assert thread.revision == hidden.revision
    assert thread.post_count == 2


def test_edit_keeps_previous_versions_and_closes_after_the_window(thread, member):
    post = services.create_post(thread=thread, author=member, body="Version 1")
    services.edit_post(post=post, actor=member, body="Version 2")
    services.edit_post(post=post, actor=member, body="Version 3")
    assert list(PostVersion.objects.filter(post=post).values_list("body", flat=True)) == [
        "Version 2",
        "Version 1",
    ]
    assert Post.objects.get(pk=post.pk).body_html == "<p>Version 3</p>"
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=31)),
        pytest.raises(DomainError, match="30 minutes"),
    ):
        services.edit_post(post=post, actor=member, body="Trop tard")


def test_nobody_edits_another_persons_post(thread, member, facilitator):
    with pytest.raises(DomainError):
        services.edit_post(post=thread.posts.get(), actor=member, body="Pas à moi")


def test_reply_must_quote_a_post_of_the_same_thread(thread, theme, member, facilitator):
    other = make_thread(theme, facilitator, title="Autre fil")
    with pytest.raises(DomainError):
        services.create_post(
            thread=thread, author=member, body="Réponse", reply_to=other.posts.get()
        )
    reply = services.create_post(
        thread=thread, author=member, body="Réponse", reply_to=thread.posts.get()
    )
    assert reply.reply_to_id == thread.posts.first().pk


def test_huge_body_is_refused(thread, member):
    with pytest.raises(DomainError, match="trop long"):
        services.create_post(thread=thread, author=member, body="x" * 20_001)


def test_attachments_are_checked_by_content_and_stored_under_random_names(thread, member):
    post = services.create_post(
        thread=thread, author=member, body="Capture", attachments=[png_upload("rejet.png")]
    )
    attachment = Attachment.objects.get(post=post)
    assert attachment.content_type == "image/png"
    assert "rejet" not in attachment.file.name
    assert attachment.file.name.startswith("thread-attachments/")
    assert len(attachment.token) >= 32

    with pytest.raises(DomainError, match="n'est pas une image") as error:
        services.create_post(
            thread=thread, author=member, body="x", attachments=[fake_png_upload()]
        )
    assert error.value.code == "attachment_type"
    with pytest.raises(DomainError, match="5 Mo"):
        services.create_post(
            thread=thread, author=member, body="x", attachments=[huge_png_upload()]
        )
    assert Post.objects.filter(thread=thread).count() == 2  # refused posts left nothing behind


def test_lock_pin_archive_and_move_are_logged(
    thread, theme, college, member, facilitator, other_college, staff
):
    services.set_thread_flag(thread=thread, actor=facilitator, action="lock", reason="Calme")
    with pytest.raises(DomainError, match="verrouillé"):
        services.create_post(thread=thread, author=member, body="Encore")
    services.create_post(thread=thread, author=facilitator, body="Les animateurs écrivent encore.")
    services.set_thread_flag(thread=thread, actor=facilitator, action="pin")
    target = make_theme(college, facilitator, title="Codes service et SIRET")
    services.move_thread(thread=thread, actor=facilitator, theme=target, reason="Mieux rangé")
    assert Thread.objects.get(pk=thread.pk).theme == target
    foreign_facilitator_theme = make_theme(other_college, staff, title="Thème d'ailleurs")
    with pytest.raises(DomainError, match="collège"):
        services.move_thread(thread=thread, actor=facilitator, theme=foreign_facilitator_theme)
    services.set_thread_flag(thread=thread, actor=facilitator, action="archive")
    with pytest.raises(DomainError, match="archivé"):
        services.create_post(thread=thread, author=facilitator, body="Archivé")
    with pytest.raises(DomainError):
        services.set_thread_flag(thread=thread, actor=member, action="unlock")
    actions = list(
        ModerationAction.objects.filter(thread=thread)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["lock", "pin", "move", "archive"]


def test_reports_reach_the_queue_and_hiding_resolves_them(thread, member, facilitator, staff):
    post = thread.posts.get()
    report = services.report_post(post=post, reporter=member, reason="Numéro d'engagement publié")
    with pytest.raises(DomainError, match="déjà signalé"):
        services.report_post(post=post, reporter=member, reason="Encore")
    with pytest.raises(DomainError):
        services.report_post(post=post, reporter=facilitator, reason="Mon propre message")
    with pytest.raises(DomainError):
        services.hide_post(post=post, actor=member, reason="Je ne suis pas animateur")
    services.hide_post(post=post, actor=facilitator, reason="Donnée d'un client public publiée")
    report.refresh_from_db()
    assert report.resolved_by == facilitator
    with pytest.raises(DomainError):
        services.report_post(post=Post.objects.get(pk=post.pk), reporter=staff, reason="Masqué")
    assert Report.objects.filter(resolved_at__isnull=True).count() == 0


def test_read_state_only_moves_forward(thread, member):
    services.mark_read(thread=thread, user=member, up_to_post_id=10)
    services.mark_read(thread=thread, user=member, up_to_post_id=3)
    assert thread.read_states.get(user=member).last_read_post_id == 10
