"""API of IPM cycles: cycles and their agenda, items with analysis, arguments and decisions;
escalating a position, arguing an item, recording a decision.

Same rules (`proposals.ipm.rules`), selectors and services as `proposals/ipm/views.py`.
Cycles, their agenda and decisions are public, as on the site.
"""

from datetime import date, datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status as Answer
from pydantic import ConfigDict

from club.core.api.auth import WRITE, caller, require
from club.core.api.errors import ApiProblem, problems
from club.core.api.forms import validated
from club.core.api.schemas import NOT_BLANK, InputSchema, PersonRef, person
from club.core.api.utils import Extended, created_at_location
from colleges import rules as college_rules
from proposals.ipm import forms, rules, selectors, services
from proposals.ipm.models import Cycle, Outcome, Priority

router = Router(tags=["ipm"])

WRITE_ERRORS = (401, 403, 404, 409, 422, 429)


class CycleOut(Schema):
    number: int
    label: str
    phase: str
    phase_label: str
    collection_starts_on: date
    instruction_starts_on: date | None
    arbitration_starts_on: date | None
    closes_on: date | None
    description: str
    item_count: int
    decided_count: int

    @staticmethod
    def resolve_phase_label(obj) -> str:
        return str(obj.get_phase_display())


class IpmDecisionOut(Schema):
    id: int
    session: int
    outcome: str
    outcome_label: str
    priority: str
    target_release: str
    reasons: str
    postponed_to: int | None = Field(description="Numéro du cycle où l'objet est reporté.")
    decided_at: datetime

    @staticmethod
    def resolve_session(obj) -> int:
        return obj.session_id

    @staticmethod
    def resolve_outcome_label(obj) -> str:
        return str(obj.get_outcome_display())

    @staticmethod
    def resolve_postponed_to(obj) -> int | None:
        return obj.postponed_to.number if obj.postponed_to_id else None


class ItemOut(Schema):
    id: int
    cycle: int
    college: str
    title: str
    position: int = Field(description="La position du collège portée à l'IPM.")
    vote_result: str
    support_total: int
    reason: str
    escalated_at: datetime
    decisions: list[IpmDecisionOut]

    @staticmethod
    def resolve_cycle(obj) -> int:
        return obj.cycle.number

    @staticmethod
    def resolve_college(obj) -> str:
        return obj.college.slug

    @staticmethod
    def resolve_position(obj) -> int:
        return obj.position_id

    @staticmethod
    def resolve_decisions(obj):
        return list(obj.decisions.all())


class AnalysisOut(Schema):
    feasibility: str
    effort: str
    impact: str
    portal_opinion: str
    updated_at: datetime


class ArgumentOut(Schema):
    id: int
    author: PersonRef | None
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj):
        return person(obj.author)


class ItemDetail(ItemOut):
    requests: list[int] = Field(description="Les demandes d'évolution portées par cet objet.")
    analysis: AnalysisOut | None
    arguments: list[ArgumentOut]
    escalated_by: PersonRef | None

    @staticmethod
    def resolve_requests(obj) -> list[int]:
        return [r.pk for r in obj.position.requests.all()]

    @staticmethod
    def resolve_analysis(obj):
        return getattr(obj, "analysis", None)

    @staticmethod
    def resolve_arguments(obj):
        return list(obj.arguments.all())

    @staticmethod
    def resolve_escalated_by(obj):
        return person(obj.escalated_by)


class CycleDetail(CycleOut):
    items: list[ItemOut]


class EscalateIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"position": 7, "reason": "Position adoptée à 82 % par le collège."}]
        }
    )

    position: int = Field(ge=1, le=2**63 - 1, description="Une position adoptée de votre collège.")
    reason: str = Field("", max_length=4000)


class ArgumentIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"body": "Trois éditeurs sur quatre rencontrent ce rejet chaque semaine."}]
        }
    )

    body: str = Field(min_length=1, pattern=NOT_BLANK, max_length=4000)


class IpmDecisionIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "outcome": "accepted",
                    "reasons": "Demande partagée par les trois collèges.",
                    "priority": "high",
                    "target_release": "2027.2",
                }
            ]
        }
    )

    outcome: Literal[tuple(Outcome.values)]  # type: ignore[valid-type]
    reasons: str = Field(min_length=1, pattern=NOT_BLANK, max_length=4000)
    priority: Literal[("", *Priority.values)] = Field(  # type: ignore[valid-type]
        "", description="Pour une évolution acceptée."
    )
    target_release: str = Field("", max_length=60)
    postponed_to: int | None = Field(None, ge=1, le=32767, description="Numéro du cycle de report.")


def _cycle_list():
    return selectors.cycles()


@router.get(
    "/ipm/cycles", response={200: list[CycleOut], **problems(401, 422, 429)}, summary="Cycles IPM"
)
def list_cycles(request):
    return list(_cycle_list())


@router.get(
    "/ipm/cycles/{int:number}",
    response={200: CycleDetail, **problems(401, 404, 422, 429)},
    summary="Un cycle IPM et son ordre du jour",
)
def get_cycle(request, number: int):
    cycle = _cycle_list().filter(number=number).first()
    if cycle is None:
        raise ApiProblem(404, _("Ce cycle n'existe pas."))
    return Extended(cycle, items=list(selectors.agenda(cycle)))


@router.get(
    "/ipm/items/{int:pk}",
    response={200: ItemDetail, **problems(401, 404, 422, 429)},
    summary="Un objet de l'ordre du jour : analyse, arguments, décision",
)
def get_item(request, pk: int):
    return selectors.access_item(caller(request), pk)


@router.post(
    "/ipm/escalations",
    auth=WRITE,
    response={201: ItemDetail, **problems(*WRITE_ERRORS)},
    summary="Porter une position adoptée au cycle ouvert (délégués)",
)
def escalate(request, payload: EscalateIn):
    user = caller(request)
    require(
        college_rules.is_any_delegate(user),
        _("Seuls les délégués à l'IPM portent une position."),
    )
    open_cycle = selectors.open_cycle()
    if open_cycle is None:
        raise ApiProblem(409, _("Aucun cycle ne collecte de demandes en ce moment."))
    form = forms.EscalateForm(payload.dict(), positions=selectors.escalable_positions(user))
    data = validated(form)
    item = services.escalate_position(
        position=data["position"], cycle=open_cycle, actor=user, reason=data["reason"]
    )
    created_at_location(request, f"/api/v1/ipm/items/{item.pk}")
    return Answer(201, selectors.access_item(user, item.pk))


@router.post(
    "/ipm/items/{int:pk}/arguments",
    auth=WRITE,
    response={201: ArgumentOut, **problems(*WRITE_ERRORS)},
    summary="Ajouter un argument au dossier (délégués, équipe)",
)
def argue(request, pk: int, payload: ArgumentIn):
    user = caller(request)
    item = selectors.access_item(user, pk)
    require(rules.can_argue_item(user), _("Seuls les délégués et l'équipe du club argumentent."))
    data = validated(forms.ArgumentForm(payload.dict()))
    argument = services.add_argument(item=item, actor=user, body=data["body"])
    created_at_location(request, f"/api/v1/ipm/items/{item.pk}")
    return Answer(201, argument)


@router.post(
    "/ipm/sessions/{int:pk}/decisions/{int:item_pk}",
    auth=WRITE,
    response={201: ItemDetail, **problems(*WRITE_ERRORS)},
    summary="Enregistrer la décision de la plénière sur un objet (équipe)",
)
def decide(request, pk: int, item_pk: int, payload: IpmDecisionIn):
    user = caller(request)
    plenary = selectors.access_session(user, pk)
    item = selectors.access_item(user, item_pk)
    if item.cycle_id != plenary.cycle_id:
        raise ApiProblem(404, _("Cet objet n'est pas à l'ordre du jour de cette plénière."))
    require(rules.can_record_decision(user), _("Seule l'équipe du club enregistre les décisions."))
    data = payload.dict()
    target = (
        Cycle.objects.filter(number=payload.postponed_to).first() if payload.postponed_to else None
    )
    data["postponed_to"] = target.pk if target else (payload.postponed_to or "")
    cleaned = validated(forms.DecisionForm(data, cycle=plenary.cycle))
    services.record_decision(item=item, session=plenary, actor=user, **cleaned)
    created_at_location(request, f"/api/v1/ipm/items/{item.pk}")
    return Answer(201, selectors.access_item(user, item.pk))
