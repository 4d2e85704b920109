"""API of the colleges: headcounts, applications and their validation.

Same rules (`colleges.rules`), selectors and services as the pages. The themes, threads and
posts have their own router in `colleges.threads.api`.
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
from club.core.api.utils import Extended, created_at_location
from colleges import rules, selectors, services
from colleges.forms import (
    ApplicationForm,
    ApproveForm,
    MoveForm,
    ReasonForm,
    RequestInformationForm,
)
from colleges.models import Application, College
from colleges.models.membership import InstitutionKind, OrganisationKind, SendingChannel

router = Router(tags=["colleges"])

READ_ERRORS = (401, 422, 429)
WRITE_ERRORS = (401, 403, 404, 409, 422, 429)


# ---------------------------------------------------------------------------------------------
# Colleges and headcounts


class CollegeOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    description: str
    who_should_join: str
    is_plenary: bool
    member_count: int = Field(
        description="Membres actifs (pour la plénière : personnes distinctes)."
    )
    facilitator_seats: int
    delegate_seats: int
    web_url: str

    @staticmethod
    def resolve_web_url(obj) -> str:
        from django.urls import reverse

        return reverse("colleges:detail", args=[obj.slug])


class HeadcountsOut(Schema):
    people: int = Field(description="Personnes distinctes membres d'au moins un collège.")
    memberships: int = Field(description="Adhésions actives (une par personne et collège).")


class CollegeDetail(CollegeOut):
    facilitators: list[PersonRef]
    delegates: list[PersonRef]
    charter_version: int | None
    viewer_is_member: bool


@router.get(
    "/colleges",
    response={200: list[CollegeOut], **problems(*READ_ERRORS)},
    summary="Collèges et effectifs",
)
def list_colleges(request):
    """Les collèges (la plénière en dernier) avec leur nombre de membres actifs."""
    colleges = list(selectors.colleges_with_headcounts())
    plenary = selectors.plenary()
    if plenary is not None:
        plenary.member_count = selectors.overall_headcounts().people
        colleges.append(plenary)
    return colleges


@router.get(
    "/colleges/headcounts",
    response={200: HeadcountsOut, **problems(*READ_ERRORS)},
    summary="Effectifs du club",
)
def headcounts(request):
    return selectors.overall_headcounts()


@router.get(
    "/colleges/{slug}",
    response={200: CollegeDetail, **problems(401, 404, 422, 429)},
    summary="Lire un collège",
)
def get_college(request, slug: str):
    college = get_object_or_404(College, slug=slug)
    if college.is_plenary:
        college.member_count = selectors.overall_headcounts().people
    else:
        college.member_count = college.memberships.active().count()
    charter = college.current_charter
    return Extended(
        college,
        facilitators=[person(r.user) for r in selectors.current_facilitators(college)],
        delegates=[person(r.user) for r in selectors.current_delegates(college)],
        charter_version=charter.version if charter else None,
        viewer_is_member=bool(rules.is_member(caller(request), college)),
    )


# ---------------------------------------------------------------------------------------------
# Applications


class ApplicationDecisionOut(Schema):
    action: str
    actor: PersonRef | None
    reason: str
    created_at: datetime

    @staticmethod
    def resolve_actor(obj):
        return person(obj.actor)


class ApplicationOut(Schema):
    id: int
    college: str = Field(description="Slug du collège.")
    status: Literal["pending", "needs_info", "approved", "rejected", "withdrawn"]
    status_label: str
    organisation_name: str
    organisation_kind: str
    role_in_organisation: str
    sending_channels: list[str]
    software_offered: str
    institution_kind: str
    motivation: str
    staff_request: str
    submitted_at: datetime
    decided_at: datetime | None
    decisions: list[ApplicationDecisionOut]

    @staticmethod
    def resolve_college(obj) -> str:
        return obj.college.slug

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_decisions(obj):
        return list(obj.decisions.all())


class StaffApplicationOut(ApplicationOut):
    applicant: PersonRef
    siret: str

    @staticmethod
    def resolve_applicant(obj):
        return person(obj.applicant)


class ApplicationIn(InputSchema):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "organisation_name": "Facturix SAS",
                    "siret": "732 829 320 00074",
                    "organisation_kind": "software_vendor",
                    "role_in_organisation": "Responsable produit",
                    "software_offered": "Facturix",
                    "motivation": "Nous intégrons Chorus Pro pour 4 000 clients.",
                    "accept_charter": True,
                }
            ]
        }
    )

    organisation_name: str = Field(min_length=1, pattern=NOT_BLANK, max_length=200)
    siret: str = Field(
        min_length=1, pattern=NOT_BLANK, max_length=30, description="14 chiffres, espaces acceptés."
    )
    organisation_kind: Literal[tuple(OrganisationKind.values)]  # type: ignore[valid-type]
    role_in_organisation: str = Field(min_length=1, pattern=NOT_BLANK, max_length=200)
    sending_channels: list[Literal[tuple(SendingChannel.values)]] = Field(  # type: ignore[valid-type]
        default_factory=list, max_length=10
    )
    software_offered: str = Field("", max_length=300)
    institution_kind: Literal[("", *InstitutionKind.values)] = ""  # type: ignore[valid-type]
    motivation: str = Field(min_length=1, pattern=NOT_BLANK, max_length=3000)
    accept_charter: bool = Field(False, description="Obligatoire si le collège a une charte.")
    charter_version: int | None = Field(None, ge=1, le=1_000_000)


class ApplicationDecisionIn(InputSchema):
    model_config = ConfigDict(json_schema_extra={"examples": [{"action": "approve", "reason": ""}]})

    action: Literal["approve", "reject", "info", "move"]
    reason: str = Field("", max_length=3000)
    to_college: str | None = Field(
        None, max_length=100, description="Pour « move » : slug du collège."
    )


@router.get(
    "/applications/mine",
    auth=MEMBER,
    response={200: list[ApplicationOut], **problems(*READ_ERRORS)},
    summary="Mes candidatures",
)
def my_applications(request):
    return list(selectors.applications_of(caller(request)))


@router.post(
    "/colleges/{slug}/applications",
    auth=WRITE,
    response={201: ApplicationOut, **problems(*WRITE_ERRORS)},
    summary="Candidater à un collège",
)
def apply(request, slug: str, payload: ApplicationIn):
    college = get_object_or_404(College.objects.colleges(), slug=slug)
    form = ApplicationForm(payload.dict(), college=college)
    validated(form)
    application = services.submit_application(
        applicant=caller(request),
        college=college,
        charter=form.accepted_charter(),
        **form.qualification(),
    )
    created_at_location(request, "/api/v1/applications/mine")
    return Answer(201, selectors.applications_of(caller(request)).get(pk=application.pk))


@router.post(
    "/applications/{int:pk}/withdraw",
    auth=WRITE,
    response={200: ApplicationOut, **problems(*WRITE_ERRORS)},
    summary="Retirer sa candidature",
)
def withdraw_application(request, pk: int):
    user = caller(request)
    application = get_object_or_404(Application, pk=pk, applicant=user)
    services.withdraw_application(application=application, applicant=user)
    return selectors.applications_of(user).get(pk=pk)


class QueueFilters(Schema):
    college: str | None = Field(None, max_length=100, description="Slug du collège.")
    ordering: Literal["submitted_at", "-submitted_at"] = "submitted_at"


@router.get(
    "/applications",
    auth=MEMBER,
    response={200: Page[StaffApplicationOut], **problems(401, 403, 422, 429)},
    summary="Candidatures à valider (équipe du club)",
)
def validation_queue(request, filters: Query[QueueFilters], page: Query[PageParams]):
    user = caller(request)
    require(user.has_perm("colleges.validate_applications"), _("Réservé à l'équipe du club."))
    college = None
    if filters.college:
        college = College.objects.colleges().filter(slug=filters.college).first()
        if college is None:
            raise ApiProblem(
                422,
                _("Collège inconnu."),
                errors=[{"loc": ["query", "college"], "message": _("Valeur inconnue.")}],
            )
    queryset = selectors.validation_queue(college=college).prefetch_related("decisions__actor")
    return paginate(
        request, ordered(queryset, filters.ordering, {"submitted_at": ("submitted_at", "pk")}), page
    )


@router.post(
    "/applications/{int:pk}/decision",
    auth=WRITE,
    response={200: StaffApplicationOut, **problems(*WRITE_ERRORS)},
    summary="Décider d'une candidature (équipe du club)",
)
def decide(request, pk: int, payload: ApplicationDecisionIn):
    """Accepter, refuser (motif obligatoire), demander un complément ou transférer."""
    from colleges.views.staff import _decide

    user = caller(request)
    require(user.has_perm("colleges.validate_applications"), _("Réservé à l'équipe du club."))
    application = get_object_or_404(
        Application.objects.select_related("college", "applicant"), pk=pk
    )
    data = {"reason": payload.reason}
    if payload.action == "move":
        target = College.objects.filter(slug=payload.to_college or "").first()
        data["to_college"] = target.pk if target else payload.to_college
        form = MoveForm(data, application=application)
    else:
        form = {"approve": ApproveForm, "reject": ReasonForm, "info": RequestInformationForm}[
            payload.action
        ](data)
    validated(form)
    _decide(payload.action, application, form, user)
    return selectors.application_for_review(pk)
