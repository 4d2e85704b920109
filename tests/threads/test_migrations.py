"""The thread models moved from the colleges app to their own app without touching a row.

The database is taken back to before the move, rows are written through the models as they were
then (content types, tags, a permission, a request's source thread, an audit entry), and the
move is applied again: every row is read back through the new models, the content types kept
their ids, and the audit log's hash chain still holds. Runs on SQLite and on PostgreSQL.
"""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from club.core.audit.integrity import verify_chain
from club.core.audit.models import AuditEntry
from colleges.threads.models import Post, Theme, Thread
from tests.factories import CollegeFactory, UserFactory
from tests.moves import migrate_back, migrate_forward, old_audit_entry
from tests.proposals.factories import make_request

MOVED = ["theme", "thread", "post", "postversion", "attachment", "report", "moderationaction"]
MOVED += ["threadfollow", "themefollow", "threadreadstate"]


GONE = [("threads", "0001_initial"), ("colleges", "0004_threads_move_to_their_app")]
APPS = ("colleges", "proposals", "audit", "taggit", "auth", "contenttypes")


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_move_are_read_through_the_threads_app(
    college, member, facilitator, thread
):
    request = make_request(member, college)
    ids = {m: ContentType.objects.get(app_label="threads", model=m).pk for m in MOVED}
    try:
        old = migrate_back(("threads", None), gone=GONE, apps=APPS)
        OldType = old.get_model("contenttypes", "ContentType")
        # The content types went back to the colleges app, the same rows under the old name.
        for model, pk in ids.items():
            assert OldType.objects.get(pk=pk).app_label == "colleges", model
        # Models born in the threads app after the move (reactions) had no older name.
        assert not OldType.objects.filter(app_label="threads").exclude(model="reaction").exists()

        OldTheme = old.get_model("colleges", "Theme")
        OldThread = old.get_model("colleges", "Thread")
        OldPost = old.get_model("colleges", "Post")
        OldFollow = old.get_model("colleges", "ThreadFollow")
        OldReport = old.get_model("colleges", "Report")
        OldTag = old.get_model("taggit", "Tag")
        OldTagged = old.get_model("taggit", "TaggedItem")
        OldUser = old.get_model("accounts", "User")
        OldPermission = old.get_model("auth", "Permission")
        OldRequest = old.get_model("proposals", "ChangeRequest")

        theme = OldTheme.objects.create(college_id=college.pk, title="Écrit avant le déménagement")
        old_thread = OldThread.objects.create(
            theme=theme, college_id=college.pk, title="Un fil d'avant", post_count=2
        )
        post = OldPost.objects.create(
            thread=old_thread, author_id=member.pk, body="a", body_html=""
        )
        reply = OldPost.objects.create(
            thread=old_thread, author_id=member.pk, body="b", body_html="", reply_to=post
        )
        OldFollow.objects.create(user_id=member.pk, thread=old_thread)
        OldReport.objects.create(post=post, reporter_id=member.pk, reason="Hors sujet")
        thread_type = OldType.objects.get(app_label="colleges", model="thread")
        OldTagged.objects.create(
            tag=OldTag.objects.create(name="avant", slug="avant"),
            content_type=thread_type,
            object_id=old_thread.pk,
        )
        change = OldPermission.objects.get(content_type=thread_type, codename="change_thread")
        OldUser.objects.get(pk=member.pk).user_permissions.add(change)
        OldRequest.objects.filter(pk=request.pk).update(source_thread_id=old_thread.pk)
        post_type = OldType.objects.get(app_label="colleges", model="post")
        entry = old_audit_entry(
            old,
            target_type=post_type,
            target_id=post.pk,
            label="colleges.post",
            with_label_column=True,
        )
    finally:
        migrate_forward()

    # Same content type rows, now named after the threads app.
    for model, pk in ids.items():
        assert ContentType.objects.get(pk=pk).app_label == "threads", model
    assert ContentType.objects.get_for_model(Thread).pk == ids["thread"]
    assert not ContentType.objects.filter(app_label="colleges", model__in=MOVED).exists()

    moved = Thread.objects.get(pk=old_thread.pk)
    assert moved.theme == Theme.objects.get(title="Écrit avant le déménagement")
    assert list(moved.tags.names()) == ["avant"]
    assert [p.body for p in moved.posts.order_by("pk")] == ["a", "b"]
    assert Post.objects.get(pk=reply.pk).reply_to_id == post.pk
    assert moved.follows.get().user == member
    assert Post.objects.get(pk=post.pk).reports.get().reason == "Hors sujet"
    assert moved.change_requests.get().pk == request.pk
    # The permission granted before the move is the same row, under the new app's name.
    member.refresh_from_db()
    assert member.has_perm("threads.change_thread")
    assert Permission.objects.get(pk=change.pk).content_type_id == ids["thread"]

    # The audit entry written before the move still finds its target and its hash still holds.
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.target_type.get_object_for_this_type(pk=post.pk) == Post.objects.get(pk=post.pk)
    assert entry.target_type_label == "colleges.post"
    assert verify_chain().ok and verify_chain().checked >= 2


@pytest.mark.django_db(transaction=True)
def test_audit_entries_hashed_before_the_label_was_stored_still_verify_after_the_move():
    """Entries written before audit/0002 were hashed over the content type's name of the time.

    0002 copies that name into the entry before the threads' content types are renamed, so the
    chain still verifies once `colleges.post` has become `threads.post`.
    """
    college = CollegeFactory()
    author = UserFactory()
    try:
        old = migrate_back(("audit", "0001_initial"), gone=GONE, apps=APPS)
        OldType = old.get_model("contenttypes", "ContentType")
        theme = old.get_model("colleges", "Theme").objects.create(college_id=college.pk, title="T")
        thread = old.get_model("colleges", "Thread").objects.create(
            theme=theme, college_id=college.pk, title="Fil"
        )
        post = old.get_model("colleges", "Post").objects.create(
            thread=thread, author_id=author.pk, body="x", body_html=""
        )
        post_type = OldType.objects.get_or_create(app_label="colleges", model="post")[0]
        entries = [
            old_audit_entry(
                old,
                target_type=post_type,
                target_id=post.pk,
                label="colleges.post",
                with_label_column=False,
            )
            for _ in range(2)
        ]
    finally:
        migrate_forward()

    for entry in entries:
        entry = AuditEntry.objects.get(pk=entry.pk)
        assert entry.target_type_label == "colleges.post"
        assert entry.target_type == ContentType.objects.get_for_model(Post)
    assert verify_chain().ok and verify_chain().checked == 2
