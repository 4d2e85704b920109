"""API of change requests and positions: the board, filing, supports, history, steps, positions.

Same rules (`proposals.rules`), selectors and services as the web views in `proposals/views.py`.
"""

from datetime import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as Answer
from pydantic import ConfigDict

from club.core.api.auth import MEMBER, WRITE, caller, require
from club.core.api.errors import ApiProblem, problems
from club.core.api.forms import validated
from club.core.api.pagination import Page, PageParams, ordered, paginate
from club.core.api.schemas import NOT_BLANK, InputSchema, PersonRef, person
from club.core.api.throttling import act_limits
from club.core.api.utils import created_at_location
from colleges.models import College
from proposals import rules, selectors, services
from proposals.forms import ChangeRequestForm, MergeForm, PositionBallotForm, PositionForm, StepForm
from proposals.lifecycle import FACILITATOR_STEPS, IPM_STEPS, POSITIONS, REQUESTS
from proposals.models import ChangeRequest, PortalArea, Position, Status

router = Router(tags=["requests"])

READ_ERRORS = (401, 422, 429)
WRITE_ERRORS = (401, 403, 404, 409, 422, 429)

# ---------------------------------------------------------------------------------------------
# Schemas


class CollegeRef(Schema):
    id: int
    slug: str
    name: str


class AreaOut(Schema):
    id: int
    slug: str
    name: str
    description: str


class ChangeRequestOut(Schema):
    id: int
    reference: str = Field(description="Référence affichée, par exemple DE-00042.")
    title: str
    status: Status
    status_label: str
    college: CollegeRef
    area: AreaOut
    author: PersonRef
    screen: str
    field_label: str
    current_behaviour: str
    expected_behaviour: str
    affected_who: str
    frequency: str
    tags: list[str]
    support_count: int
    merged_into: int | None = Field(description="La demande qui a absorbé ce doublon.")
    cycle_label: str
    decision_reason: str
    target_release: str
    created_at: datetime
    submitted_at: datetime | None
    status_changed_at: datetime
    web_url: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_author(obj) -> dict | None:
        return person(obj.author)

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return sorted(tag.name for tag in obj.tags.all())

    @staticmethod
    def resolve_merged_into(obj) -> int | None:
        return obj.merged_into_id

    @staticmethod
    def resolve_web_url(obj) -> str:
        return obj.get_absolute_url()


class EventOut(Schema):
    transition: str
    from_status: str
    to_status: str
    actor: PersonRef | None
    reason: str
    details: dict
    created_at: datetime


class PositionRef(Schema):
    id: int
    title: str
    status: str


class ViewerOut(Schema):
    """What the caller may do with this request now, by the same question as the site's buttons:
    the lifecycle table's state and permission (`proposals.selectors.request_viewer`)."""

    is_author: bool
    supports: bool
    follows: bool
    can_support: bool
    can_follow: bool
    can_submit: bool
    can_withdraw: bool
    can_merge: bool
    can_moderate: bool = Field(
        description="Une étape d'animation (discussion, fusion, position) est possible maintenant."
    )
    can_carry: bool = Field(description="Une étape du suivi IPM est possible maintenant.")
    steps: list[str] = Field(
        description="Les étapes (`/steps/{step}`) que vous pouvez enregistrer maintenant."
    )


class ChangeRequestDetail(ChangeRequestOut):
    history: list[EventOut] = Field(
        description="Chaque étape : qui, quand, pourquoi, de quel état vers lequel."
    )
    positions: list[PositionRef]
    merged_duplicates: list[int] = Field(description="Les doublons fusionnés dans cette demande.")
    viewer: ViewerOut

    @staticmethod
    def resolve_history(obj) -> list[dict]:
        return [
            {
                "transition": e.transition,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "actor": person(e.actor),
                "reason": e.reason,
                "details": e.details,
                "created_at": e.created_at,
            }
            for e in obj.events.all()
        ]

    @staticmethod
    def resolve_positions(obj, context) -> list[dict]:
        user = context["request"].user
        return [
            {"id": p.pk, "title": p.title, "status": p.status}
            for p in obj.positions.all()
            if rules.can_view_position(user, p)
        ]

    @staticmethod
    def resolve_merged_duplicates(obj) -> list[int]:
        return [r.pk for r in obj.merged_duplicates.all()]


class ChangeRequestIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "college": "editeurs-operateurs",
                    "area": "factures-emises",
                    "title": "Exposer le motif de rejet dans le flux de statut",
                    "screen": "Flux de retour de statut",
                    "current_behaviour": "Le flux ne donne que le code de rejet.",
                    "expected_behaviour": "Ajouter le libellé du motif à côté du code.",
                    "frequency": "daily",
                    "tags": ["rejet", "flux"],
                }
            ]
        }
    )

    college: str = Field(
        min_length=1,
        pattern=NOT_BLANK,
        description="Identifiant d'adresse (slug) d'un collège dont vous êtes membre.",
    )
    area: str = Field(
        min_length=1,
        pattern=NOT_BLANK,
        description="Identifiant d'adresse (slug) de l'espace du portail (voir /areas).",
    )
    title: str = Field(min_length=1, pattern=NOT_BLANK, max_length=200)
    current_behaviour: str = Field(min_length=1, pattern=NOT_BLANK, max_length=4000)
    expected_behaviour: str = Field(min_length=1, pattern=NOT_BLANK, max_length=4000)
    screen: str = Field("", max_length=200)
    field_label: str = Field("", max_length=200)
    affected_who: str = Field("", max_length=300)
    frequency: Literal["", "every_invoice", "daily", "weekly", "monthly", "occasionally"] = ""
    tags: list[str] = Field(default_factory=list, max_length=20)
    source_thread: int | None = Field(None, ge=1, le=2**31 - 1)
    source_url: str = Field("", max_length=200)
    submit: bool = Field(True, description="false : garder la demande en brouillon.")


class ReasonIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"reason": "Remplacée par une demande plus large."}]}
    )

    reason: str = Field("", max_length=2000)


class StepIn(ReasonIn):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "reason": "Discussion ouverte au sein du collège.",
                    "cycle_label": "",
                    "target_release": "",
                }
            ]
        }
    )

    cycle_label: str = Field("", max_length=60, description="Pour « escalate » : le cycle IPM.")
    target_release: str = Field("", max_length=60, description="Pour « plan » et « accept ».")


class MergeIn(ReasonIn):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"into": 42, "reason": "Même besoin que DE-00042."}]}
    )

    into: int = Field(ge=1, le=2**63 - 1, description="La demande qui subsiste.")


class SupportOut(Schema):
    request: int
    support_count: int
    created_at: datetime


class FollowOut(Schema):
    request: int
    follows: bool


class PositionOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    college: CollegeRef
    body: str
    thread_conclusions: str
    requests: list[int]
    ballot: int | None
    created_at: datetime
    put_to_vote_at: datetime | None
    decided_at: datetime | None
    web_url: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_requests(obj) -> list[int]:
        return [r.pk for r in obj.requests.all()]

    @staticmethod
    def resolve_ballot(obj) -> int | None:
        return obj.ballot_id

    @staticmethod
    def resolve_web_url(obj) -> str:
        return obj.get_absolute_url()


class PositionIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "college": "editeurs-operateurs",
                    "title": "Motifs de rejet lisibles",
                    "body": "Le collège demande que chaque rejet porte son libellé.",
                    "requests": [42, 43],
                }
            ]
        }
    )

    college: str = Field(
        min_length=1, pattern=NOT_BLANK, description="Identifiant d'adresse (slug) du collège."
    )
    title: str = Field(min_length=1, pattern=NOT_BLANK, max_length=200)
    body: str = Field(min_length=1, pattern=NOT_BLANK, max_length=10000)
    thread_conclusions: str = Field("", max_length=5000)
    requests: list[int] = Field(max_length=100)
    source_thread: int | None = Field(None, ge=1, le=2**31 - 1)


class PositionBallotIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "opens_at": "2027-03-01T09:00:00+01:00",
                    "closes_at": "2027-03-08T18:00:00+01:00",
                    "quorum_percent": 25,
                    "majority": "simple",
                }
            ]
        }
    )

    opens_at: datetime
    closes_at: datetime
    description: str = Field("", max_length=5000)
    secret: bool = True
    allow_change: bool = True
    quorum_percent: int = Field(0, ge=0, le=100)
    majority: Literal["simple", "three_fifths", "two_thirds"] = "simple"
    abstentions_count: bool = False


# ---------------------------------------------------------------------------------------------
# Helpers


def _detail(request, change_request: ChangeRequest) -> ChangeRequest:
    """The request with its history, positions and what the caller may do, for ChangeRequestDetail."""
    user = caller(request)
    change_request = selectors.request_detail(change_request.pk)
    change_request.viewer = selectors.request_viewer(user, change_request)
    return change_request


REQUEST_ORDERING = {
    "support_count": ("support_count", "created_at", "pk"),
    "created_at": ("created_at", "pk"),
    "status_changed_at": ("status_changed_at", "pk"),
    "title": ("title", "pk"),
}
RequestOrdering = Literal[
    "support_count",
    "-support_count",
    "created_at",
    "-created_at",
    "status_changed_at",
    "-status_changed_at",
    "title",
    "-title",
]


class RequestFilters(Schema):
    college: str | None = Field(None, max_length=100, description="Slug du collège.")
    area: str | None = Field(None, max_length=100, description="Slug de l'espace du portail.")
    status: Status | None = Field(
        None,
        description="Un état ; sans lui, les demandes en cours (ni brouillon, ni retirées, ni fusionnées).",
    )
    tag: str | None = Field(None, max_length=100)
    ordering: RequestOrdering = "-support_count"


def _by_slug(model, slug: str | None, field: str):
    if not slug:
        return None
    obj = model.objects.filter(slug=slug).first()
    if obj is None:
        raise ApiProblem(
            422,
            _("« %(value)s » ne correspond à aucun élément connu.") % {"value": slug},
            errors=[{"loc": ["query", field], "message": _("Valeur inconnue.")}],
        )
    return obj


# ---------------------------------------------------------------------------------------------
# Reads


@router.get(
    "/areas", response={200: list[AreaOut], **problems(*READ_ERRORS)}, summary="Espaces du portail"
)
def list_areas(request):
    """Les espaces du portail Chorus Pro proposés lors du dépôt d'une demande."""
    return list(PortalArea.objects.filter(is_active=True))


@router.get(
    "/requests",
    response={200: Page[ChangeRequestOut], **problems(*READ_ERRORS)},
    summary="Lister les demandes d'évolution",
)
def list_requests(request, filters: Query[RequestFilters], page: Query[PageParams]):
    """Le tableau public des demandes (jamais les brouillons), filtré et trié."""
    queryset = selectors.board_requests(
        college=_by_slug(College, filters.college, "college"),
        area=_by_slug(PortalArea, filters.area, "area"),
        status=filters.status or "",
        tag=(filters.tag or "").strip(),
    )
    return paginate(request, ordered(queryset, filters.ordering, REQUEST_ORDERING), page)


@router.get(
    "/requests/mine",
    auth=MEMBER,
    response={200: Page[ChangeRequestOut], **problems(*READ_ERRORS)},
    summary="Mes demandes",
)
def my_requests(request, page: Query[PageParams]):
    """Les demandes que vous avez déposées, brouillons compris."""
    return paginate(request, selectors.my_requests(caller(request)), page)


@router.get(
    "/requests/{int:pk}",
    response={200: ChangeRequestDetail, **problems(401, 404, 422, 429)},
    summary="Lire une demande, son historique et ses soutiens",
)
def get_request(request, pk: int):
    return _detail(request, selectors.access_request(caller(request), pk))


# ---------------------------------------------------------------------------------------------
# Writes


@router.post(
    "/requests",
    auth=WRITE,
    response={201: ChangeRequestDetail, **problems(401, 403, 409, 422, 429)},
    summary="Déposer une demande d'évolution",
    throttle=act_limits("change_request"),
)
def create_request(request, payload: ChangeRequestIn):
    """Dépose la demande (ou l'enregistre en brouillon avec `submit: false`) dans un de vos collèges."""
    user = caller(request)
    require(
        rules.can_file_request(user),
        _("Seuls les membres d'un collège peuvent déposer une demande d'évolution."),
    )
    college = College.objects.filter(slug=payload.college).first()
    area = PortalArea.objects.filter(slug=payload.area).first()
    form = ChangeRequestForm(
        {
            "title": payload.title,
            "college": college.pk if college else payload.college,
            "area": area.pk if area else payload.area,
            "screen": payload.screen,
            "field_label": payload.field_label,
            "current_behaviour": payload.current_behaviour,
            "expected_behaviour": payload.expected_behaviour,
            "affected_who": payload.affected_who,
            "frequency": payload.frequency,
            "tags": ", ".join(f'"{t}"' if "," in t or " " in t else t for t in payload.tags),
            "source_thread_id": payload.source_thread or "",
            "source_url": payload.source_url,
        },
        {},
        user=user,
    )
    validated(form, names={"source_thread_id": "source_thread"})
    change_request = services.create_request(
        author=user, **form.request_fields(), submit=payload.submit
    )
    created_at_location(request, f"/api/v1/requests/{change_request.pk}")
    return Answer(201, _detail(request, change_request))


@router.post(
    "/requests/{int:pk}/support",
    auth=WRITE,
    response={201: SupportOut, **problems(*WRITE_ERRORS)},
    summary="Soutenir une demande",
    throttle=act_limits("support"),
)
def support_request(request, pk: int):
    """Un soutien par membre du collège de la demande ; l'auteur ne soutient pas la sienne."""
    change_request = selectors.access_request(caller(request), pk)
    support = services.support_request(request=change_request, member=caller(request))
    created_at_location(request, f"/api/v1/requests/{change_request.pk}")
    return Answer(
        201,
        {
            "request": change_request.pk,
            "support_count": change_request.support_count,
            "created_at": support.created_at,
        },
    )


@router.post(
    "/requests/{int:pk}/follow",
    auth=WRITE,
    response={200: FollowOut, **problems(*WRITE_ERRORS)},
    summary="Suivre une demande",
)
def follow_request(request, pk: int):
    change_request = selectors.access_request(caller(request), pk)
    services.follow_request(request=change_request, user=caller(request))
    return {"request": change_request.pk, "follows": True}


@router.delete(
    "/requests/{int:pk}/follow",
    auth=WRITE,
    response={200: FollowOut, **problems(*WRITE_ERRORS)},
    summary="Ne plus suivre une demande",
)
def unfollow_request(request, pk: int):
    change_request = selectors.access_request(caller(request), pk)
    services.unfollow_request(request=change_request, user=caller(request))
    return {"request": change_request.pk, "follows": False}


@router.post(
    "/requests/{int:pk}/submit",
    auth=WRITE,
    response={200: ChangeRequestDetail, **problems(*WRITE_ERRORS)},
    summary="Déposer un brouillon",
)
def submit_request(request, pk: int):
    change_request = selectors.access_request(caller(request), pk)
    services.submit_request(request=change_request, actor=caller(request))
    return _detail(request, change_request)


@router.post(
    "/requests/{int:pk}/withdraw",
    auth=WRITE,
    response={200: ChangeRequestDetail, **problems(*WRITE_ERRORS)},
    summary="Retirer sa demande",
)
def withdraw_request(request, pk: int, payload: ReasonIn):
    change_request = selectors.access_request(caller(request), pk)
    user = caller(request)
    # The person first (403); a state that forbids it is the service's 409.
    require(
        REQUESTS.may(user, change_request, "withdraw"),
        _("Seul l'auteur peut retirer sa demande."),
    )
    services.withdraw_request(request=change_request, actor=user, reason=payload.reason)
    return _detail(request, change_request)


Step = Literal[
    "open_discussion",
    "reopen",
    "escalate",
    "start_instruction",
    "accept",
    "reject",
    "postpone",
    "plan",
    "start_pilot",
    "deliver",
]


@router.post(
    "/requests/{int:pk}/steps/{step}",
    auth=WRITE,
    response={200: ChangeRequestDetail, **problems(*WRITE_ERRORS)},
    summary="Faire avancer une demande (animateurs, délégués, équipe)",
)
def step_request(request, pk: int, step: Step, payload: StepIn):
    """Étapes des animateurs (`open_discussion`, `reopen`) et du suivi IPM (délégués et équipe).

    Demande la double authentification, comme sur le site (les règles la demandent).
    """
    from proposals.views import _run_step

    change_request = selectors.access_request(caller(request), pk)
    user = caller(request)
    require(step in FACILITATOR_STEPS + IPM_STEPS and REQUESTS.may(user, change_request, step))
    form = StepForm(payload.dict(), step=step)
    data = validated(form)
    _run_step(step, change_request, user, data)
    return _detail(request, change_request)


@router.post(
    "/requests/{int:pk}/merge",
    auth=WRITE,
    response={200: ChangeRequestDetail, **problems(*WRITE_ERRORS)},
    summary="Fusionner un doublon dans une autre demande (animateurs)",
)
def merge_request(request, pk: int, payload: MergeIn):
    duplicate = selectors.access_request(caller(request), pk)
    user = caller(request)
    require(REQUESTS.may(user, duplicate, "merge"))
    data = validated(MergeForm(payload.dict(), duplicate=duplicate))
    survivor = services.merge_request(
        duplicate=duplicate, into=data["into"], actor=user, reason=data["reason"]
    )
    return _detail(request, survivor)


# ---------------------------------------------------------------------------------------------
# Positions

positions = Router(tags=["positions"])


class PositionFilters(Schema):
    college: str | None = Field(None, max_length=100, description="Slug du collège.")
    status: Literal["draft", "in_vote", "adopted", "not_adopted"] | None = None
    ordering: Literal["created_at", "-created_at", "title", "-title"] = "-created_at"


POSITION_ORDERING = {"created_at": ("created_at", "pk"), "title": ("title", "pk")}


def _positions():
    from django.db.models import Prefetch

    return Position.objects.select_related("college").prefetch_related(
        Prefetch("requests", queryset=ChangeRequest.objects.only("pk").order_by("pk"))
    )


@positions.get(
    "/positions",
    response={200: Page[PositionOut], **problems(*READ_ERRORS)},
    summary="Lister les positions de collège",
)
def list_positions(request, filters: Query[PositionFilters], page: Query[PageParams]):
    """Les positions soumises au vote, et celles en préparation des collèges que vous lisez."""
    queryset = selectors.positions_visible_to(request.user, _positions())
    college = _by_slug(College, filters.college, "college")
    if college is not None:
        queryset = queryset.filter(college=college)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    return paginate(request, ordered(queryset, filters.ordering, POSITION_ORDERING), page)


@positions.get(
    "/positions/{int:pk}",
    response={200: PositionOut, **problems(401, 404, 422, 429)},
    summary="Lire une position",
)
def get_position(request, pk: int):
    return get_object_or_404(selectors.positions_visible_to(request.user, _positions()), pk=pk)


@positions.post(
    "/positions",
    auth=WRITE,
    response={201: PositionOut, **problems(401, 403, 404, 409, 422, 429)},
    summary="Rédiger une position (animateurs)",
)
def create_position(request, payload: PositionIn):
    """Consolide des demandes du collège (déposées ou en discussion) en une position."""
    user = caller(request)
    college = get_object_or_404(College, slug=payload.college)
    require(
        rules.can_build_position(user, college),
        _("Seuls les animateurs du collège peuvent rédiger ses positions."),
    )
    form = PositionForm(
        {
            "title": payload.title,
            "body": payload.body,
            "thread_conclusions": payload.thread_conclusions,
            "requests": payload.requests,
            "source_thread_id": payload.source_thread or "",
        },
        college=college,
        user=user,
    )
    data = validated(form, names={"source_thread_id": "source_thread"})
    position = services.build_position(
        college=college,
        title=data["title"],
        body=data["body"],
        requests=list(data["requests"]),
        actor=user,
        thread_conclusions=data["thread_conclusions"],
        source_thread=data["source_thread_id"],
    )
    created_at_location(request, f"/api/v1/positions/{position.pk}")
    return Answer(201, get_object_or_404(_positions(), pk=position.pk))


@positions.post(
    "/positions/{int:pk}/ballot",
    auth=WRITE,
    response={201: PositionOut, **problems(*WRITE_ERRORS)},
    summary="Soumettre une position au vote du collège (animateurs)",
)
def put_position_to_vote(request, pk: int, payload: PositionBallotIn):
    user = caller(request)
    position = get_object_or_404(Position.objects.select_related("college"), pk=pk)
    require(POSITIONS.may(user, position, "put_to_vote"))
    # The state, before the body: a position already put to the vote answers 409.
    POSITIONS.check(user, position, "put_to_vote")
    data = validated(PositionBallotForm(payload.dict()))
    services.open_position_ballot(
        position=position,
        actor=user,
        opens_at=data["opens_at"],
        closes_at=data["closes_at"],
        description=data["description"],
        secret=data["secret"],
        allow_change=data["allow_change"],
        quorum_percent=data["quorum_percent"],
        majority=data["majority"],
        abstentions_count=data["abstentions_count"],
    )
    created_at_location(request, f"/api/v1/ballots/{position.ballot_id}")
    return Answer(201, get_object_or_404(_positions(), pk=position.pk))


router.add_router("", positions)
