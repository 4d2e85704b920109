from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Erased accounts get a unique address under a reserved, non-routable domain (RFC 2606).
ERASED_EMAIL_DOMAIN = "compte-supprime.invalid"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with club credentials, distinct from any Chorus Pro account.

    Personal data (GDPR): email, first_name, last_name, last_login, date_joined.
    """

    email = models.EmailField(_("adresse électronique"), unique=True)  # personal data
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)  # personal data
    last_name = models.CharField(_("nom"), max_length=150, blank=True)  # personal data
    is_staff = models.BooleanField(
        _("équipe du club"),
        default=False,
        help_text=_("Membre de l'équipe qui anime et administre le club."),
    )
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_erased(self) -> bool:
        """Whether the person erased their account (GDPR): they show under a neutral name."""
        return self.email.endswith("@" + ERASED_EMAIL_DOMAIN)

    def get_full_name(self) -> str:
        if self.is_erased:
            return gettext("Membre supprimé")
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self) -> str:
        if self.is_erased:
            return gettext("Membre supprimé")
        return self.first_name or self.email

    @property
    def full_name(self) -> str:
        return self.get_full_name()


class LoginFailure(models.Model):
    """One wrong password: what the login guard counts (club/core/accounts/guard.py).

    Personal data kept only as long as the guard's window (rows are pruned as new ones come):
    the address the attempt came from, and a keyed hash of the e-mail typed, never the e-mail
    itself, so a row names no account to whoever reads the table. Erasing an account deletes
    its rows. Kept in the database, not the cache, so the limits hold while Redis is down.
    """

    account = models.CharField(_("compte visé (empreinte)"), max_length=64)
    address = models.CharField(_("adresse réseau"), max_length=64)
    at = models.DateTimeField(_("le"), default=timezone.now)

    class Meta:
        verbose_name = _("échec de connexion")
        verbose_name_plural = _("échecs de connexion")
        indexes = [
            models.Index(fields=["account", "at"], name="login_failure_account"),
            models.Index(fields=["address", "at"], name="login_failure_address"),
            models.Index(fields=["at"], name="login_failure_at"),
        ]

    def __str__(self) -> str:
        return f"{self.address} {self.at:%Y-%m-%d %H:%M:%S}"
