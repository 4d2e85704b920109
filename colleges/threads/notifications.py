"""Who hears of a new post, a reply, a mention or a handled report, through `notify`.

Only people who may read the thread are told (`colleges.selectors.readers_of`, the query form of
`can_read_thread`): a member of another college never hears of this college's threads.

Mentions: `@prenom-nom`, the person's first and last names as a slug (accents and case ignored;
`@Élodie.Dupont` and `@elodie-dupont` both work). Only readers of the thread can be mentioned.
"""

import re
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from club.core.notifications.kinds import Kind, Mode
from club.core.notifications.services import notify
from colleges.selectors import readers_of
from colleges.threads.models import Post, Report, ThemeFollow, Thread, ThreadFollow

THREAD_POST = "thread_post"
REPLY_OR_MENTION = "reply_or_mention"
REPORT_HANDLED = "report_handled"
MODERATION = "moderation"

# The kinds of notice sent here, registered by `ThreadsConfig.ready` (club/core/notifications/kinds.py).
NOTICE_KINDS = (
    Kind(
        THREAD_POST,
        gettext_lazy("Nouveau message dans un fil suivi"),
        gettext_lazy("Quelqu'un écrit dans un fil ou un thème que vous suivez."),
        default_mode=Mode.DAILY,
        order=20,
    ),
    Kind(
        REPLY_OR_MENTION,
        gettext_lazy("Réponse ou mention"),
        gettext_lazy("Quelqu'un répond à votre message ou vous mentionne (@prenom-nom)."),
        order=30,
    ),
    Kind(
        REPORT_HANDLED,
        gettext_lazy("Suite donnée à un signalement"),
        gettext_lazy("Les animateurs ont traité un message que vous aviez signalé."),
        order=40,
    ),
    Kind(
        MODERATION,
        gettext_lazy("Modération de vos contributions"),
        gettext_lazy(
            "Un de vos messages est masqué ou rétabli, un fil que vous suivez est verrouillé : "
            "ce qui a été décidé, pourquoi, et comment le contester."
        ),
        # What was done to what one wrote is never silenced; only its e-mail may wait.
        can_disable=False,
        order=45,
    ),
)

MENTION = re.compile(r"(?<![\w@])@(\w[\w.-]*\w|\w)")


def mention_handles(body: str) -> set[str]:
    """The handles written as `@handle` in a post, normalised as slugs."""
    return {slugify(token.replace(".", "-").replace("_", "-")) for token in MENTION.findall(body)}


def handle_of(user) -> str:
    return slugify(f"{user.first_name} {user.last_name}")


def _post_url(post: Post) -> str:
    return post.get_absolute_url()


def _author_name(post: Post) -> str:
    if post.author is None:
        return _("Un membre")
    return post.author.get_full_name() or _("Un membre")


def post_created(post: Post, thread: Thread) -> None:
    """Tell the replied-to author, the mentioned readers, then the thread's followers."""
    readers = readers_of(thread.college)
    excerpt = Truncator(post.body).chars(400)
    author = _author_name(post)
    url = _post_url(post)
    direct: set[int] = set()
    if post.reply_to_id and post.reply_to and post.reply_to.author_id:
        direct.add(post.reply_to.author_id)
    handles = mention_handles(post.body)
    if handles:
        for person in readers.only("pk", "first_name", "last_name"):
            if handle_of(person) in handles:
                direct.add(person.pk)
    if direct:
        direct = set(readers.filter(pk__in=direct).values_list("pk", flat=True))
        notify(
            direct,
            REPLY_OR_MENTION,
            subject=_("%(author)s vous répond ou vous mentionne dans « %(thread)s »")
            % {"author": author, "thread": thread.title},
            body=excerpt,
            url=url,
            actor=post.author,
        )
    followers = set(
        ThreadFollow.objects.filter(thread=thread).values_list("user_id", flat=True)
    ) | set(ThemeFollow.objects.filter(theme_id=thread.theme_id).values_list("user_id", flat=True))
    followers -= direct
    if followers:
        followers = set(readers.filter(pk__in=followers).values_list("pk", flat=True))
        notify(
            followers,
            THREAD_POST,
            subject=_("Nouveau message de %(author)s dans « %(thread)s »")
            % {"author": author, "thread": thread.title},
            body=excerpt,
            url=url,
            actor=post.author,
        )


def _moderators_of(actor, thread: Thread) -> str:
    """Who decided, by role rather than by name: the club's team or the college's facilitators."""
    if actor is not None and actor.is_staff:
        return _("l'équipe du club")
    return _("les animateurs du collège « %(college)s »") % {"college": thread.college.name}


def _how_to_contest() -> str:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return _(
        "Si vous contestez cette décision, répondez à un animateur du collège ou écrivez à "
        "l'équipe du club (%(address)s) : elle réexamine chaque contestation."
    ) % {"address": address}


def post_hidden(post: Post, *, actor) -> None:
    """Tell the author that their post is hidden, why, by whom (the role) and how to contest."""
    if post.author_id is None:
        return
    notify(
        [post.author_id],
        MODERATION,
        subject=_("Votre message dans « %(thread)s » a été masqué") % {"thread": post.thread.title},
        body="\n\n".join(
            [
                _("Masqué par %(who)s, pour ce motif : %(reason)s")
                % {"who": _moderators_of(actor, post.thread), "reason": post.hidden_reason},
                _(
                    "Vous voyez toujours votre message et ce motif sur la page du fil ; les autres "
                    "membres voient qu'un message a été masqué."
                ),
                _how_to_contest(),
            ]
        ),
        url=_post_url(post),
        actor=actor,
    )


def post_restored(post: Post, *, actor) -> None:
    if post.author_id is None:
        return
    notify(
        [post.author_id],
        MODERATION,
        subject=_("Votre message dans « %(thread)s » est de nouveau visible")
        % {"thread": post.thread.title},
        body=_("Rétabli par %(who)s.") % {"who": _moderators_of(actor, post.thread)},
        url=_post_url(post),
        actor=actor,
    )


def thread_locked(thread: Thread, *, actor, reason: str) -> None:
    """Tell the thread's opener and followers that nobody can write in it any more, and why."""
    followers = set(ThreadFollow.objects.filter(thread=thread).values_list("user_id", flat=True))
    readers = readers_of(thread.college).filter(pk__in=followers | {thread.opened_by_id} - {None})
    notify(
        readers.values_list("pk", flat=True),
        MODERATION,
        subject=_("Le fil « %(thread)s » est verrouillé") % {"thread": thread.title},
        body="\n\n".join(
            [
                _("Verrouillé par %(who)s. Motif : %(reason)s")
                % {
                    "who": _moderators_of(actor, thread),
                    "reason": reason or _("aucun motif indiqué"),
                },
                _("Les messages restent lisibles ; on ne peut plus y répondre."),
                _how_to_contest(),
            ]
        ),
        url=reverse("colleges:thread_detail", kwargs={"pk": thread.pk}),
        actor=actor,
    )


def reports_handled(post: Post, reports: list[Report], *, hidden: bool) -> None:
    """Tell the people who reported a post what the facilitators decided."""
    reporters = {report.reporter_id for report in reports}
    if not reporters:
        return
    readers = readers_of(post.thread.college)
    if hidden:
        subject = _("Votre signalement dans « %(thread)s » : le message est masqué")
    else:
        subject = _("Votre signalement dans « %(thread)s » a été examiné, le message reste visible")
    notify(
        readers.filter(pk__in=reporters).values_list("pk", flat=True),
        REPORT_HANDLED,
        subject=subject % {"thread": post.thread.title},
        body=_(
            "Merci de votre vigilance : les animateurs du collège ont traité votre signalement."
        ),
        url=_post_url(post),
    )
