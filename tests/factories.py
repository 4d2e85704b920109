"""Factories shared by every app's tests. Objects with rules are made through the services."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from colleges import services
from colleges.models import College, Membership
from colleges.models.membership import OrganisationKind, Qualification
from colleges.validators import luhn_is_valid

PASSWORD = "motdepasse-de-test-2026"


def valid_siret(number: int) -> str:
    prefix = f"7{number:012d}"
    return next(prefix + digit for digit in "0123456789" if luhn_is_valid(prefix + digit))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """allauth refuses to log in people whose address is not verified."""
        if create:
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class StaffFactory(UserFactory):
    is_staff = True


class CollegeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = College
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Collège {n}")
    short_name = factory.LazyAttribute(lambda o: o.name[:40])
    slug = factory.Sequence(lambda n: f"college-{n}")
    qualification = Qualification.SUPPLIER
    facilitator_seats = 3
    delegate_seats = 2


class PlenaryFactory(CollegeFactory):
    name = "Plénière"
    slug = "pleniere"
    is_plenary = True
    qualification = Qualification.NONE
    delegate_seats = 0


_siret_counter = iter(range(1, 10**9))


def qualification_for(college: College, **overrides) -> dict:
    answers = {
        "organisation_name": "Entreprise Exemple",
        "siret": valid_siret(next(_siret_counter)),
        "organisation_kind": OrganisationKind.COMPANY,
        "role_in_organisation": "Comptable",
        "motivation": "Améliorer le traitement des factures rejetées.",
    }
    if college.qualification == Qualification.SUPPLIER:
        answers["sending_channels"] = ["portal"]
    elif college.qualification == Qualification.VENDOR:
        answers["software_offered"] = "Logiciel de facturation"
    elif college.qualification == Qualification.INSTITUTIONAL:
        answers["institution_kind"] = "accountants"
    answers.update(overrides)
    return answers


def make_member(college: College, user=None, staff=None) -> Membership:
    """An approved member of `college`, through the real application and approval services."""
    user = user or UserFactory()
    staff = staff or StaffFactory(email="validation@club.example")
    application = services.submit_application(
        applicant=user,
        college=college,
        charter=college.current_charter,
        **qualification_for(college),
    )
    return services.approve_application(application=application, actor=staff)


def ensure_site() -> None:
    """Recreate Wagtail's tree if a transactional test flushed it (it comes from migrations)."""
    from wagtail.models import Locale, Page, Site

    from club.pages.models import HomePage

    if HomePage.objects.filter(depth=2).exists():
        return
    Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
    home = root.add_child(instance=HomePage(title="Accueil", slug="accueil"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": "Club Chorus Pro",
        },
    )
