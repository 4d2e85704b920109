"""Thin views over the thread services and selectors. Every page works without JavaScript."""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from dsfr.utils import list_pages

from club.core.domain import DomainError
from club.core.throttle import throttle
from club.core.views import handle_refusal
from colleges import selectors as college_selectors
from colleges.threads import rules, selectors, services
from colleges.threads.forms import (
    MoveThreadForm,
    PostEditForm,
    PostForm,
    ReasonForm,
    ThemeForm,
    ThreadForm,
)
from colleges.threads.models import (
    ModerationAction,
    Post,
    ThemeFollow,
    Thread,
    ThreadFollow,
)
from colleges.threads.presenters import add_reactions, decorate_posts, render_posts


def _allow(condition) -> None:
    if not condition:
        raise PermissionDenied


def _attachment_field(error: DomainError) -> str | None:
    """Refusals of an attached file are shown beside the file field."""
    return "attachment" if error.code.startswith("attachment") else None


def _author_name(post: Post) -> str:
    return (post.author.get_full_name() or _("un membre")) if post.author else _("un ancien membre")


def _post_title(title: str, post: Post) -> str:
    """A page about one message names it in its <title>: its author, date and thread (RGAA 8.6:
    every « Signaler un message » page had the same title)."""
    about = _("%(author)s, %(date)s, fil « %(thread)s »") % {
        "author": _author_name(post),
        "date": date_format(localtime(post.created_at), "DATETIME_FORMAT"),
        "thread": post.thread.title,
    }
    return f"{title} — {about}"


def _form_page(request, form, *, title: str, submit: str, back_url: str, intro: str = "", **extra):
    return render(
        request,
        "colleges/threads/form_page.html",
        {
            "form": form,
            "page_title": title,
            "submit_label": submit,
            "back_url": back_url,
            "intro": intro,
            **extra,
        },
    )


# --- Themes ---------------------------------------------------------------------------------


@login_required
def theme_list(request, college_slug):
    college = college_selectors.access_college(request.user, college_slug)
    return render(
        request,
        "colleges/threads/theme_list.html",
        {
            "college": college,
            "themes": selectors.themes_of(college, request.user),
            "can_manage": rules.can_manage_themes(request.user, college),
            "page_title": _("Thèmes de travail — %(college)s") % {"college": college.name},
        },
    )


@login_required
def theme_create(request, college_slug):
    college = college_selectors.access_college(request.user, college_slug)
    _allow(rules.can_manage_themes(request.user, college))
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            theme = services.open_theme(college=college, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Le thème est ouvert."))
            return redirect("colleges:theme_detail", pk=theme.pk)
    return _form_page(
        request,
        form,
        title=_("Ouvrir un thème de travail"),
        document_title=_("Ouvrir un thème de travail — %(college)s") % {"college": college.name},
        submit=_("Ouvrir le thème"),
        back_url=_url("colleges:theme_list", college_slug=college.slug),
        college=college,
    )


@login_required
def theme_edit(request, pk):
    theme = selectors.access_theme(request.user, pk)
    _allow(rules.can_manage_themes(request.user, theme.college))
    form = ThemeForm(
        request.POST or None, initial={"title": theme.title, "description": theme.description}
    )
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.edit_theme(theme=theme, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Le thème est modifié."))
            return redirect("colleges:theme_detail", pk=theme.pk)
    return _form_page(
        request,
        form,
        title=_("Modifier le thème « %(title)s »") % {"title": theme.title},
        submit=_("Enregistrer"),
        back_url=_url("colleges:theme_detail", pk=theme.pk),
        college=theme.college,
    )


@login_required
def theme_close(request, pk):
    theme = selectors.access_theme(request.user, pk)
    _allow(rules.can_manage_themes(request.user, theme.college))
    reopening = not theme.is_open
    form = ReasonForm(
        request.POST or None, label=_("Conclusion ou motif (facultatif)"), required=False
    )
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request):
            if reopening:
                services.reopen_theme(theme=theme, actor=request.user)
            else:
                services.close_theme(
                    theme=theme, actor=request.user, reason=form.cleaned_data["reason"]
                )
            messages.success(
                request, _("Le thème est rouvert.") if reopening else _("Le thème est clos.")
            )
        return redirect("colleges:theme_detail", pk=theme.pk)
    return _form_page(
        request,
        form,
        title=(
            _("Rouvrir le thème « %(title)s »") if reopening else _("Clore le thème « %(title)s »")
        )
        % {"title": theme.title},
        submit=_("Rouvrir") if reopening else _("Clore le thème"),
        back_url=_url("colleges:theme_detail", pk=theme.pk),
        college=theme.college,
        intro=_("Un thème clos reste lisible ; on n'y ouvre plus de fil."),
    )


@login_required
def theme_detail(request, pk):
    theme = selectors.access_theme(request.user, pk)
    tag = request.GET.get("etiquette") or None
    archived = request.GET.get("archives") == "1"
    return render(
        request,
        "colleges/threads/theme_detail.html",
        {
            "theme": theme,
            "college": theme.college,
            "threads": selectors.threads_of(theme, request.user, tag=tag, archived=archived),
            "tag": tag,
            "archived": archived,
            "following": ThemeFollow.objects.filter(user=request.user, theme=theme).exists(),
            "can_open_thread": rules.can_open_thread(request.user, theme),
            "can_manage": rules.can_manage_themes(request.user, theme.college),
            "page_title": theme.title,
        },
    )


@login_required
@require_POST
def theme_follow(request, pk):
    theme = selectors.access_theme(request.user, pk)
    follow = request.POST.get("follow") == "1"
    services.set_theme_follow(theme=theme, user=request.user, follow=follow)
    messages.success(
        request, _("Vous suivez ce thème.") if follow else _("Vous ne suivez plus ce thème.")
    )
    return redirect("colleges:theme_detail", pk=theme.pk)


# --- Threads --------------------------------------------------------------------------------


@login_required
@throttle("post")
def thread_create(request, pk):
    theme = selectors.access_theme(request.user, pk)
    _allow(rules.can_open_thread(request.user, theme))
    form = ThreadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with handle_refusal(request, form, field=_attachment_field):
            thread = services.open_thread(
                theme=theme,
                actor=request.user,
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
                attachments=[data["attachment"]] if data.get("attachment") else [],
            )
            messages.success(request, _("Le fil est ouvert."))
            return redirect("colleges:thread_detail", pk=thread.pk)
    return _form_page(
        request,
        form,
        title=_("Ouvrir un fil dans « %(theme)s »") % {"theme": theme.title},
        submit=_("Ouvrir le fil"),
        back_url=_url("colleges:theme_detail", pk=theme.pk),
        college=theme.college,
        charter=theme.college.current_charter,
        multipart=True,
    )


POSTS_PER_PAGE = 50


def _posts_page(request, thread: Thread, last_read: int):
    """The asked page, else the one holding the linked post (?message=), else the one holding
    the first unread post, else the first one."""
    paginator = Paginator(selectors.post_rows(thread), POSTS_PER_PAGE)
    asked = request.GET.get("page")
    target = request.GET.get("message", "")
    if asked is None and target.isdigit() and len(target) < 19:  # a link to one post
        position = selectors.post_position(thread, int(target))
        asked = max(math.ceil(position / POSTS_PER_PAGE), 1)
    elif asked is None and last_read and paginator.count > POSTS_PER_PAGE:
        first_unread = selectors.post_position(thread, last_read) + 1
        asked = min(math.ceil(first_unread / POSTS_PER_PAGE), paginator.num_pages)
    page = paginator.get_page(asked)
    list_pages(page)
    return page


@login_required
def thread_detail(request, pk, form=None):
    thread = selectors.access_thread(request.user, pk)
    user = request.user
    can_moderate = rules.can_moderate_thread(user, thread)
    last_read = selectors.last_read_post_id(thread, user)
    page = _posts_page(request, thread, last_read)
    can_post = rules.can_post_in_thread(user, thread)
    summaries = selectors.post_summaries(page.object_list)
    posts = decorate_posts(
        summaries,
        user=user,
        thread=thread,
        last_read=last_read,
        can_moderate=can_moderate,
        reactions=selectors.reactions_by_post([s.pk for s in summaries], user),
        can_post=can_post,
    )
    render_posts(posts, thread=thread)
    add_reactions(posts, request)
    # The reader's own bookmark, the one write a read makes (allowed and explained in
    # tests/security/test_reads_write_nothing.py); a HEAD request shows nobody anything.
    if request.method != "HEAD" and posts and posts[-1].pk > last_read:
        services.mark_read(thread=thread, user=user, up_to_post_id=posts[-1].pk)
    reply_to = None
    if form is None and can_post:
        reply_to = _reply_target(thread, request.GET.get("reponse"))
        form = PostForm(initial=_reply_initial(request, reply_to))
    elif form is not None:
        reply_to = _reply_target(thread, form["reply_to"].value())
    return render(
        request,
        "colleges/threads/thread_detail.html",
        {
            "thread": thread,
            "college": thread.college,
            "posts": posts,
            "page_obj": page,
            "form": form,
            "reply_to": reply_to,
            "can_post": can_post,
            "can_moderate": can_moderate,
            "following": ThreadFollow.objects.filter(user=user, thread=thread).exists(),
            "charter": thread.college.current_charter,
            "proposal_url": _proposal_url(thread),
            "change_requests": selectors.change_requests_from(thread),
            "page_title": thread.title,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _reply_target(thread: Thread, post_id) -> Post | None:
    """The visible post of this thread being answered, if `post_id` names one."""
    try:
        post_id = int(post_id)
    except (TypeError, ValueError):
        return None
    return (
        Post.objects.select_related("author")
        .filter(thread=thread, pk=post_id, is_hidden=False)
        .first()
    )


def _proposal_url(thread: Thread) -> str:
    """The proposals app's form, pre-linked to this thread, in the page's language (reversed by
    name: a URL is no import, so the floors' order holds)."""
    return f"{reverse('proposals:create')}?{urlencode({'thread': thread.pk})}"


def _reply_initial(request, target: Post | None) -> dict:
    if target is None:
        return {}
    initial = {"reply_to": target.pk}
    if request.GET.get("citer") == "1":
        author = target.author.get_full_name() if target.author else _("Ancien membre")
        quoted = "\n".join(f"> {line}" for line in target.body.splitlines())
        initial["body"] = f"> **{author}** :\n{quoted}\n\n"
    return initial


@login_required
@require_POST
@throttle("post")
def post_create(request, pk):
    thread = selectors.access_thread(request.user, pk)
    form = PostForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        with handle_refusal(request, form, field=_attachment_field):
            post = services.create_post(
                thread=thread,
                author=request.user,
                body=data["body"],
                reply_to=selectors.reply_target(thread, data.get("reply_to")),
                attachments=[data["attachment"]] if data.get("attachment") else [],
            )
            messages.success(request, _("Votre message est publié."))
            return redirect(post.get_absolute_url())
    return thread_detail(request, pk=thread.pk, form=form)


@login_required
@require_POST
def thread_follow(request, pk):
    thread = selectors.access_thread(request.user, pk)
    follow = request.POST.get("follow") == "1"
    services.set_thread_follow(thread=thread, user=request.user, follow=follow)
    messages.success(
        request, _("Vous suivez ce fil.") if follow else _("Vous ne suivez plus ce fil.")
    )
    return redirect("colleges:thread_detail", pk=thread.pk)


@login_required
def thread_followed(request):
    return render(
        request,
        "colleges/threads/followed.html",
        {"threads": selectors.followed_threads(request.user), "page_title": _("Fils suivis")},
    )


# --- Posts ----------------------------------------------------------------------------------


@login_required
@require_POST
@throttle("reaction")
def post_react(request, pk):
    """Give or take back a reaction (a plain form; the page's script may send it in the
    background and swap the post's reactions bar with the answer)."""
    post = selectors.access_post(request.user, pk)
    if not rules.can_post_in_thread(request.user, post.thread):
        raise PermissionDenied
    try:
        services.set_reaction(
            post=post,
            user=request.user,
            kind=request.POST.get("kind", ""),
            on=request.POST.get("on") == "1",
        )
    except DomainError as refusal:
        messages.error(request, str(refusal))
    return redirect(post.get_absolute_url())


@login_required
def post_edit(request, pk):
    post = selectors.access_post(request.user, pk)
    back = post.get_absolute_url()
    if not rules.can_edit_post(request.user, post):
        if post.author_id != request.user.pk:
            raise PermissionDenied
        messages.error(
            request, _("Ce message ne peut plus être modifié (30 minutes après sa publication).")
        )
        return redirect(back)
    form = PostEditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.edit_post(post=post, actor=request.user, body=form.cleaned_data["body"])
            messages.success(
                request, _("Votre message est modifié ; la version précédente est conservée.")
            )
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("Modifier votre message"),
        document_title=_post_title(_("Modifier votre message"), post),
        submit=_("Enregistrer la modification"),
        back_url=back,
        college=post.thread.college,
        charter=post.thread.college.current_charter,
    )


@login_required
def post_history(request, pk):
    post = selectors.access_post(request.user, pk)
    _allow(
        post.author_id == request.user.pk or rules.can_moderate_thread(request.user, post.thread)
    )
    return render(
        request,
        "colleges/threads/post_history.html",
        {
            "post": post,
            "versions": post.versions.all(),
            "page_title": _("Versions précédentes du message de %(author)s, fil « %(thread)s »")
            % {"author": _author_name(post), "thread": post.thread.title},
        },
    )


@login_required
def post_report(request, pk):
    post = selectors.access_post(request.user, pk)
    _allow(rules.can_report_post(request.user, post))
    back = post.get_absolute_url()
    form = ReasonForm(
        request.POST or None,
        label=_("Pourquoi signalez-vous ce message ?"),
        help_text=_("Seuls les animateurs du collège liront votre signalement."),
    )
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.report_post(
                post=post, reporter=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Merci : les animateurs vont examiner ce message."))
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("Signaler un message"),
        document_title=_post_title(_("Signaler un message"), post),
        submit=_("Signaler"),
        back_url=back,
        college=post.thread.college,
        quoted_post=post,
    )


@login_required
def attachment(request, pk, token):
    item = selectors.access_attachment(request.user, pk, token)
    response = FileResponse(
        item.file.open("rb"),
        content_type=item.content_type,
        as_attachment=False,
        filename=f"capture-{item.pk}.{item.extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- Moderation -----------------------------------------------------------------------------


@login_required
def moderation_queue(request, college_slug):
    college = college_selectors.access_college(request.user, college_slug)
    _allow(rules.can_manage_themes(request.user, college))
    return render(
        request,
        "colleges/threads/moderation_queue.html",
        {
            "college": college,
            "reported_posts": selectors.open_reports(college),
            "page_title": _("Signalements à traiter — %(college)s") % {"college": college.name},
        },
    )


@login_required
def moderation_hide_post(request, pk):
    post = selectors.access_post(request.user, pk)
    _allow(rules.can_moderate_thread(request.user, post.thread))
    back = post.get_absolute_url()
    unhiding = post.is_hidden
    form = ReasonForm(
        request.POST or None,
        label=_("Motif (facultatif)") if unhiding else _("Motif du masquage"),
        help_text=None if unhiding else _("L'auteur du message verra ce motif."),
        required=not unhiding,
    )
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            if unhiding:
                services.unhide_post(
                    post=post, actor=request.user, reason=form.cleaned_data["reason"]
                )
            else:
                services.hide_post(
                    post=post, actor=request.user, reason=form.cleaned_data["reason"]
                )
            messages.success(
                request, _("Le message est rétabli.") if unhiding else _("Le message est masqué.")
            )
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("Rétablir un message") if unhiding else _("Masquer un message"),
        document_title=_post_title(
            _("Rétablir un message") if unhiding else _("Masquer un message"), post
        ),
        submit=_("Rétablir") if unhiding else _("Masquer le message"),
        back_url=back,
        college=post.thread.college,
        quoted_post=post,
    )


@login_required
@require_POST
def moderation_dismiss_reports(request, pk):
    post = selectors.access_post(request.user, pk)
    _allow(rules.can_moderate_thread(request.user, post.thread))
    with handle_refusal(request):
        services.dismiss_reports(post=post, actor=request.user)
        messages.success(request, _("Les signalements sont classés sans suite."))
    return redirect("colleges:moderation_queue", college_slug=post.thread.college.slug)


FLAG_LABELS = {
    ModerationAction.Action.LOCK: _("Verrouiller le fil"),
    ModerationAction.Action.UNLOCK: _("Déverrouiller le fil"),
    ModerationAction.Action.PIN: _("Épingler le fil"),
    ModerationAction.Action.UNPIN: _("Désépingler le fil"),
    ModerationAction.Action.ARCHIVE: _("Archiver le fil"),
}


@login_required
def moderation_thread(request, pk, action):
    thread = selectors.access_thread(request.user, pk)
    _allow(rules.can_moderate_thread(request.user, thread))
    if action not in FLAG_LABELS:
        raise Http404
    back = _url("colleges:thread_detail", pk=thread.pk)
    form = ReasonForm(request.POST or None, label=_("Motif (facultatif)"), required=False)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request):
            services.set_thread_flag(
                thread=thread, actor=request.user, action=action, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("C'est fait : %(action)s.")
                % {"action": ModerationAction.Action(action).label.lower()},
            )
        return redirect(back)
    return _form_page(
        request,
        form,
        title=f"{FLAG_LABELS[action]} « {thread.title} »",
        submit=str(FLAG_LABELS[action]),
        back_url=back,
        college=thread.college,
    )


@login_required
def moderation_move(request, pk):
    thread = selectors.access_thread(request.user, pk)
    _allow(rules.can_moderate_thread(request.user, thread))
    back = _url("colleges:thread_detail", pk=thread.pk)
    form = MoveThreadForm(request.POST or None, thread=thread)
    if request.method == "POST" and form.is_valid():
        with handle_refusal(request, form):
            services.move_thread(
                thread=thread,
                actor=request.user,
                theme=form.cleaned_data["theme"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Le fil est déplacé."))
            return redirect(back)
    return _form_page(
        request,
        form,
        title=_("Déplacer le fil « %(title)s »") % {"title": thread.title},
        submit=_("Déplacer"),
        back_url=back,
        college=thread.college,
    )


@login_required
def moderation_log(request):
    _allow(rules.can_see_moderation_log(request.user))
    colleges = selectors.moderation_log_colleges(request.user)
    college = None
    if request.GET.get("college"):
        college = colleges.filter(slug=request.GET["college"]).first()
    return render(
        request,
        "colleges/threads/moderation_log.html",
        {
            "actions": selectors.moderation_log(request.user, college)[:200],
            "colleges": colleges,
            "selected": college,
            "page_title": _("Journal de modération"),
        },
    )


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)
