"""API of ballots: listing, reading, casting a vote, results, candidacies, opening a ballot.

Same rules (`votes.rules`), selectors and services as `votes/views.py`. Reads never write: a
ballot opens and closes in the scheduled services (votes.tasks), within a minute of its time;
until its close is counted, its results answer 409 « counting ».
"""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status as Answer
from pydantic import ConfigDict

from club.core.api.auth import MEMBER, WRITE, caller, require
from club.core.api.errors import ApiProblem, describe, problems
from club.core.api.forms import validated
from club.core.api.pagination import Page, PageParams, paginate
from club.core.api.schemas import NOT_BLANK, InputSchema
from club.core.api.throttling import act_limits
from club.core.api.utils import Extended, created_at_location
from colleges.models import College
from votes import receipts, rules, selectors, services
from votes.forms import BallotForm, CandidacyForm
from votes.lifecycle import BALLOTS, effective_state
from votes.models import Ballot

router = Router(tags=["votes"])

WRITE_ERRORS = (401, 403, 404, 409, 422, 429)


class OptionOut(Schema):
    id: int
    label: str
    role: str


class BallotOut(Schema):
    id: int
    college: str = Field(description="Slug du collège.")
    kind: Literal["position", "single", "approval", "election"]
    question: str
    subject_label: str
    description: str
    status: Literal["candidacy", "upcoming", "open", "closed"]
    opens_at: datetime
    closes_at: datetime
    candidacy_opens_at: datetime | None
    candidacy_closes_at: datetime | None
    max_choices: int
    secret: bool
    allow_change: bool
    quorum_percent: int
    majority: str
    participant_count: int
    elector_count: int
    i_am_elector: bool
    i_voted: bool

    @staticmethod
    def resolve_college(obj) -> str:
        return obj.college.slug

    @staticmethod
    def resolve_status(obj) -> str:
        return effective_state(obj)


class BallotViewerOut(Schema):
    """What the caller may do with this ballot now, by the site's question (`votes.lifecycle`)."""

    can_vote: bool
    can_stand: bool
    can_read_results: bool


class BallotDetail(BallotOut):
    options: list[OptionOut]
    viewer: BallotViewerOut

    @staticmethod
    def resolve_viewer(obj, context) -> dict:
        acts = BALLOTS.viewer(caller(context["request"]), getattr(obj, "_obj", obj))
        return {
            "can_vote": acts["vote"],
            "can_stand": acts["stand"],
            "can_read_results": acts["read_results"],
        }


class ResultLine(Schema):
    option: int
    label: str
    count: int
    share_percent: Decimal
    rank: int
    winner: bool


class ResultsOut(Schema):
    ballot: int
    computed_at: datetime
    electorate: int
    participants: int
    expressed: int
    abstentions: int
    quorum_reached: bool
    outcome: str
    outcome_label: str
    draw_used: bool
    lines: list[ResultLine]
    board: list["BoardLineOut"] = Field(
        description="Le tableau des bulletins publié à la clôture : l'empreinte de chaque "
        "récépissé et les options comptées pour lui, sans rien qui désigne un votant."
    )
    public_votes: list[dict] = Field(
        description="Qui a voté quoi, et la raison donnée s'il y en a une, pour les scrutins "
        "publics seulement."
    )


class BoardLineOut(Schema):
    receipt_hash: str = Field(
        description="Empreinte (HMAC-SHA256 à clé du serveur) d'un code de récépissé."
    )
    choices: list[int] = Field(description="Les options comptées ; vide = vote blanc.")


ResultsOut.model_rebuild()


class ReceiptCheckIn(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"receipt_code": "K7QF-29XD-M3PA"}]})

    receipt_code: str = Field(
        min_length=1, pattern=NOT_BLANK, max_length=32, description="Votre code de récépissé."
    )


class ReceiptCheckOut(Schema):
    receipt_hash: str = Field(description="L'empreinte de votre récépissé dans le tableau.")
    counted: bool = Field(description="Votre bulletin figure dans le tableau publié.")
    choices: list[int] = Field(description="Les options comptées pour votre bulletin.")


# A vote names its options; a blank vote (approval, election) says `blank: true` instead, so that
# an empty list is never sent by mistake to a ballot that needs one answer.
class VoteIn(InputSchema):
    # Without `options`, `blank: true` is needed (422 otherwise): said in the descriptions, not
    # as a top-level anyOf, which the fuzzer's coverage phase cannot draw from reliably.
    model_config = ConfigDict(json_schema_extra={"examples": [{"options": [12]}, {"blank": True}]})

    options: list[int] = Field(
        default_factory=list,
        min_length=1,
        max_length=50,
        description=(
            "Les options choisies (une seule pour une position ou un choix unique) ; "
            "à omettre pour un vote blanc (`blank: true`)."
        ),
    )
    blank: bool = Field(
        False,
        description="true : vote blanc (approbation, élection), sans `options`.",
    )
    receipt_code: str = Field(
        "", max_length=32, description="Pour modifier un vote déjà enregistré."
    )


class ReceiptOut(Schema):
    receipt_code: str = Field(
        description="Affiché une seule fois : il permet de vérifier et de modifier son vote."
    )
    changed: bool


class CandidacyIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "statement": "Éditrice depuis dix ans, je porterai les demandes du collège à l'IPM."
                }
            ]
        }
    )

    statement: str = Field(min_length=1, pattern=NOT_BLANK, max_length=3000)


class CandidacyOut(Schema):
    ballot: int
    statement: str


class BallotIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "college": "editeurs-operateurs",
                    "question": "Faut-il demander l'API de statut en temps réel ?",
                    "kind": "single",
                    "options": ["Oui", "Non"],
                    "opens_at": "2027-03-01T09:00:00+01:00",
                    "closes_at": "2027-03-08T18:00:00+01:00",
                }
            ]
        }
    )

    college: str = Field(min_length=1, pattern=NOT_BLANK, description="Slug du collège.")
    question: str = Field(min_length=1, pattern=NOT_BLANK, max_length=300)
    subject_label: str = Field("", max_length=300)
    description: str = Field("", max_length=5000)
    kind: Literal["single", "approval", "election"]
    options: list[str] = Field(default_factory=list, max_length=50)
    max_choices: int | None = Field(None, ge=1, le=20)
    opens_at: datetime
    closes_at: datetime
    candidacy_opens_at: datetime | None = None
    candidacy_closes_at: datetime | None = None
    secret: bool = True
    allow_change: bool = True
    quorum_percent: int = Field(0, ge=0, le=100)
    majority: Literal["simple", "three_fifths", "two_thirds"] = "simple"
    abstentions_count: bool = False


def _annotated(request, pk: int) -> Ballot:
    return selectors.ballots_visible_to(caller(request)).get(pk=pk)


class BallotFilters(Schema):
    college: str | None = Field(None, max_length=100, description="Slug du collège.")
    status: Literal["upcoming", "open", "closed"] | None = Field(
        None, description="« upcoming » comprend les élections en période de candidature."
    )
    ordering: Literal["closes_at", "-closes_at", "opens_at", "-opens_at"] = "closes_at"


@router.get(
    "/ballots",
    auth=MEMBER,
    response={200: Page[BallotOut], **problems(401, 422, 429)},
    summary="Scrutins de mes collèges",
)
def list_ballots(request, filters: Query[BallotFilters], page: Query[PageParams]):
    now = timezone.now()
    queryset = selectors.ballots_visible_to(caller(request))
    if filters.college:
        queryset = queryset.filter(college__slug=filters.college)
    if filters.status == "open":
        queryset = queryset.filter(opens_at__lte=now, closes_at__gt=now)
    elif filters.status == "closed":
        queryset = queryset.filter(closes_at__lte=now)
    elif filters.status == "upcoming":
        queryset = queryset.filter(opens_at__gt=now)
    field = filters.ordering
    queryset = queryset.order_by(field, "pk" if not field.startswith("-") else "-pk")
    return paginate(request, queryset, page)


@router.get(
    "/ballots/{int:pk}",
    auth=MEMBER,
    response={200: BallotDetail, **problems(401, 403, 404, 422, 429)},
    summary="Lire un scrutin",
)
def get_ballot(request, pk: int):
    ballot = selectors.access_ballot(caller(request), pk)
    ballot = _annotated(request, pk)
    return Extended(ballot, options=list(ballot.options.order_by("position", "pk")))


@router.post(
    "/ballots/{int:pk}/vote",
    auth=WRITE,
    response={201: ReceiptOut, **problems(*WRITE_ERRORS)},
    summary="Voter",
    throttle=act_limits("vote"),
)
def vote(request, pk: int, payload: VoteIn):
    """Enregistre (ou modifie, avec le code de récépissé) le vote de l'appelant.

    Le code de récépissé n'est montré qu'une fois ; le club ne le garde pas à côté de votre nom.
    """
    ballot = selectors.access_ballot(caller(request), pk)
    if payload.blank == bool(payload.options):
        message = (
            _("Un vote blanc ne choisit aucune option.")
            if payload.blank
            else _("Choisissez au moins une option, ou envoyez « blank: true » pour un vote blanc.")
        )
        raise ApiProblem(
            422,
            describe([{"loc": ["body", "options"], "message": message}]),
            errors=[{"loc": ["body", "options"], "message": message}],
        )
    receipt = services.cast_vote(
        ballot=ballot,
        voter=caller(request),
        option_ids=payload.options,
        receipt_code=payload.receipt_code,
    )
    created_at_location(request, f"/api/v1/ballots/{ballot.pk}")
    return Answer(201, {"receipt_code": receipt.code, "changed": receipt.changed})


@router.get(
    "/ballots/{int:pk}/results",
    auth=MEMBER,
    response={200: ResultsOut, **problems(401, 403, 404, 409, 422, 429)},
    summary="Résultats d'un scrutin clos",
)
def results(request, pk: int):
    ballot = selectors.access_ballot(caller(request), pk)
    tally = selectors.tally_of(ballot)
    if tally is None and effective_state(ballot) == Ballot.Status.CLOSED:
        raise ApiProblem(
            409, _("Ce scrutin est clos : le dépouillement est en cours, les résultats suivent.")
        )
    if tally is None:
        raise ApiProblem(
            409, _("Ce scrutin n'est pas encore clos : les résultats viendront à sa clôture.")
        )
    return {
        "ballot": ballot.pk,
        "computed_at": tally.computed_at,
        "electorate": tally.electorate,
        "participants": tally.participants,
        "expressed": tally.expressed,
        "abstentions": tally.abstentions,
        "quorum_reached": tally.quorum_reached,
        "outcome": tally.outcome,
        "outcome_label": str(tally.get_outcome_display()),
        "draw_used": tally.draw_used,
        "lines": [
            {
                "option": line.option_id,
                "label": line.option.label,
                "count": line.count,
                "share_percent": line.share_percent,
                "rank": line.rank,
                "winner": line.winner,
            }
            for line in tally.lines.all()
        ],
        "board": [
            {"receipt_hash": tag, "choices": choices}
            for tag, choices in ballot.cast_ballots.order_by("receipt_tag").values_list(
                "receipt_tag", "choices"
            )
        ],
        "public_votes": [
            {"voter": name, "choices": choices, "reason": reason}
            for name, choices, reason in selectors.public_votes(ballot)
        ],
    }


@router.post(
    "/ballots/{int:pk}/receipt-check",
    auth=MEMBER,
    response={200: ReceiptCheckOut, **problems(401, 403, 404, 409, 422, 429)},
    summary="Vérifier son bulletin après la clôture",
)
def check_receipt(request, pk: int, payload: ReceiptCheckIn):
    """Retrouve, dans le tableau publié, la ligne de votre code de récépissé (un POST : le code
    ne reste dans aucun journal). Seul le votant qui détient le code obtient une réponse."""
    ballot = selectors.access_ballot(caller(request), pk)
    if selectors.tally_of(ballot) is None:
        # A check is a read: it never counts a closed ballot, the scheduled close does.
        if effective_state(ballot) == Ballot.Status.CLOSED:
            raise ApiProblem(
                409, _("Le dépouillement est en cours : vérifiez votre récépissé dans une minute.")
            )
        raise ApiProblem(409, _("Les récépissés se vérifient après la clôture du scrutin."))
    line = selectors.check_receipt(ballot, caller(request), payload.receipt_code)
    return {
        "receipt_hash": receipts.tag(ballot.pk, payload.receipt_code),
        "counted": line is not None,
        "choices": line.choices if line else [],
    }


@router.post(
    "/ballots/{int:pk}/candidacy",
    auth=WRITE,
    response={201: CandidacyOut, **problems(*WRITE_ERRORS)},
    summary="Se porter candidat à une élection",
)
def candidacy(request, pk: int, payload: CandidacyIn):
    ballot = selectors.access_ballot(caller(request), pk)
    user = caller(request)
    require(
        rules.can_stand_for_election(user, ballot),
        _("Seuls les membres actifs du collège peuvent se porter candidats."),
    )
    data = validated(CandidacyForm(payload.dict()))
    services.declare_candidacy(ballot=ballot, user=user, statement=data["statement"])
    created_at_location(request, f"/api/v1/ballots/{ballot.pk}")
    return Answer(201, {"ballot": ballot.pk, "statement": data["statement"]})


@router.post(
    "/ballots",
    auth=WRITE,
    response={201: BallotDetail, **problems(401, 403, 404, 409, 422, 429)},
    summary="Ouvrir un scrutin (animateurs, équipe)",
)
def create_ballot(request, payload: BallotIn):
    """Les positions se soumettent au vote par /positions/{id}/ballot."""
    user = caller(request)
    college = get_object_or_404(College, slug=payload.college)
    require(
        rules.can_open_ballot_in(user, college),
        _("Seuls les animateurs et l'équipe du club ouvrent un scrutin."),
    )
    data = payload.dict()
    data["college"] = college.pk
    data["options"] = "\n".join(payload.options)
    form = BallotForm(
        {k: ("" if v is None else v) for k, v in data.items()},
        colleges=College.objects.filter(pk=college.pk),
    )
    validated(form)
    ballot = services.create_ballot(author=user, **form.ballot_fields())
    created = _annotated(request, ballot.pk)
    created_at_location(request, f"/api/v1/ballots/{created.pk}")
    return Answer(201, Extended(created, options=list(created.options.order_by("position", "pk"))))
