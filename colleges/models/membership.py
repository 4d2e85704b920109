"""Colleges, the people who belong to them, and the roles they hold.

A person belongs to a college through an approved `Application`, which creates a `Membership`.
The plenary is a college row too (`is_plenary`), but nobody applies to it: every person with an
active membership of any college takes part in it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Qualification(models.TextChoices):
    """Which questions a college asks applicants, to judge whether it is the right one."""

    SUPPLIER = "supplier", _("Fournisseur")
    VENDOR = "vendor", _("Éditeur ou opérateur de dématérialisation")
    INSTITUTIONAL = "institutional", _("Institutionnel ou tiers intermédiaire")
    NONE = "none", _("Aucune (plénière)")


class CollegeQuerySet(models.QuerySet):
    def colleges(self):
        """The colleges people apply to, without the plenary."""
        return self.filter(is_plenary=False)

    def plenary(self):
        return self.filter(is_plenary=True)


class College(models.Model):
    name = models.CharField(_("nom"), max_length=120, unique=True)
    short_name = models.CharField(_("nom court"), max_length=40)
    slug = models.SlugField(_("identifiant d'adresse"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    who_should_join = models.TextField(_("qui doit rejoindre ce collège"), blank=True)
    qualification = models.CharField(
        _("questions de qualification"),
        max_length=20,
        choices=Qualification.choices,
        default=Qualification.NONE,
    )
    is_plenary = models.BooleanField(_("plénière transverse"), default=False)
    facilitator_seats = models.PositiveSmallIntegerField(_("sièges d'animateurs"), default=3)
    delegate_seats = models.PositiveSmallIntegerField(_("sièges de délégués à l'IPM"), default=2)
    members_may_open_threads = models.BooleanField(
        _("les membres peuvent ouvrir des fils"), default=False
    )
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    objects = CollegeQuerySet.as_manager()

    class Meta:
        verbose_name = _("collège")
        verbose_name_plural = _("collèges")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_plenary"], condition=Q(is_plenary=True), name="one_plenary"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def current_charter(self) -> "Charter | None":
        return self.charters.order_by("-version").first()


class Charter(models.Model):
    """A version of a college's usage charter. Applicants accept a given version."""

    college = models.ForeignKey(College, on_delete=models.CASCADE, related_name="charters")
    version = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"))
    published_at = models.DateTimeField(_("publiée le"), default=timezone.now)

    class Meta:
        verbose_name = _("charte d'usage")
        verbose_name_plural = _("chartes d'usage")
        ordering = ["college", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["college", "version"], name="one_charter_per_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Entreprise")
    SOLE_TRADER = "sole_trader", _("Entrepreneur individuel")
    ASSOCIATION = "association", _("Association")
    SOFTWARE_VENDOR = "software_vendor", _("Éditeur de logiciel")
    DEMATERIALISATION_OPERATOR = "operator", _("Opérateur de dématérialisation")
    ACCOUNTING_FIRM = "accounting_firm", _("Cabinet d'expertise comptable")
    FEDERATION = "federation", _("Fédération professionnelle")
    CHAMBER = "chamber", _("Chambre consulaire")
    PUBLIC_ENTITY = "public_entity", _("Entité publique destinataire de factures")


class SendingChannel(models.TextChoices):
    PORTAL = "portal", _("Saisie ou dépôt sur le portail")
    SOFTWARE = "software", _("Logiciel de gestion")
    API = "api", _("API")
    EDI = "edi", _("EDI")
    OPERATOR = "operator", _("Par un opérateur de dématérialisation")


class InstitutionKind(models.TextChoices):
    ACCOUNTANTS = "accountants", _("Experts-comptables")
    FEDERATION = "federation", _("Fédération professionnelle")
    CHAMBER = "chamber", _("Chambre consulaire (CCI, CMA...)")
    OTHER = "other", _("Autre tiers intermédiaire")


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Application.OPEN_STATUSES)

    def pending(self):
        return self.filter(status=Application.Status.PENDING)


class Application(models.Model):
    """A person's request to join one college, qualified so staff can judge the fit.

    Personal data (GDPR): organisation, siret, role_in_organisation, motivation and the
    qualification answers describe the applicant.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente de validation")
        NEEDS_INFO = "needs_info", _("Complément demandé")
        APPROVED = "approved", _("Acceptée")
        REJECTED = "rejected", _("Refusée")
        WITHDRAWN = "withdrawn", _("Retirée")

    OPEN_STATUSES = (Status.PENDING, Status.NEEDS_INFO)

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=14)
    organisation_kind = models.CharField(
        _("type d'organisation"), max_length=30, choices=OrganisationKind.choices
    )
    role_in_organisation = models.CharField(_("fonction"), max_length=200)
    sending_channels = models.JSONField(_("canaux d'envoi des factures"), default=list, blank=True)
    software_offered = models.CharField(
        _("logiciel ou service proposé"), max_length=300, blank=True
    )
    institution_kind = models.CharField(
        _("type d'institution"), max_length=30, choices=InstitutionKind.choices, blank=True
    )
    motivation = models.TextField(_("motivation"), max_length=3000)
    charter = models.ForeignKey(
        Charter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("charte acceptée"),
    )
    charter_accepted_at = models.DateTimeField(_("charte acceptée le"), null=True, blank=True)
    staff_request = models.TextField(_("complément demandé"), blank=True)
    submitted_at = models.DateTimeField(_("déposée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["submitted_at"]
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            # One open application per person and college, whatever the race.
            models.UniqueConstraint(
                fields=["applicant", "college"],
                condition=Q(status__in=["pending", "needs_info"]),
                name="one_open_application_per_college",
            ),
            models.CheckConstraint(
                condition=Q(siret__regex=r"^[0-9]{14}$"), name="siret_has_14_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.applicant} → {self.college}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def sending_channel_labels(self) -> list[str]:
        """The channels the applicant ticked, in words (the field stores their codes)."""
        labels = dict(SendingChannel.choices)
        return [str(labels.get(code, code)) for code in self.sending_channels]


class ApplicationDecision(models.Model):
    """One step in an application's history: who did what, when and why."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Déposée")
        RESUBMITTED = "resubmitted", _("Complétée et redéposée")
        INFO_REQUESTED = "info_requested", _("Complément demandé")
        MOVED = "moved", _("Transférée vers un autre collège")
        APPROVED = "approved", _("Acceptée")
        REJECTED = "rejected", _("Refusée")
        WITHDRAWN = "withdrawn", _("Retirée")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="decisions")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(_("motif"), blank=True)
    from_college = models.ForeignKey(
        College, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("décision sur candidature")
        verbose_name_plural = _("décisions sur candidatures")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.created_at:%d/%m/%Y}"


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)


class Membership(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Membre")
        SUSPENDED = "suspended", _("Suspendu")
        LEFT = "left", _("Parti")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="memberships")
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    application = models.OneToOneField(
        Application, on_delete=models.SET_NULL, null=True, blank=True, related_name="membership"
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    in_directory = models.BooleanField(_("apparaître dans l'annuaire"), default=False)
    status_reason = models.TextField(_("motif"), blank=True)
    joined_at = models.DateTimeField(_("membre depuis"), default=timezone.now)
    status_changed_at = models.DateTimeField(_("état modifié le"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        ordering = ["college", "joined_at"]
        indexes = [models.Index(fields=["college", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["user", "college"], name="one_membership_per_college"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.college}"


class SeatedRoleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)


class SeatedRole(models.Model):
    """A role held on one of a college's numbered seats.

    Seats make the limit a database invariant: two concurrent appointments that pick the same
    free seat collide on the unique constraint instead of exceeding the college's seats.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="+")
    seat = models.PositiveSmallIntegerField(_("siège"))
    started_at = models.DateTimeField(_("depuis le"), default=timezone.now)
    ended_at = models.DateTimeField(_("jusqu'au"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(_("motif de fin"), blank=True)

    objects = SeatedRoleQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.user} — {self.college} (siège {self.seat})"

    @property
    def is_current(self) -> bool:
        return self.ended_at is None


class FacilitatorRole(SeatedRole):
    """A facilitator ("animateur") of a college, appointed by staff."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_roles"
    )
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="facilitators")

    class Meta:
        verbose_name = _("animateur")
        verbose_name_plural = _("animateurs")
        ordering = ["college", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["college", "seat"],
                condition=Q(ended_at__isnull=True),
                name="one_facilitator_per_seat",
            ),
            models.UniqueConstraint(
                fields=["college", "user"],
                condition=Q(ended_at__isnull=True),
                name="one_current_facilitator_role",
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="facilitator_seat_positive"),
        ]


class DelegateMandate(SeatedRole):
    """A college's representative at the IPM for a term, elected or appointed."""

    class Source(models.TextChoices):
        ELECTION = "election", _("Élu")
        APPOINTMENT = "appointment", _("Désigné par l'équipe du club")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegate_mandates"
    )
    college = models.ForeignKey(College, on_delete=models.PROTECT, related_name="delegates")
    source = models.CharField(
        _("origine"), max_length=20, choices=Source.choices, default=Source.APPOINTMENT
    )
    term_ends_on = models.DateField(_("fin du mandat"), null=True, blank=True)

    class Meta:
        verbose_name = _("délégué à l'IPM")
        verbose_name_plural = _("délégués à l'IPM")
        ordering = ["college", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["college", "seat"],
                condition=Q(ended_at__isnull=True),
                name="one_delegate_per_seat",
            ),
            models.UniqueConstraint(
                fields=["college", "user"],
                condition=Q(ended_at__isnull=True),
                name="one_current_delegate_mandate",
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="delegate_seat_positive"),
        ]
