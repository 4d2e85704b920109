"""Input checks for the colleges' pages. Business rules stay in services.py."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from club.core.forms import DsfrBaseForm
from colleges.models import College, Membership
from colleges.models.membership import InstitutionKind, OrganisationKind, SendingChannel
from colleges.services import QUALIFICATION_FIELDS, charter_to_accept, qualification_questions
from colleges.validators import normalise_siret, validate_siret


class QualificationForm(DsfrBaseForm):
    """What a person tells the staff about their organisation, asked per college."""

    organisation_name = forms.CharField(
        label=_("Nom de votre organisation"),
        max_length=200,
        help_text=_("Raison sociale de l'entreprise ou de la structure que vous représentez."),
    )
    siret = forms.CharField(
        label=_("Numéro SIRET"),
        max_length=30,
        help_text=_("14 chiffres, espaces acceptés. Exemple : 732 829 320 00074"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Type d'organisation"),
        choices=[("", _("Sélectionnez une option")), *OrganisationKind.choices],
    )
    role_in_organisation = forms.CharField(
        label=_("Votre fonction"),
        max_length=200,
        help_text=_("Par exemple : comptable fournisseurs, directrice administrative."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    sending_channels = forms.MultipleChoiceField(
        label=_("Comment déposez-vous vos factures sur Chorus Pro ?"),
        help_text=_("Cochez tous les canaux que vous utilisez."),
        choices=SendingChannel.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    software_offered = forms.CharField(
        label=_("Logiciel ou service que vous proposez"),
        max_length=300,
        help_text=_("Nom du logiciel, de la plateforme ou du service de dématérialisation."),
    )
    institution_kind = forms.ChoiceField(
        label=_("Type d'institution"),
        choices=[("", _("Sélectionnez une option")), *InstitutionKind.choices],
    )
    motivation = forms.CharField(
        label=_("Votre motivation"),
        max_length=3000,
        help_text=_("Ce que vous attendez du club, les sujets qui vous concernent."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, college: College, **kwargs):
        super().__init__(*args, **kwargs)
        self.college = college
        asked = qualification_questions(college)
        for name in ("sending_channels", "software_offered", "institution_kind"):
            if name not in asked:
                del self.fields[name]
        self.fields["organisation_name"].widget.attrs.setdefault("autocomplete", "organization")

    def clean_siret(self) -> str:
        siret = normalise_siret(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def qualification(self) -> dict:
        """The answers, as the services take them."""
        return {
            name: value for name, value in self.cleaned_data.items() if name in QUALIFICATION_FIELDS
        }


class CharterAcceptance:
    """The college's current charter to accept, with the version the page showed."""

    def _ask_for_charter(self, charter) -> None:
        self.charter = charter
        if charter is None:
            return
        self.fields["charter_version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, initial=charter.version
        )
        self.fields["accept_charter"] = forms.BooleanField(
            label=_("J'ai lu et j'accepte la charte d'usage du collège (version %(version)s)")
            % {"version": charter.version},
            required=True,
            error_messages={
                "required": _("Pour rejoindre ce collège, vous devez accepter sa charte d'usage.")
            },
        )
        # DsfrBaseForm built the bound fields already: rebuild them with the fields set here.
        self._bound_fields_cache.clear()

    def accepted_charter(self):
        """The charter version the person read, or None if it changed since the page loaded."""
        if self.charter is None:
            return None
        if self.cleaned_data.get("charter_version") not in (None, self.charter.version):
            return None
        return self.charter


class ApplicationForm(CharterAcceptance, QualificationForm):
    """Apply to one college: qualification plus the college's current charter."""

    def __init__(self, *args, college: College, **kwargs):
        super().__init__(*args, college=college, **kwargs)
        self._ask_for_charter(college.current_charter)


class ResubmitForm(CharterAcceptance, QualificationForm):
    """Complete an application after the staff asked for more information, or moved it to
    another college (whose charter the applicant then accepts)."""

    @classmethod
    def for_application(cls, application, data=None):
        initial = {name: getattr(application, name) for name in QUALIFICATION_FIELDS}
        form = cls(data, college=application.college, initial=initial)
        form._ask_for_charter(charter_to_accept(application))
        return form


class ReasonForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il est communiqué au candidat."),
    )


class SuspendForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Motif de la suspension"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Il est conservé dans l'historique de l'adhésion et montré au membre."),
    )


class ApproveForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Message au candidat"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestInformationForm(DsfrBaseForm):
    reason = forms.CharField(
        label=_("Informations attendues"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Le candidat les verra dans son espace et par e-mail."),
    )


class MoveForm(DsfrBaseForm):
    to_college = forms.ModelChoiceField(
        label=_("Nouveau collège"),
        queryset=College.objects.colleges(),
        empty_label=_("Sélectionnez un collège"),
    )
    reason = forms.CharField(
        label=_("Pourquoi ce collège convient mieux"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_college"].queryset = College.objects.colleges().exclude(
            pk=application.college_id
        )


class QueueFilterForm(DsfrBaseForm):
    college = forms.ModelChoiceField(
        label=_("Collège"),
        queryset=College.objects.colleges(),
        required=False,
        empty_label=_("Tous les collèges"),
        to_field_name="slug",
    )


class AppointFacilitatorForm(DsfrBaseForm):
    user = forms.ModelChoiceField(
        label=_("Membre à nommer animateur"), queryset=None, empty_label=_("Sélectionnez un membre")
    )

    def __init__(self, *args, college: College, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _active_members(college)
        self.fields["user"].label_from_instance = _person_label


class AppointDelegateForm(AppointFacilitatorForm):
    term_ends_on = forms.DateField(
        label=_("Fin du mandat"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    source = forms.ChoiceField(
        label=_("Origine du mandat"),
        choices=[
            ("appointment", _("Désigné par l'équipe du club")),
            ("election", _("Élu par les membres du collège")),
        ],
    )

    def __init__(self, *args, college: College, **kwargs):
        super().__init__(*args, college=college, **kwargs)
        self.fields["user"].label = _("Membre à enregistrer comme délégué")
        self._bound_fields_cache.clear()


def _active_members(college: College):
    """Who may hold a role: members of the college; for the plenary, of any college."""
    members = Membership.objects.active()
    members = (
        members.filter(college__is_plenary=False)
        if college.is_plenary
        else members.filter(college=college)
    )
    return (
        get_user_model()
        .objects.filter(pk__in=members.values("user"))
        .order_by("last_name", "first_name")
    )


def _person_label(user) -> str:
    return f"{user.get_full_name() or user.email} ({user.email})"
