"""Demo data of the club itself: the people and the site's pages.

The people are fictitious; their organisations and the problems they raise come from the
world of Chorus Pro described in shared/seeds (rejections, works invoices A4/A15/A19, SIRET,
service codes, "Mes messages").
"""

from dataclasses import dataclass, field
from functools import cache

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from wagtail.models import Page

from club.pages.models import ContentPage, HomePage

DEMO_PASSWORD = "club-demo-2026"
DEMO_DOMAIN = "demo.club-chorus-pro.fr"
# The demo's people who hold powers (staff, facilitators, delegates, IPM participants) sign in
# with this authenticator-app secret, shared and printed: their powers need a second factor.
# `manage.py demo_code` shows the current code; an authenticator app can add it too.
DEMO_TOTP_SECRET = "CLUBCHORUSPRODEMOXXVIAAAAAAAAAAA"


@dataclass
class DemoContext:
    stdout: object
    style: object
    users: dict = field(default_factory=dict)
    accounts: list = field(default_factory=list)
    # The site's home page, where the apps hang their own pages (a domain app cannot import the
    # roof's page models).
    home: object = None

    def user(
        self, key: str, first_name: str, last_name: str, *, staff=False, superuser=False, role=""
    ):
        """Create or update one demo person; `key` becomes the local part of the address."""
        email = f"{key}@{DEMO_DOMAIN}"
        User = get_user_model()
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": staff,
                "is_superuser": superuser,
            },
        )
        if created:
            user.password = demo_password_hash()
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        self.users[key] = user
        if role:
            self.accounts.append((email, role))
        return user

    def give_second_factors(self) -> None:
        """Every demo person with a power gets the shared demo authenticator (idempotent)."""
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        from club.core.accounts import powers

        for user in self.users.values():
            if not (user.is_superuser or powers.holds_powers(user)):
                continue
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                TOTP.activate(user, DEMO_TOTP_SECRET)

    def print_accounts(self) -> None:
        self.stdout.write(
            self.style.SUCCESS(f"\nComptes de démonstration (mot de passe : {DEMO_PASSWORD})")
        )
        for email, role in self.accounts:
            self.stdout.write(f"  {email:<52} {role}")
        self.stdout.write(
            "\nL'équipe, les animateurs, les délégués et les participants à l'IPM ont la double "
            f"authentification : secret TOTP {DEMO_TOTP_SECRET} (code du moment : "
            "python manage.py demo_code)."
        )


@cache
def demo_password_hash() -> str:
    """Hash the shared demo password once: a strong hasher takes a noticeable time per call."""
    return make_password(DEMO_PASSWORD)


LEGAL_PAGES = [
    (
        "mentions-legales",
        "Mentions légales",
        "Qui édite ce site et qui l'héberge.",
        "<h2>Éditeur</h2><p>Le site du Club Chorus Pro est édité par l'équipe du club pour le compte de "
        "l'Agence pour l'informatique financière de l'État (AIFE), qui met en œuvre le portail Chorus Pro.</p>"
        "<h2>Hébergement</h2><p>Le site est hébergé en France. Il ne fait appel à aucun service tiers de "
        "mesure d'audience, de police de caractères ou de captcha : tout est servi par nos serveurs.</p>"
        "<h2>Licence</h2><p>Sauf mention contraire, les contenus sont publiés sous licence ouverte etalab-2.0.</p>",
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "Quelles données le club conserve, pourquoi, et comment exercer vos droits.",
        "<h2>Identifiants propres au club</h2><p>Vos identifiants du club sont distincts de ceux du portail "
        "Chorus Pro : les outils ne sont pas connectés, et le club ne reçoit aucune donnée de vos factures.</p>"
        "<h2>Données conservées</h2><p>Votre nom, votre adresse électronique, votre organisation et son SIRET, "
        "vos candidatures, vos messages, vos demandes d'évolution et vos participations aux votes.</p>"
        "<h2>Vos droits</h2><p>Depuis votre espace, vous téléchargez toutes les données qui vous concernent "
        "et vous pouvez effacer votre compte : vos messages restent sous un nom neutre et vos votes restent "
        "comptés sans vous être rattachés.</p>",
    ),
    (
        "accessibilite",
        "Déclaration d'accessibilité",
        "État de conformité du site au référentiel général d'amélioration de l'accessibilité (RGAA 4.1).",
        "<h2>État de conformité</h2><p>Le site du Club Chorus Pro est partiellement conforme avec le RGAA "
        "version 4.1. Chaque page est vérifiée automatiquement (axe-core) dans un navigateur réel à chaque "
        "modification.</p><h2>Retour d'information et contact</h2><p>Si vous n'arrivez pas à accéder à un "
        "contenu ou à un service, écrivez à l'équipe du club pour être orienté vers une alternative "
        "accessible.</p><h2>Voies de recours</h2><p>Vous pouvez saisir le Défenseur des droits si vous "
        "constatez un défaut d'accessibilité qui vous empêche d'accéder à un contenu.</p>",
    ),
]

HOME_INTRO = (
    "<p>Le Club Chorus Pro réunit gratuitement les entreprises qui facturent la sphère publique, les "
    "éditeurs de logiciels et opérateurs de dématérialisation, et les tiers intermédiaires. Ses membres "
    "débattent des améliorations du portail, votent leurs positions et élisent les délégués qui les "
    "défendent à l'Instance de pilotage mutualisée (IPM).</p>"
)


def seed(context: DemoContext) -> None:
    context.user(
        "admin",
        "Camille",
        "Administratrice",
        staff=True,
        superuser=True,
        role="équipe du club, administratrice",
    )
    context.user(
        "equipe",
        "Claude",
        "Martin",
        staff=True,
        role="équipe du club (validation des candidatures)",
    )

    home = context.home = HomePage.objects.get(depth=2)
    if home.intro != HOME_INTRO:
        home.intro = HOME_INTRO
        home.save_revision().publish()
    for slug, title, summary, body in LEGAL_PAGES:
        page = ContentPage.objects.child_of(home).filter(slug=slug).first()
        if page is None:
            page = ContentPage(slug=slug, title=title, summary=summary, body=body)
            home.add_child(instance=page)
            page.save_revision().publish()
        elif page.body != body or page.title != title:
            page.title, page.summary, page.body = title, summary, body
            page.save_revision().publish()
    Page.objects.filter(pk=home.pk).update(title="Accueil")
