"""Reads shared by the pages, the feed and (later) the API, with their joins done once."""

from django.db import connection
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from club.core.domain import access
from club.core.folding import Folded, fold
from club.core.notifications.models import Notification
from colleges import rules as college_rules
from colleges.models import College
from proposals import rules
from proposals.models import (
    SUPPORTABLE_STATUSES,
    ChangeRequest,
    ChangeRequestEvent,
    Follow,
    Position,
    Screenshot,
    Support,
)
from proposals.notifications import REQUEST_STATUS


def _listing(qs: QuerySet) -> QuerySet:
    return qs.select_related("college", "area", "author").prefetch_related("tags")


def board_requests(
    *, college=None, area=None, status: str = "", tag: str = "", sort: str = "support"
):
    """Public requests for the board and its feed; drafts never, closed ones only on request."""
    qs = ChangeRequest.objects.public()
    qs = qs.filter(status=status) if status else qs.for_board()
    if college is not None:
        qs = qs.filter(college=college)
    if area is not None:
        qs = qs.filter(area=area)
    if tag:
        # Links carry the slug; people type the name. The join may repeat a request: distinct,
        # only here, since DISTINCT over every column cost the whole board a sort (make bench).
        qs = qs.filter(Q(tags__slug=tag) | Q(tags__name__iexact=tag)).distinct()
    order = ("-support_count", "-created_at", "-pk") if sort != "recent" else ("-created_at", "-pk")
    return _listing(qs).order_by(*order)


def _detail_queryset() -> QuerySet:
    return ChangeRequest.objects.select_related(
        "college", "area", "author", "merged_into", "source_thread"
    ).prefetch_related(
        "tags",
        Prefetch("screenshots", queryset=Screenshot.objects.order_by("pk")),
        Prefetch(
            "events",
            queryset=ChangeRequestEvent.objects.select_related("actor").order_by(
                "created_at", "pk"
            ),
        ),
        Prefetch("merged_duplicates", queryset=ChangeRequest.objects.order_by("pk")),
        Prefetch(
            "positions",
            queryset=Position.objects.select_related("ballot__tally").order_by("-created_at"),
        ),
    )


def request_detail(pk: int) -> ChangeRequest:
    return _detail_queryset().get(pk=pk)


def access_request(user, pk: int) -> ChangeRequest:
    """The request with its history, if `user` may see it (`can_view_request`), else NotVisible
    (404): fetch-and-authorise for the pages and the API, after Zulip's access_*."""
    return access(_detail_queryset(), user, rules.can_view_request, pk=pk)


def user_supports(user, request: ChangeRequest) -> bool:
    return user.is_authenticated and Support.objects.filter(request=request, member=user).exists()


def user_follows(user, request: ChangeRequest) -> bool:
    return user.is_authenticated and Follow.objects.filter(request=request, user=user).exists()


def my_requests(user) -> QuerySet:
    return _listing(ChangeRequest.objects.filter(author=user)).order_by("-created_at", "-pk")


def my_supported_requests(user) -> QuerySet:
    return _listing(ChangeRequest.objects.filter(supports__member=user)).order_by(
        "-status_changed_at"
    )


def my_notifications(user, limit: int = 20) -> list:
    """The latest notices about requests the person follows (the notifications app holds them)."""
    return list(
        Notification.objects.filter(recipient=user, kind=REQUEST_STATUS).order_by(
            "-created_at", "-pk"
        )[:limit]
    )


def positions_visible_to(user, positions=None):
    """Positions `user` may read (`rules.can_view_position`): every position put to the vote,
    and those in preparation of the colleges the person reads."""
    positions = Position.objects.all() if positions is None else positions
    readable = [c.pk for c in College.objects.all() if college_rules.can_read_college(user, c)]
    return positions.filter(~Q(status=Position.Status.DRAFT) | Q(college_id__in=readable))


def position_detail(pk: int) -> Position:
    return (
        Position.objects.select_related("college", "author", "ballot__tally", "source_thread")
        .prefetch_related(
            Prefetch("requests", queryset=_listing(ChangeRequest.objects.order_by("pk")))
        )
        .get(pk=pk)
    )


def support_refusal(user, request: ChangeRequest, *, supports: bool) -> str:
    """Why a signed-in person sees no « Soutenir » button, in words: the questions the
    lifecycle's `support` step asks, answered for this person (empty when they may, or do)."""
    if not (user and user.is_authenticated) or supports:
        return ""
    if request.status not in SUPPORTABLE_STATUSES:
        return _("Cette demande ne recueille pas de soutiens dans l'état « %(status)s ».") % {
            "status": request.get_status_display()
        }
    if rules.is_author(user, request):
        return _("Vous avez déposé cette demande : ses soutiens viennent des autres membres.")
    if not rules.is_member_of_request_college(user, request):
        return _(
            "Seuls les membres du collège « %(college)s » soutiennent ses demandes. Suivez-la "
            "pour être tenu informé de ses suites."
        ) % {"college": request.college}
    return ""


def request_viewer(user, request: ChangeRequest) -> dict:
    """What `user` may do with the request now, for the page's buttons and the API's `viewer`.

    Every answer comes from the lifecycle table (`proposals.lifecycle`: state and permission),
    so the site and the API cannot disagree.
    """
    from proposals import rules
    from proposals.lifecycle import FACILITATOR_STEPS, IPM_STEPS, REQUESTS

    acts = REQUESTS.viewer(user, request)
    steps = [name for name in FACILITATOR_STEPS + IPM_STEPS if acts[name]]
    supports = bool(user_supports(user, request))
    return {
        "is_author": bool(rules.is_author(user, request)),
        "supports": supports,
        "support_refusal": ""
        if acts["support"]
        else support_refusal(user, request, supports=supports),
        "follows": bool(user_follows(user, request)),
        "can_support": acts["support"],
        "can_follow": bool(rules.can_follow_request(user, request)),
        "can_submit": acts["submit"],
        "can_withdraw": acts["withdraw"],
        "can_merge": acts["merge"],
        "can_build_position": acts["put_in_vote"],
        "can_moderate": any(acts[name] for name in (*FACILITATOR_STEPS, "merge", "put_in_vote")),
        "can_carry": any(acts[name] for name in IPM_STEPS),
        "steps": steps,
    }


# --- Similar requests, while a member types a new one -------------------------------------------

SIMILAR_LIMIT = 5
SIMILAR_MIN_LENGTH = 8
# PostgreSQL's trigram similarity of titles (pg_trgm) above which a request is worth showing.
SIMILAR_THRESHOLD = 0.25
# Words that say nothing about which screen or field a request is about.
_COMMON_WORDS = frozenset(
    [
        "avec",
        "dans",
        "pour",
        "sans",
        "sont",
        "plus",
        "mais",
        "nous",
        "vous",
        "leur",
        "cette",
        "ceci",
        "etre",
        "avoir",
        "faire",
        "doit",
        "peut",
        "pouvoir",
        "lors",
        "afin",
        "ainsi",
        "aussi",
        "chorus",
        "facture",
        "factures",
        "demande",
        "champ",
        "ecran",
    ]
)


def similar_requests(title: str, *, exclude_pk: int | None = None) -> list[ChangeRequest]:
    """Filed requests whose title is close to `title`, closest first, so that a member supports
    one instead of filing it twice. PostgreSQL ranks by trigram similarity (typos and word
    forms forgiven); SQLite by the share of meaningful words in common, accents ignored."""
    title = " ".join((title or "").split())[:200]
    if len(title) < SIMILAR_MIN_LENGTH:
        return []
    requests = ChangeRequest.objects.public()
    if exclude_pk:
        requests = requests.exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramSimilarity

        return list(
            _listing(requests)
            .annotate(similarity=TrigramSimilarity("title", title))
            .filter(similarity__gte=SIMILAR_THRESHOLD)
            .order_by("-similarity", "-support_count", "-pk")[:SIMILAR_LIMIT]
        )
    words = {w for w in fold(title).replace("'", " ").split() if len(w) >= 4} - _COMMON_WORDS
    if not words:
        return []
    match = Q()
    for word in words:
        match |= Q(title_folded__contains=word)
    # A bounded set of candidates, scored here: the embedded default serves small clubs.
    candidates = (
        _listing(requests)
        .annotate(title_folded=Folded(F("title")))
        .filter(match)
        .order_by("-support_count", "-pk")[:200]
    )
    scored = []
    for request in candidates:
        shared = words & set(fold(request.title).replace("'", " ").split())
        if len(shared) * 2 >= len(words) or len(shared) >= 3:
            scored.append((len(shared) / len(words), request))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].support_count, -pair[1].pk))
    return [request for _score, request in scored[:SIMILAR_LIMIT]]
