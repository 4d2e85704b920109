"""Search across threads, posts, requests, positions, ballots, IPM items and whitepapers.

Every kind starts from the queryset its own app already uses for reading (the colleges' reading
predicate, `ChangeRequest.objects.public()`, `ballots_visible_to`, Wagtail's live and public
pages...), so a result, and a count, never includes what the person may not open.

On PostgreSQL: French full-text search with accents ignored, ranked, with highlighted
snippets; the vectors are indexed (see vectors.py). On SQLite: each word, accents, case and
apostrophes ignored, in the folded text (club/core/folding.py).
A search costs a fixed number of queries whatever the number of results.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import CharField, F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.db.models.lookups import Contains
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from club.core.folding import Folded, fold
from club.search import snippets, vectors
from colleges.models import College
from colleges.rules import can_read_college
from colleges.threads.models import Post, Thread
from proposals.ipm.models import AgendaItem
from proposals.models import ChangeRequest, Position
from votes.models import Ballot
from votes.selectors import ballots_visible_to
from whitepapers.models import WhitepaperPage

PAGE_SIZE = 20
QUERY_MAX = 200


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def readable_college_ids(user) -> list[int]:
    """Colleges whose themes and threads `user` may read, by the colleges' own predicate."""
    if not (user and user.is_authenticated):
        return []
    return [c.pk for c in College.objects.only("pk", "is_plenary") if can_read_college(user, c)]


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    plural: str
    date_field: str
    college_field: str | None
    tag_field: str | None
    snippet_fields: tuple[str, ...]
    readable: Callable  # (user, context) -> QuerySet
    related: tuple[str, ...] = ()


def _threads(user, ctx):
    return Thread.objects.filter(college_id__in=ctx["college_ids"])


def _posts(user, ctx):
    return Post.objects.filter(thread__college_id__in=ctx["college_ids"], is_hidden=False)


def _requests(user, ctx):
    return ChangeRequest.objects.public()


def _positions(user, ctx):
    # Positions in preparation are the facilitators' work in progress: not searched.
    return Position.objects.exclude(status=Position.Status.DRAFT)


def _ballots(user, ctx):
    if not (user and user.is_authenticated):
        return Ballot.objects.none()
    return Ballot.objects.filter(pk__in=ballots_visible_to(user).values("pk"))


def _items(user, ctx):
    # Cycles, their agenda and reports are public (proposals/ipm/rules.py).
    return AgendaItem.objects.all()


def _whitepapers(user, ctx):
    return WhitepaperPage.objects.live().public()


KINDS = {
    k.key: k
    for k in [
        Kind(
            "thread",
            _("Fil de discussion"),
            _("Fils de discussion"),
            "created_at",
            "college",
            "tags",
            (),  # the title is the result's heading already
            _threads,
            ("college", "theme"),
        ),
        Kind(
            "post",
            _("Message"),
            _("Messages"),
            "created_at",
            "thread__college",
            "thread__tags",
            ("body",),
            _posts,
            ("thread__college", "author"),
        ),
        Kind(
            "request",
            _("Demande d'évolution"),
            _("Demandes d'évolution"),
            "created_at",
            "college",
            "tags",
            ("current_behaviour", "expected_behaviour"),
            _requests,
            ("college",),
        ),
        Kind(
            "position",
            _("Position de collège"),
            _("Positions de collège"),
            "created_at",
            "college",
            None,
            ("body", "thread_conclusions"),
            _positions,
            ("college",),
        ),
        Kind(
            "ballot",
            _("Scrutin"),
            _("Scrutins"),
            "opens_at",
            "college",
            None,
            ("description", "subject_label"),
            _ballots,
            ("college",),
        ),
        Kind(
            "item",
            _("Point de cycle IPM"),
            _("Points de cycles IPM"),
            "escalated_at",
            "college",
            None,
            ("reason", "vote_result"),
            _items,
            ("college", "cycle"),
        ),
        Kind(
            "whitepaper",
            _("Livre blanc"),
            _("Livres blancs"),
            "first_published_at",
            "colleges",
            "tags",
            ("summary",),
            _whitepapers,
        ),
    ]
}


@dataclass(frozen=True)
class Criteria:
    q: str
    kind: str = ""
    college: College | None = None
    date_from: date | None = None
    date_to: date | None = None
    tag: str = ""

    @property
    def words(self) -> list[str]:
        return self.q.split()


@dataclass
class Result:
    kind: Kind
    pk: int
    title: str
    url: str
    date: datetime | None
    college: str
    snippet: str
    rank: float = 0.0


@dataclass
class Outcome:
    criteria: Criteria
    counts: dict = field(default_factory=dict)  # kind key -> count of readable matches

    @property
    def grand_total(self) -> int:
        return sum(self.counts.values())

    @property
    def total(self) -> int:
        if self.criteria.kind:
            return self.counts.get(self.criteria.kind, 0)
        return sum(self.counts.values())


def _aware(day: date, *, end: bool = False) -> datetime:
    moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    return timezone.make_aware(moment)


def _query(criteria: Criteria) -> SearchQuery:
    return SearchQuery(criteria.q, config=vectors.CONFIG, search_type="websearch")


def _matching(kind: Kind, criteria: Criteria, user, ctx) -> QuerySet:
    """Readable objects of one kind matching the words and filters, with `s_rank` and `s_date`."""
    qs = kind.readable(user, ctx)
    # A filter this kind cannot carry (a tag on a ballot...) empties it, but the queryset still
    # goes through the annotations below: the page asks every kind for `s_kind` & co., even an
    # empty one chosen with `kind=` (a bare `.none()` here was a FieldError, a 500 for anyone).
    excluded = False
    if criteria.college is not None:
        if kind.college_field is None:
            excluded = True
        else:
            qs = qs.filter(**{kind.college_field: criteria.college})
    if criteria.tag:
        if kind.tag_field is None:
            excluded = True
        else:
            qs = qs.filter(**{f"{kind.tag_field}__slug": slugify(criteria.tag)})
    if excluded:
        qs = qs.none()
    if criteria.date_from:
        qs = qs.filter(**{f"{kind.date_field}__gte": _aware(criteria.date_from)})
    if criteria.date_to:
        qs = qs.filter(**{f"{kind.date_field}__lt": _aware(criteria.date_to, end=True)})
    if uses_postgres():
        query = _query(criteria)
        qs = qs.annotate(s_vector=vectors.vector(kind.key)).filter(s_vector=query)
        rank = SearchRank(vectors.vector(kind.key), query)
    else:
        # Accents, case and apostrophes ignored, as on PostgreSQL (club/core/folding.py).
        rank = Value(0.0, output_field=FloatField())
        for word in fold(criteria.q).split():
            match = Q()
            for name, _weight in vectors.FIELDS[kind.key]:
                match |= Q(Contains(Folded(F(name)), word))
            qs = qs.filter(match)
    return qs.annotate(
        s_kind=Value(kind.key, output_field=CharField()),
        s_id=F("pk"),
        s_rank=rank,
        s_date=F(kind.date_field),
    )


def search(user, criteria: Criteria) -> tuple[Outcome, QuerySet | None]:
    """Counts per kind for these words and filters, and the rows to page through.

    The rows are (kind, id, rank, date) tuples from one UNION query, best first; `results()`
    turns a page of them into `Result`s.
    """
    ctx = {"college_ids": readable_college_ids(user)}
    matching = {key: _matching(kind, criteria, user, ctx) for key, kind in KINDS.items()}
    outcome = Outcome(criteria=criteria)
    for key, qs in matching.items():
        outcome.counts[key] = qs.count()
    chosen = [criteria.kind] if criteria.kind else [k for k, n in outcome.counts.items() if n]
    if not chosen:
        return outcome, None
    rows = [
        matching[key].order_by().values_list("s_kind", "s_id", "s_rank", "s_date") for key in chosen
    ]
    combined = rows[0].union(*rows[1:], all=True) if len(rows) > 1 else rows[0]
    return outcome, combined.order_by("-s_rank", "-s_date", "s_kind", "-s_id")


class RowPage:
    """What `Paginator` needs from the UNION: its total (already counted) and slices."""

    def __init__(self, rows: QuerySet | None, total: int):
        self.rows, self.total = rows, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if self.rows is None:
            return []
        return list(self.rows[index])


def _snippet_expression(kind: Kind):
    parts = []
    for name in kind.snippet_fields:
        parts += [F(name), Value(" ")]
    return Concat(*parts[:-1], output_field=CharField()) if len(parts) > 2 else parts[0]


def _title(kind: Kind, obj) -> str:
    if kind.key == "post":
        return str(obj.thread.title)
    if kind.key == "ballot":
        return obj.question
    return obj.title


def _url(kind: Kind, obj) -> str:
    if kind.key == "thread":
        return reverse("colleges:thread_detail", args=[obj.pk])
    if kind.key == "post":
        return obj.get_absolute_url()
    if kind.key == "ballot":
        return reverse("votes:detail", args=[obj.pk])
    if kind.key == "whitepaper":
        return obj.get_url() or ""
    return obj.get_absolute_url()


def _college_name(kind: Kind, obj) -> str:
    if kind.key == "whitepaper":
        return ""
    college = obj.thread.college if kind.key == "post" else obj.college
    return college.name


def results(rows: list, criteria: Criteria) -> list[Result]:
    """Load one page of rows: one query per kind present, snippets computed for them only."""
    wanted: dict[str, list] = {}
    for key, pk, _rank, _date in rows:
        wanted.setdefault(key, []).append(pk)
    loaded: dict[tuple[str, int], object] = {}
    for key, pks in wanted.items():
        kind = KINDS[key]
        qs = _model_of(kind).objects.filter(pk__in=pks).select_related(*kind.related)
        if uses_postgres() and kind.snippet_fields:
            qs = qs.annotate(
                s_snippet=SearchHeadline(
                    _snippet_expression(kind),
                    _query(criteria),
                    config=vectors.CONFIG,
                    start_sel=snippets.START,
                    stop_sel=snippets.STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                )
            )
        for obj in qs:
            loaded[(key, obj.pk)] = obj
    out = []
    for key, pk, rank, when in rows:
        obj = loaded.get((key, pk))
        if obj is None:  # deleted between the two queries
            continue
        kind = KINDS[key]
        if not kind.snippet_fields:
            snippet = ""
        elif uses_postgres():
            snippet = snippets.sanitise_headline(obj.s_snippet)
        else:
            text = " ".join(str(getattr(obj, name) or "") for name in kind.snippet_fields)
            snippet = snippets.excerpt(text, criteria.words)
        out.append(
            Result(
                kind=kind,
                pk=pk,
                title=_title(kind, obj),
                url=_url(kind, obj),
                date=when,
                college=_college_name(kind, obj),
                snippet=snippet,
                rank=rank or 0.0,
            )
        )
    return out


MODELS = {
    "thread": Thread,
    "post": Post,
    "request": ChangeRequest,
    "position": Position,
    "ballot": Ballot,
    "item": AgendaItem,
    "whitepaper": WhitepaperPage,
}


def _model_of(kind: Kind):
    return MODELS[kind.key]
