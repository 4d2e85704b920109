"""Demo colleges, charters, people, applications and roles, all made through the services."""

from colleges import services
from colleges.models import (
    Application,
    Charter,
    College,
    DelegateMandate,
    FacilitatorRole,
    Membership,
)
from colleges.models.membership import (
    InstitutionKind,
    OrganisationKind,
    Qualification,
    SendingChannel,
)
from colleges.validators import luhn_is_valid

COLLEGES = [
    {
        "slug": "fournisseurs",
        "name": "Fournisseurs",
        "short_name": "Fournisseurs",
        "qualification": Qualification.SUPPLIER,
        "facilitator_seats": 7,
        "position": 1,
        "description": "Les entreprises qui facturent l'État, les collectivités, les hôpitaux et les "
        "établissements publics, quel que soit leur canal de dépôt : saisie sur le portail, logiciel "
        "de gestion, API ou EDI. Du CAC 40 à l'entreprise individuelle.",
        "who_should_join": "Vous émettez des factures vers la sphère publique.",
    },
    {
        "slug": "editeurs-operateurs",
        "name": "Éditeurs et opérateurs de dématérialisation",
        "short_name": "Éditeurs",
        "qualification": Qualification.VENDOR,
        "facilitator_seats": 5,
        "position": 2,
        "description": "Les éditeurs de logiciels de gestion et les opérateurs de dématérialisation "
        "qui raccordent leurs clients à Chorus Pro en EDI ou par API.",
        "who_should_join": "Vous éditez un logiciel ou opérez un service qui dépose des factures.",
    },
    {
        "slug": "institutionnels",
        "name": "Institutionnels et tiers intermédiaires",
        "short_name": "Institutionnels",
        "qualification": Qualification.INSTITUTIONAL,
        "facilitator_seats": 3,
        "position": 3,
        "description": "Experts-comptables, fédérations professionnelles, chambres consulaires : "
        "celles et ceux qui accompagnent les entreprises dans leur facturation.",
        "who_should_join": "Vous représentez ou accompagnez des entreprises qui facturent.",
    },
    {
        "slug": "pleniere",
        "name": "Plénière – sujets transverses",
        "short_name": "Plénière",
        "qualification": Qualification.NONE,
        "is_plenary": True,
        "facilitator_seats": 3,
        "delegate_seats": 0,
        "position": 4,
        "description": "Les échanges entre tous les membres du club, quel que soit leur collège.",
        "who_should_join": "Tout membre d'un collège y participe.",
    },
]

CHARTERS = {
    "editeurs-operateurs": (
        "Charte d'usage du collège des éditeurs",
        "1. On parle du portail, de ses API et de ses flux, pas de ses offres commerciales.\n"
        "2. Une demande d'évolution décrit un écran, un champ ou un flux précis, et ce qui est attendu.\n"
        "3. Les échanges restent courtois ; les animateurs modèrent.\n"
        "4. Les informations confidentielles d'un client ne sont jamais publiées.",
    ),
    "fournisseurs": (
        "Charte d'usage du collège des fournisseurs",
        "1. On partage son expérience de dépôt et de suivi des factures.\n"
        "2. On ne publie ni facture, ni numéro d'engagement, ni donnée d'un client public.\n"
        "3. Les échanges restent courtois ; les animateurs modèrent.",
    ),
    "institutionnels": (
        "Charte d'usage du collège des institutionnels",
        "1. On porte la voix des entreprises accompagnées, sans données nominatives.\n"
        "2. Les échanges restent courtois ; les animateurs modèrent.",
    ),
}

# (key, first name, last name, organisation, kind, colleges, role)
PEOPLE = [
    # Suppliers' facilitators (7): from the CAC 40 to the sole trader.
    (
        "sophie.leroy",
        "Sophie",
        "Leroy",
        "Énergies de France SA",
        OrganisationKind.COMPANY,
        ["fournisseurs"],
        "facilitator",
    ),
    (
        "marc.bernard",
        "Marc",
        "Bernard",
        "BTP Rhône Travaux",
        OrganisationKind.COMPANY,
        ["fournisseurs"],
        "facilitator",
    ),
    (
        "nadia.haddad",
        "Nadia",
        "Haddad",
        "Boulangerie Haddad",
        OrganisationKind.SOLE_TRADER,
        ["fournisseurs"],
        "facilitator",
    ),
    (
        "julien.morel",
        "Julien",
        "Morel",
        "Nettoyage Morel et Fils",
        OrganisationKind.COMPANY,
        ["fournisseurs"],
        "facilitator",
    ),
    (
        "claire.fontaine",
        "Claire",
        "Fontaine",
        "Fournitures Scolaires de l'Ouest",
        OrganisationKind.COMPANY,
        ["fournisseurs"],
        "facilitator",
    ),
    (
        "thomas.girard",
        "Thomas",
        "Girard",
        "Girard Ingénierie",
        OrganisationKind.COMPANY,
        ["fournisseurs"],
        "facilitator",
    ),
    (
        "amelie.roux",
        "Amélie",
        "Roux",
        "Traiteur Roux",
        OrganisationKind.SOLE_TRADER,
        ["fournisseurs"],
        "facilitator",
    ),
    # Vendors' facilitators (5).
    (
        "paul.lambert",
        "Paul",
        "Lambert",
        "GestiCompta Logiciels",
        OrganisationKind.SOFTWARE_VENDOR,
        ["editeurs-operateurs"],
        "facilitator",
    ),
    (
        "ines.mercier",
        "Inès",
        "Mercier",
        "DématFlux Opérateur",
        OrganisationKind.DEMATERIALISATION_OPERATOR,
        ["editeurs-operateurs"],
        "facilitator",
    ),
    (
        "hugo.blanc",
        "Hugo",
        "Blanc",
        "ERP Atlantique",
        OrganisationKind.SOFTWARE_VENDOR,
        ["editeurs-operateurs"],
        "facilitator",
    ),
    (
        "lea.garnier",
        "Léa",
        "Garnier",
        "EDI Services",
        OrganisationKind.DEMATERIALISATION_OPERATOR,
        ["editeurs-operateurs"],
        "facilitator",
    ),
    (
        "omar.benali",
        "Omar",
        "Benali",
        "Factur'Hub",
        OrganisationKind.SOFTWARE_VENDOR,
        ["editeurs-operateurs", "fournisseurs"],
        "facilitator",
    ),
    # Institutionals' facilitators (3).
    (
        "anne.chevalier",
        "Anne",
        "Chevalier",
        "Ordre régional des experts-comptables",
        OrganisationKind.ACCOUNTING_FIRM,
        ["institutionnels"],
        "facilitator",
    ),
    (
        "louis.perrin",
        "Louis",
        "Perrin",
        "Fédération du bâtiment du Rhône",
        OrganisationKind.FEDERATION,
        ["institutionnels"],
        "facilitator",
    ),
    (
        "emma.faure",
        "Emma",
        "Faure",
        "CCI de la Loire",
        OrganisationKind.CHAMBER,
        ["institutionnels"],
        "facilitator",
    ),
    # Delegates to the IPM, two per college.
    (
        "francois.dumas",
        "François",
        "Dumas",
        "Transports Dumas",
        OrganisationKind.COMPANY,
        ["fournisseurs"],
        "delegate",
    ),
    (
        "isabelle.petit",
        "Isabelle",
        "Petit",
        "Petit Conseil",
        OrganisationKind.COMPANY,
        ["fournisseurs"],
        "delegate",
    ),
    (
        "karim.saidi",
        "Karim",
        "Saïdi",
        "Saïdi Logiciels",
        OrganisationKind.SOFTWARE_VENDOR,
        ["editeurs-operateurs", "fournisseurs"],
        "delegate",
    ),
    (
        "julie.renard",
        "Julie",
        "Renard",
        "Opérateur PDP Sud",
        OrganisationKind.DEMATERIALISATION_OPERATOR,
        ["editeurs-operateurs"],
        "delegate",
    ),
    (
        "pierre.colin",
        "Pierre",
        "Colin",
        "Cabinet Colin Expertise",
        OrganisationKind.ACCOUNTING_FIRM,
        ["institutionnels"],
        "delegate",
    ),
    (
        "sarah.meyer",
        "Sarah",
        "Meyer",
        "Chambre de métiers de l'Ain",
        OrganisationKind.CHAMBER,
        ["institutionnels"],
        "delegate",
    ),
    # Members, several in two colleges.
    (
        "lucas.michel",
        "Lucas",
        "Michel",
        "Menuiserie Michel",
        OrganisationKind.SOLE_TRADER,
        ["fournisseurs"],
        "member",
    ),
    (
        "chloe.david",
        "Chloé",
        "David",
        "Cantine Bio Services",
        OrganisationKind.COMPANY,
        ["fournisseurs"],
        "member",
    ),
    (
        "antoine.simon",
        "Antoine",
        "Simon",
        "Simon Informatique",
        OrganisationKind.SOFTWARE_VENDOR,
        ["editeurs-operateurs", "fournisseurs"],
        "member",
    ),
    (
        "manon.laurent",
        "Manon",
        "Laurent",
        "Cabinet Laurent",
        OrganisationKind.ACCOUNTING_FIRM,
        ["institutionnels", "fournisseurs"],
        "member",
    ),
    (
        "mathis.lefevre",
        "Mathis",
        "Lefèvre",
        "Lefèvre Travaux Publics",
        OrganisationKind.COMPANY,
        ["fournisseurs"],
        "member",
    ),
    (
        "zoe.andre",
        "Zoé",
        "André",
        "PayFlow Opérateur",
        OrganisationKind.DEMATERIALISATION_OPERATOR,
        ["editeurs-operateurs"],
        "member",
    ),
]

# Applications left for the staff queue: (key, first, last, organisation, kind, college, outcome)
APPLICANTS = [
    (
        "gabriel.rousseau",
        "Gabriel",
        "Rousseau",
        "Rousseau Paysages",
        OrganisationKind.COMPANY,
        "fournisseurs",
        "pending",
    ),
    (
        "louise.vincent",
        "Louise",
        "Vincent",
        "Logiciels Vincent",
        OrganisationKind.SOFTWARE_VENDOR,
        "editeurs-operateurs",
        "pending",
    ),
    (
        "arthur.muller",
        "Arthur",
        "Muller",
        "Muller Audit",
        OrganisationKind.ACCOUNTING_FIRM,
        "institutionnels",
        "needs_info",
    ),
    (
        "jade.fournier",
        "Jade",
        "Fournier",
        "Mairie de Villeneuve",
        OrganisationKind.COMPANY,
        "fournisseurs",
        "rejected",
    ),
]

ROLE_LABELS = {
    "facilitator": "animateur",
    "delegate": "délégué à l'IPM",
    "member": "membre",
}


def demo_siret(seed_number: int) -> str:
    """A SIRET whose checksum is valid, derived from a small number."""
    prefix = f"8{seed_number:012d}"
    for last in "0123456789":
        if luhn_is_valid(prefix + last):
            return prefix + last
    raise AssertionError("unreachable: one of ten digits completes a Luhn number")


def _qualification(college: College, organisation: str, kind: str, number: int) -> dict:
    answers = {
        "organisation_name": organisation,
        "siret": demo_siret(number),
        "organisation_kind": kind,
        "role_in_organisation": "Responsable de la facturation",
        "motivation": "Nous déposons chaque mois des factures sur Chorus Pro et voulons contribuer à "
        "améliorer le traitement des rejets et le suivi des paiements.",
    }
    if college.qualification == Qualification.SUPPLIER:
        answers["sending_channels"] = [SendingChannel.PORTAL, SendingChannel.SOFTWARE]
    elif college.qualification == Qualification.VENDOR:
        answers["software_offered"] = (
            f"Solution de facturation {organisation}, raccordée en API et EDI"
        )
    elif college.qualification == Qualification.INSTITUTIONAL:
        answers["institution_kind"] = InstitutionKind.ACCOUNTANTS
    return answers


def _ensure_member(
    user, college: College, organisation: str, kind: str, number: int, staff
) -> None:
    if Membership.objects.filter(user=user, college=college).exists():
        return
    application = services.submit_application(
        applicant=user,
        college=college,
        charter=college.current_charter,
        **_qualification(college, organisation, kind, number),
    )
    services.approve_application(application=application, actor=staff)


def seed(context) -> None:
    colleges = {}
    for data in COLLEGES:
        data = dict(data)
        slug = data.pop("slug")
        college, _ = College.objects.update_or_create(slug=slug, defaults=data)
        colleges[slug] = college
    for slug, (title, body) in CHARTERS.items():
        Charter.objects.get_or_create(
            college=colleges[slug], version=1, defaults={"title": title, "body": body}
        )

    staff = context.users["equipe"]
    number = 1000
    for key, first, last, organisation, kind, college_slugs, role in PEOPLE:
        user = context.user(
            key, first, last, role=f"{ROLE_LABELS[role]} — {', '.join(college_slugs)}"
        )
        for slug in college_slugs:
            number += 1
            _ensure_member(user, colleges[slug], organisation, kind, number, staff)
        home = colleges[college_slugs[0]]
        if (
            role == "facilitator"
            and not FacilitatorRole.objects.current().filter(user=user, college=home).exists()
        ):
            services.appoint_facilitator(college=home, user=user, actor=staff)
        if (
            role == "delegate"
            and not DelegateMandate.objects.current().filter(user=user, college=home).exists()
        ):
            services.appoint_delegate(college=home, user=user, actor=staff)
    Membership.objects.filter(user__email__contains="@demo.").update(in_directory=True)

    for key, first, last, organisation, kind, slug, outcome in APPLICANTS:
        user = context.user(key, first, last, role=f"candidat ({outcome}) — {slug}")
        college = colleges[slug]
        if Application.objects.filter(applicant=user, college=college).exists():
            continue
        number += 1
        application = services.submit_application(
            applicant=user,
            college=college,
            charter=college.current_charter,
            **_qualification(college, organisation, kind, number),
        )
        if outcome == "needs_info":
            services.request_more_information(
                application=application,
                actor=staff,
                request="Pouvez-vous préciser les entreprises que vous accompagnez et leur canal de dépôt ?",
            )
        elif outcome == "rejected":
            services.reject_application(
                application=application,
                actor=staff,
                reason="Une mairie reçoit des factures : les entités publiques destinataires ne sont pas "
                "membres du club. Elles sont représentées à l'IPM par leurs associations.",
            )
