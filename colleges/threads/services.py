"""Every write on themes, threads and posts. One transaction each; live events after commit."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from club.core.audit.services import record
from club.core.domain import DomainError, ensure
from club.core.images import image_problem
from colleges.models import College
from colleges.threads import notifications, rules
from colleges.threads.attachments import detect_image_type
from colleges.threads.markdown import MAX_BODY_LENGTH, render_markdown
from colleges.threads.models import (
    Attachment,
    ModerationAction,
    Post,
    PostVersion,
    Reaction,
    Report,
    Theme,
    ThemeFollow,
    Thread,
    ThreadFollow,
    ThreadReadState,
)

Action = ModerationAction.Action
MAX_ATTACHMENT_SIZE = 5 * 1024 * 1024
MAX_ATTACHMENTS_PER_POST = 5


def thread_group(thread_id: int) -> str:
    return f"thread.{thread_id}"


def _broadcast(thread_id: int, message: dict) -> None:
    """Tell the thread's live readers once the transaction has committed (never before)."""

    def send() -> None:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(thread_group(thread_id), message)

    # Live delivery is best effort: a channel layer outage is logged, never turns a saved
    # post into an error page.
    transaction.on_commit(send, robust=True)


def _bump(thread: Thread) -> int:
    """The thread's next revision, taken under a row lock so two writers never share one."""
    Thread.objects.filter(pk=thread.pk).update(revision=F("revision") + 1)
    thread.revision = Thread.objects.values_list("revision", flat=True).get(pk=thread.pk)
    return thread.revision


# Moderation acts also go to the club's audit log, named `<object>.<past participle>`.
AUDIT_ACTIONS = {
    Action.OPEN_THEME: "theme.opened",
    Action.EDIT_THEME: "theme.edited",
    Action.CLOSE_THEME: "theme.closed",
    Action.REOPEN_THEME: "theme.reopened",
    Action.HIDE_POST: "post.hidden",
    Action.UNHIDE_POST: "post.restored",
    Action.DISMISS_REPORT: "post.reports_dismissed",
    Action.LOCK: "thread.locked",
    Action.UNLOCK: "thread.unlocked",
    Action.PIN: "thread.pinned",
    Action.UNPIN: "thread.unpinned",
    Action.MOVE: "thread.moved",
    Action.ARCHIVE: "thread.archived",
}


def _log(actor, action: str, *, college: College, reason: str = "", **objects) -> None:
    """The moderation log staff reads, and the audit entry, in the act's transaction."""
    ModerationAction.objects.create(
        college=college, actor=actor, action=action, reason=reason, **objects
    )
    details = objects.get("details") or {}
    target = objects.get("post") or objects.get("thread") or objects.get("theme")
    before, after = _moderated_state(action, target)
    after = {"college": college.pk} | (after or {})
    if action == Action.MOVE:
        before = {"theme": details.get("from_theme")}
        after |= {"theme": objects["theme"].pk, "from_theme": details.get("from_theme")}
    record(
        actor=actor,
        action=AUDIT_ACTIONS.get(action, f"moderation.{action}"),
        target=target,
        before=before,
        after=after,
        reason=reason,
    )


# The state a moderation act flips, so the audit entry says what it was and what it became.
MODERATED_FLAGS = {
    Action.HIDE_POST: "is_hidden",
    Action.UNHIDE_POST: "is_hidden",
    Action.LOCK: "is_locked",
    Action.UNLOCK: "is_locked",
    Action.PIN: "is_pinned",
    Action.UNPIN: "is_pinned",
    Action.ARCHIVE: "is_archived",
}


def _moderated_state(action: str, target) -> tuple[dict | None, dict | None]:
    """(before, after) of the flag the act changed; services only log a flag they flipped."""
    if action in MODERATED_FLAGS:
        field = MODERATED_FLAGS[action]
        now = bool(getattr(target, field))
        return {field: not now}, {field: now}
    if action in (Action.CLOSE_THEME, Action.REOPEN_THEME):
        closed = target.closed_at is not None
        return {"closed": not closed}, {"closed": closed}
    if action == Action.DISMISS_REPORT:
        return {"reports": "open"}, {"reports": "dismissed"}
    return None, None


def _check_body(body: str) -> str:
    body = (body or "").strip()
    ensure(body, _("Le message est vide."))
    ensure(
        len(body) <= MAX_BODY_LENGTH,
        _("Le message est trop long (%(max)d caractères au plus).") % {"max": MAX_BODY_LENGTH},
    )
    return body


# --- Themes ---------------------------------------------------------------------------------


@transaction.atomic
def open_theme(*, college: College, actor, title: str, description: str = "") -> Theme:
    ensure(
        rules.can_manage_themes(actor, college),
        _("Seuls les animateurs du collège ouvrent des thèmes."),
        code="forbidden",
    )
    title = (title or "").strip()
    ensure(title, _("Donnez un titre au thème."))
    ensure(
        not Theme.objects.filter(college=college, title__iexact=title).exists(),
        _("Un thème porte déjà ce titre dans ce collège."),
    )
    theme = Theme.objects.create(
        college=college, title=title, description=description.strip(), opened_by=actor
    )
    _log(actor, Action.OPEN_THEME, college=college, theme=theme)
    return theme


@transaction.atomic
def edit_theme(*, theme: Theme, actor, title: str, description: str) -> Theme:
    ensure(
        rules.can_manage_themes(actor, theme.college),
        _("Action réservée aux animateurs."),
        code="forbidden",
    )
    title = (title or "").strip()
    ensure(title, _("Donnez un titre au thème."))
    ensure(
        not Theme.objects.filter(college=theme.college, title__iexact=title)
        .exclude(pk=theme.pk)
        .exists(),
        _("Un thème porte déjà ce titre dans ce collège."),
    )
    theme.title, theme.description = title, description.strip()
    theme.save(update_fields=["title", "description"])
    _log(actor, Action.EDIT_THEME, college=theme.college, theme=theme)
    return theme


@transaction.atomic
def close_theme(*, theme: Theme, actor, reason: str = "") -> Theme:
    ensure(
        rules.can_manage_themes(actor, theme.college),
        _("Action réservée aux animateurs."),
        code="forbidden",
    )
    ensure(theme.is_open, _("Ce thème est déjà clos."))
    theme.closed_at, theme.closed_by = timezone.now(), actor
    theme.save(update_fields=["closed_at", "closed_by"])
    _log(actor, Action.CLOSE_THEME, college=theme.college, theme=theme, reason=reason)
    return theme


@transaction.atomic
def reopen_theme(*, theme: Theme, actor) -> Theme:
    ensure(
        rules.can_manage_themes(actor, theme.college),
        _("Action réservée aux animateurs."),
        code="forbidden",
    )
    ensure(not theme.is_open, _("Ce thème est déjà ouvert."))
    theme.closed_at = theme.closed_by = None
    theme.save(update_fields=["closed_at", "closed_by"])
    _log(actor, Action.REOPEN_THEME, college=theme.college, theme=theme)
    return theme


# --- Threads and posts ----------------------------------------------------------------------


def ensure_may_open_thread(actor, theme: Theme) -> None:
    """Who may never open a thread here hears so (forbidden); a closed theme is a state."""
    ensure(
        rules.can_open_thread(actor, theme),
        _("Vous ne pouvez pas ouvrir de fil dans ce thème.")
        if theme.is_open
        else _("Ce thème est clos : on n'y ouvre plus de fil."),
        code="forbidden" if theme.is_open else "closed",
    )


@transaction.atomic
def open_thread(*, theme: Theme, actor, title: str, body: str, tags=(), attachments=()) -> Thread:
    ensure_may_open_thread(actor, theme)
    title = (title or "").strip()
    ensure(title, _("Donnez un titre au fil."))
    body = _check_body(body)
    thread = Thread.objects.create(theme=theme, college=theme.college, title=title, opened_by=actor)
    if tags:
        thread.tags.set(list(tags))
    _create_post(thread=thread, author=actor, body=body, attachments=attachments)
    ThreadFollow.objects.get_or_create(user=actor, thread=thread)
    return thread


@transaction.atomic
def create_post(
    *, thread: Thread, author, body: str, reply_to: Post | None = None, attachments=()
) -> Post:
    thread = Thread.objects.select_for_update().select_related("college").get(pk=thread.pk)
    ensure(rules.can_read_thread(author, thread), _("Vous ne participez pas à ce collège."))
    ensure(
        rules.can_post_in_thread(author, thread),
        _("Ce fil est archivé.") if thread.is_archived else _("Ce fil est verrouillé."),
        code="closed" if thread.is_archived or thread.is_locked else "forbidden",
    )
    if reply_to is not None:
        ensure(reply_to.thread_id == thread.pk, _("Le message cité n'appartient pas à ce fil."))
    body = _check_body(body)
    post = _create_post(
        thread=thread, author=author, body=body, reply_to=reply_to, attachments=attachments
    )
    ThreadFollow.objects.get_or_create(user=author, thread=thread)
    return post


def _create_post(*, thread, author, body, reply_to=None, attachments=()) -> Post:
    files = list(attachments or [])
    ensure(
        len(files) <= MAX_ATTACHMENTS_PER_POST,
        _("%(max)d pièces jointes au plus par message.") % {"max": MAX_ATTACHMENTS_PER_POST},
    )
    checked = [(upload, check_attachment(upload)) for upload in files]
    now = timezone.now()
    post = Post.objects.create(
        thread=thread,
        author=author,
        body=body,
        body_html=render_markdown(body, thread_id=thread.pk),
        reply_to=reply_to,
        created_at=now,
        revision=_bump(thread),
    )
    for upload, content_type in checked:
        attachment = Attachment(
            thread=thread,
            post=post,
            content_type=content_type,
            size=upload.size,
            original_name=(upload.name or "")[:200],
            uploaded_by=author,
        )
        upload.seek(0)
        attachment.file.save("capture", upload, save=False)
        attachment.save()
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") + 1, last_post_at=now)
    _broadcast(thread.pk, {"type": "thread.post", "post_id": post.pk, "revision": post.revision})
    notifications.post_created(post, thread)
    return post


def check_attachment(upload) -> str:
    """The attachment's real type, read from its first bytes, or a clear refusal."""
    name = getattr(upload, "name", "") or ""
    ensure(
        upload.size <= MAX_ATTACHMENT_SIZE,
        _("« %(name)s » dépasse 5 Mo : réduisez la capture d'écran.") % {"name": name},
        code="attachment_too_large",
    )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = detect_image_type(head)
    ensure(
        content_type is not None,
        _("« %(name)s » n'est pas une image PNG, JPEG ou WebP.") % {"name": name},
        code="attachment_type",
    )
    problem = image_problem(upload, name)
    ensure(problem is None, problem or "", code="attachment_image")
    return content_type


@transaction.atomic
def edit_post(*, post: Post, actor, body: str) -> Post:
    post = Post.objects.select_for_update().select_related("thread__college").get(pk=post.pk)
    ensure(
        rules.can_edit_post(actor, post),
        _("Ce message ne peut plus être modifié (30 minutes après sa publication)."),
    )
    body = _check_body(body)
    if body == post.body:
        return post
    PostVersion.objects.create(
        post=post, body=post.body, written_at=post.edited_at or post.created_at
    )
    post.body = body
    post.body_html = render_markdown(body, thread_id=post.thread_id)
    post.edited_at = timezone.now()
    post.revision = _bump(post.thread)
    post.save(update_fields=["body", "body_html", "edited_at", "revision"])
    _broadcast(
        post.thread_id, {"type": "thread.post", "post_id": post.pk, "revision": post.revision}
    )
    return post


# --- Reports and moderation -----------------------------------------------------------------


@transaction.atomic
def report_post(*, post: Post, reporter, reason: str) -> Report:
    ensure(
        rules.can_report_post(reporter, post),
        _("Vous ne pouvez pas signaler ce message."),
        code="forbidden",
    )
    reason = (reason or "").strip()
    ensure(reason, _("Dites aux animateurs pourquoi vous signalez ce message."))
    ensure(
        not Report.objects.filter(post=post, reporter=reporter, resolved_at__isnull=True).exists(),
        _("Vous avez déjà signalé ce message ; les animateurs vont l'examiner."),
    )
    return Report.objects.create(post=post, reporter=reporter, reason=reason[:2000])


def _resolve_reports(post: Post, actor, *, hidden: bool) -> int:
    """Close the post's open reports and tell their authors what was decided."""
    reports = list(Report.objects.select_for_update().filter(post=post, resolved_at__isnull=True))
    count = Report.objects.filter(pk__in=[report.pk for report in reports]).update(
        resolved_at=timezone.now(), resolved_by=actor
    )
    notifications.reports_handled(post, reports, hidden=hidden)
    return count


@transaction.atomic
def hide_post(*, post: Post, actor, reason: str) -> Post:
    post = Post.objects.select_for_update().select_related("thread__college").get(pk=post.pk)
    ensure(
        rules.can_moderate_thread(actor, post.thread),
        _("Action réservée aux animateurs."),
        code="forbidden",
    )
    reason = (reason or "").strip()
    ensure(reason, _("Indiquez le motif : son auteur le verra."))
    ensure(not post.is_hidden, _("Ce message est déjà masqué."))
    post.is_hidden, post.hidden_reason = True, reason
    post.hidden_by, post.hidden_at = actor, timezone.now()
    post.revision = _bump(post.thread)
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at", "revision"])
    _resolve_reports(post, actor, hidden=True)
    notifications.post_hidden(post, actor=actor)
    _log(
        actor,
        Action.HIDE_POST,
        college=post.thread.college,
        thread=post.thread,
        post=post,
        reason=reason,
    )
    _broadcast(
        post.thread_id, {"type": "thread.post", "post_id": post.pk, "revision": post.revision}
    )
    return post


@transaction.atomic
def unhide_post(*, post: Post, actor, reason: str = "") -> Post:
    post = Post.objects.select_for_update().select_related("thread__college").get(pk=post.pk)
    ensure(
        rules.can_moderate_thread(actor, post.thread),
        _("Action réservée aux animateurs."),
        code="forbidden",
    )
    ensure(post.is_hidden, _("Ce message n'est pas masqué."))
    post.is_hidden, post.hidden_reason, post.hidden_by, post.hidden_at = False, "", None, None
    post.revision = _bump(post.thread)
    post.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at", "revision"])
    _log(
        actor,
        Action.UNHIDE_POST,
        college=post.thread.college,
        thread=post.thread,
        post=post,
        reason=reason,
    )
    notifications.post_restored(post, actor=actor)
    _broadcast(
        post.thread_id, {"type": "thread.post", "post_id": post.pk, "revision": post.revision}
    )
    return post


@transaction.atomic
def dismiss_reports(*, post: Post, actor, reason: str = "") -> int:
    ensure(
        rules.can_moderate_thread(actor, post.thread),
        _("Action réservée aux animateurs."),
        code="forbidden",
    )
    count = _resolve_reports(post, actor, hidden=False)
    ensure(count, _("Aucun signalement en attente sur ce message."))
    _log(
        actor,
        Action.DISMISS_REPORT,
        college=post.thread.college,
        thread=post.thread,
        post=post,
        reason=reason,
    )
    return count


THREAD_FLAGS = {
    Action.LOCK: ("is_locked", True, _("Ce fil est déjà verrouillé.")),
    Action.UNLOCK: ("is_locked", False, _("Ce fil n'est pas verrouillé.")),
    Action.PIN: ("is_pinned", True, _("Ce fil est déjà épinglé.")),
    Action.UNPIN: ("is_pinned", False, _("Ce fil n'est pas épinglé.")),
    Action.ARCHIVE: ("is_archived", True, _("Ce fil est déjà archivé.")),
}


@transaction.atomic
def set_thread_flag(*, thread: Thread, actor, action: str, reason: str = "") -> Thread:
    """Lock, unlock, pin, unpin or archive a thread."""
    thread = Thread.objects.select_for_update().select_related("college").get(pk=thread.pk)
    ensure(
        rules.can_moderate_thread(actor, thread),
        _("Action réservée aux animateurs."),
        code="forbidden",
    )
    if action not in THREAD_FLAGS:
        raise DomainError(_("Action inconnue."))
    field, value, already = THREAD_FLAGS[action]
    ensure(getattr(thread, field) != value, already)
    setattr(thread, field, value)
    thread.save(update_fields=[field])
    _log(actor, action, college=thread.college, thread=thread, reason=reason)
    if action == Action.LOCK:
        notifications.thread_locked(thread, actor=actor, reason=reason)
    _broadcast(thread.pk, _state_message(thread))
    return thread


@transaction.atomic
def move_thread(*, thread: Thread, actor, theme: Theme, reason: str = "") -> Thread:
    thread = Thread.objects.select_for_update().select_related("college", "theme").get(pk=thread.pk)
    ensure(
        rules.can_moderate_thread(actor, thread),
        _("Action réservée aux animateurs."),
        code="forbidden",
    )
    ensure(theme.college_id == thread.college_id, _("Un fil ne change pas de collège."))
    ensure(theme.pk != thread.theme_id, _("Le fil est déjà dans ce thème."))
    previous = thread.theme
    thread.theme = theme
    thread.save(update_fields=["theme"])
    _log(
        actor,
        Action.MOVE,
        college=thread.college,
        thread=thread,
        theme=theme,
        reason=reason,
        details={"from_theme": previous.pk, "from_title": previous.title},
    )
    _broadcast(thread.pk, _state_message(thread))
    return thread


def _state_message(thread: Thread) -> dict:
    return {
        "type": "thread.state",
        "locked": thread.is_locked,
        "archived": thread.is_archived,
        "pinned": thread.is_pinned,
    }


# --- Following and reading ------------------------------------------------------------------


@transaction.atomic
def set_thread_follow(*, thread: Thread, user, follow: bool) -> bool:
    ensure(rules.can_read_thread(user, thread), _("Vous ne participez pas à ce collège."))
    if follow:
        ThreadFollow.objects.get_or_create(user=user, thread=thread)
    else:
        ThreadFollow.objects.filter(user=user, thread=thread).delete()
    return follow


@transaction.atomic
def set_theme_follow(*, theme: Theme, user, follow: bool) -> bool:
    ensure(rules.can_read_theme(user, theme), _("Vous ne participez pas à ce collège."))
    if follow:
        ThemeFollow.objects.get_or_create(user=user, theme=theme)
    else:
        ThemeFollow.objects.filter(user=user, theme=theme).delete()
    return follow


def mark_read(*, thread: Thread, user, up_to_post_id: int) -> None:
    """Move the read mark forward only: reading an old page never marks new posts unread."""
    if not (user and user.is_authenticated) or not up_to_post_id:
        return
    state, created = ThreadReadState.objects.get_or_create(
        user=user, thread=thread, defaults={"last_read_post_id": up_to_post_id}
    )
    if not created and state.last_read_post_id < up_to_post_id:
        ThreadReadState.objects.filter(pk=state.pk, last_read_post_id__lt=up_to_post_id).update(
            last_read_post_id=up_to_post_id, updated_at=timezone.now()
        )


@transaction.atomic
def set_reaction(*, post: Post, user, kind: str, on: bool) -> bool:
    """Give (`on`) or take back one reaction of `user` on `post`; saying the same twice changes
    nothing, and two simultaneous clicks never make two rows (the unique constraint, and
    `get_or_create` reads the winner's row). No notification and no live event: a nod, not a
    message. Returns whether the reaction is now given."""
    ensure(kind in Reaction.Kind.values, _("Cette réaction n'existe pas."))
    # Judge the post and its thread as they are now, not as the caller last saw them.
    post = Post.objects.select_related("thread__college").get(pk=post.pk)
    ensure(not post.is_hidden, _("Un message masqué ne reçoit pas de réaction."))
    ensure(
        rules.can_react_to_post(user, post),
        _("Seuls ceux qui peuvent écrire dans ce fil peuvent y réagir."),
    )
    if on:
        Reaction.objects.get_or_create(post=post, user=user, kind=kind)
    else:
        Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    return on
