"""Sign-up with the club's own credentials: names, address, password, consent and captcha."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.mfa.webauthn import forms as allauth_webauthn_forms
from altcha_django import AltchaField
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from club.core.accounts import guard
from club.core.client_address import client_address
from club.core.forms import DsfrBaseForm
from club.core.gdpr.services import record_privacy_consent

PRIVACY_NOTICE_PATH = "/donnees-personnelles/"


def captcha_field() -> AltchaField:
    return AltchaField(
        label=_("Vérification anti-robot"),
        # The French labels live in the i18n bundle under "fr-fr"; "fr" would match "fr-ca".
        language="fr-fr",
        error_messages={
            "required": _(
                "Cochez la case « Je ne suis pas un robot » et attendez la fin de la vérification."
            ),
            "malformed": _(
                "La vérification anti-robot a échoué : rechargez la page et recommencez."
            ),
            "invalid_signature": _("La vérification anti-robot a échoué : recommencez."),
            "invalid_solution": _("La vérification anti-robot a échoué : recommencez."),
            "expired": _("La vérification anti-robot a expiré : recommencez."),
            "replayed": _("Cette vérification anti-robot a déjà servi : recommencez."),
            "unverified": _("La vérification anti-robot a échoué : recommencez."),
        },
    )


class LoginForm(AllauthLoginForm):
    """allauth's login, with the captcha once the login guard asks for it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = gettext("Adresse électronique")
        for field in self.fields.values():
            # allauth's placeholders repeat the labels; DSFR keeps fields empty.
            field.widget.attrs.pop("placeholder", None)
        if self._captcha_asked(login=self.data.get("login", "") if self.is_bound else None):
            self._add_captcha()

    def _address(self) -> str:
        return client_address(self.request) if self.request is not None else ""

    def _captcha_asked(self, *, login: str | None) -> bool:
        if not getattr(settings, "CAPTCHA_ENABLED", True) or self.request is None:
            return False
        return guard.standing(login=login, address=self._address()).needs_captcha

    def _add_captcha(self) -> None:
        # Validated with the other fields, before clean(): allauth then checks no password
        # (no hashing cost, no answer) for an attempt that has not solved it.
        field = captcha_field()
        field.help_text = guard.CAPTCHA_HELP
        self.fields["captcha"] = field

    def clean(self):
        try:
            cleaned_data = super().clean()
        except ValidationError:
            self._offer_captcha()
            raise
        if self._errors:
            self._offer_captcha()
        return cleaned_data

    def _offer_captcha(self) -> None:
        # The failure that reaches the threshold shows the captcha at once on the re-shown
        # form, rather than refusing the next attempt for lacking it.
        if "captcha" not in self.fields and self._captcha_asked(login=self.data.get("login", "")):
            self._add_captcha()


class SignupForm(AllauthSignupForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    accept_privacy_notice = forms.BooleanField(
        required=True,
        error_messages={
            "required": _(
                "Pour créer un compte, acceptez la notice relative aux données personnelles."
            )
        },
    )

    field_order = [
        "first_name",
        "last_name",
        "email",
        "password1",
        "password2",
        "accept_privacy_notice",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs.update(autocomplete="given-name")
        self.fields["last_name"].widget.attrs.update(autocomplete="family-name")
        self.fields["email"].label = gettext("Adresse électronique")
        self.fields["email"].help_text = gettext("Format attendu : nom@domaine.fr")
        self.fields["password2"].label = gettext("Confirmation du mot de passe")
        for name in ("email", "password1", "password2"):
            # allauth's placeholders repeat the labels; DSFR puts the hint under the label.
            self.fields[name].widget.attrs.pop("placeholder", None)
        # Built here, not at import, so the label follows the active language.
        self.fields["accept_privacy_notice"].label = format_html(
            # One span: the DSFR label is a flex box, which would eat the space before the link.
            '<span>{} <a href="{}" target="_blank" rel="noopener" title="{}">{}</a></span>',
            gettext("J'ai lu et j'accepte la"),
            PRIVACY_NOTICE_PATH,
            gettext("Notice relative aux données personnelles — nouvelle fenêtre"),
            gettext("notice relative aux données personnelles"),
        )
        if getattr(settings, "CAPTCHA_ENABLED", True):
            self.fields["captcha"] = captcha_field()

    def save(self, request):
        # The account, its address and the consent are one act: all or nothing.
        with transaction.atomic():
            return super().save(request)

    def signup(self, request, user):
        """Called by allauth right after the user is saved."""
        record_privacy_consent(user=user)


class NameForm(DsfrBaseForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs.update(autocomplete="given-name")
        self.fields["last_name"].widget.attrs.update(autocomplete="family-name")


class AddWebAuthnForm(allauth_webauthn_forms.AddWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = gettext("Nom de la clé")
        self.fields["name"].help_text = gettext(
            "Pour la reconnaître parmi les vôtres, par exemple « Clé USB du bureau »."
        )
