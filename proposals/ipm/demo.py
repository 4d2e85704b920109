"""Demo IPM cycles, through the services (idempotent: nothing is redone once cycle 11 exists).

The 11th cycle is closed with its decisions: sent to pilot (with volunteers), accepted, and
postponed to the 12th (no rejection: the proposals demo has its rejected request already).
The 12th is in instruction (« nous en sommes au douzième cycle »), with a working group that
met; the public-sector and business federations sit beside the club's delegates.
"""

import datetime

from django.utils import timezone

from colleges.models import College
from proposals import services as proposal_services
from proposals.ipm import services
from proposals.ipm.models import Cycle, Outcome, Phase
from proposals.models import PortalArea
from proposals.notifications import without_emails

PARTICIPANTS = [
    ("helene.marchand", "Hélène", "Marchand", "MEDEF", "business"),
    ("bruno.caron", "Bruno", "Caron", "U2P", "business"),
    ("sylvie.lemoine", "Sylvie", "Lemoine", "FNFE-MPE", "expert"),
    ("alain.robert", "Alain", "Robert", "Association des maires de France (AMF)", "public"),
    (
        "nathalie.gauthier",
        "Nathalie",
        "Gauthier",
        "Assemblée des départements de France (ADF)",
        "public",
    ),
    ("olivier.brun", "Olivier", "Brun", "Régions de France", "public"),
]

FACILITATORS = {
    "fournisseurs": "sophie.leroy",
    "editeurs-operateurs": "paul.lambert",
    "institutionnels": "anne.chevalier",
}
DELEGATES = {
    "fournisseurs": "francois.dumas",
    "editeurs-operateurs": "julie.renard",
    "institutionnels": "pierre.colin",
}

# (cycle, college, author, supporters, title, current, expected, decision)
POSITIONS = [
    (
        11,
        "fournisseurs",
        "chloe.david",
        ["lucas.michel", "mathis.lefevre", "antoine.simon"],
        "Afficher le motif de rejet dans la liste des factures émises",
        "Il faut ouvrir chaque facture rejetée pour lire le motif : avec 40 rejets par mois, c'est une demi-journée.",
        "Une colonne « Motif de rejet » dans la liste, filtrable, et le motif repris dans l'export.",
        (
            "pilot",
            "Gain de temps majeur pour les fournisseurs, charge faible : à tester avec des pilotes.",
            "high",
            "Version 2026.2",
        ),
    ),
    (
        11,
        "editeurs-operateurs",
        "zoe.andre",
        ["antoine.simon"],
        "API : renvoyer le code service dans l'accusé de réception du flux",
        "L'accusé de réception d'un flux API ne reprend pas le code service de la structure destinataire.",
        "Reprendre le code service et l'identifiant de la structure dans l'accusé de réception.",
        (
            "accepted",
            "Utile aux éditeurs pour rapprocher les flux ; livrée avec les autres évolutions de l'API.",
            "normal",
            "Version 2027.1",
        ),
    ),
    (
        11,
        "institutionnels",
        "manon.laurent",
        [],
        "Permettre à un expert-comptable de déposer au nom de plusieurs clients",
        "Un cabinet doit se connecter avec le compte de chaque client pour déposer ses factures.",
        "Un mandat de dépôt, donné par le client depuis son espace, visible et révocable.",
        (
            "postponed",
            "À reprendre avec la réforme de la facturation électronique entre entreprises.",
            "",
            "",
        ),
    ),
    (
        12,
        "fournisseurs",
        "lucas.michel",
        ["chloe.david", "mathis.lefevre"],
        "Prévenir avant l'envoi quand le code service est obligatoire",
        "La facture part sans code service puis revient rejetée deux semaines plus tard.",
        "Vérifier à la saisie si la structure exige un code service et le signaler avant l'envoi.",
        None,
    ),
    (
        12,
        "editeurs-operateurs",
        "antoine.simon",
        ["zoe.andre"],
        "Factures de travaux : accepter les cadres A19 par API",
        "Le cadre A19 (projet de décompte général) n'est accepté qu'en saisie sur le portail.",
        "Accepter le cadre A19 dans les flux API et EDI, avec les mêmes contrôles.",
        None,
    ),
]


def seed(context) -> None:
    with without_emails():
        _seed(context)


def _position(users, colleges, areas, college_slug, author, supporters, title, current, expected):
    college = colleges[college_slug]
    facilitator = users[FACILITATORS[college_slug]]
    request = proposal_services.create_request(
        author=users[author],
        college=college,
        area=areas[0],
        title=title,
        current_behaviour=current,
        expected_behaviour=expected,
    )
    for key in supporters:
        proposal_services.support_request(request=request, member=users[key])
    position = proposal_services.build_position(
        college=college,
        title=title,
        body=f"Le collège demande à l'IPM : {expected}",
        requests=[request],
        actor=facilitator,
    )
    proposal_services.put_position_to_vote(position, facilitator)
    proposal_services.record_vote_outcome(
        position, True, facilitator, ballot_label=f"Vote du collège sur « {title[:80]} »"
    )
    return position


def _seed(context) -> None:
    users = context.users
    staff = users["equipe"]
    for key, first, last, organisation, role in PARTICIPANTS:
        user = context.user(key, first, last, role=f"participant à l'IPM — {organisation}")
        if not hasattr(user, "ipm_participant"):
            services.register_participant(
                user=user, organisation=organisation, role=role, actor=staff
            )
    if Cycle.objects.filter(number=11).exists():
        return
    colleges = {c.slug: c for c in College.objects.all()}
    areas = list(PortalArea.objects.filter(is_active=True).order_by("position", "pk"))

    eleven = services.create_cycle(
        number=11,
        collection_starts_on=datetime.date(2025, 1, 6),
        actor=staff,
        description="Onzième cycle annuel d'instruction et d'arbitrage des demandes d'évolution.",
    )
    items = {}
    for number, slug, author, supporters, title, current, expected, decision in POSITIONS:
        if number != 11:
            continue
        position = _position(
            users, colleges, areas, slug, author, supporters, title, current, expected
        )
        items[title] = (
            services.escalate_position(
                position=position,
                cycle=eleven,
                actor=users[DELEGATES[slug]],
                reason="Position adoptée par le collège ; les membres attendent une réponse.",
            ),
            decision,
        )
    services.move_cycle(
        cycle=eleven, to_phase=Phase.INSTRUCTION, actor=staff, on=datetime.date(2025, 4, 1)
    )
    for item, _decision in items.values():
        services.record_analysis(
            item=item,
            actor=users["helene.marchand"],
            feasibility="moderate",
            effort="m",
            impact="Concerne une large part des fournisseurs qui déposent sur le portail.",
            portal_opinion="Réalisable dans une version de l'année si la priorité est confirmée.",
        )
    services.move_cycle(
        cycle=eleven, to_phase=Phase.ARBITRATION, actor=staff, on=datetime.date(2025, 10, 1)
    )
    twelve = services.create_cycle(
        number=12,
        collection_starts_on=datetime.date(2026, 1, 5),
        actor=staff,
        description="Douzième cycle : « nous en sommes au douzième cycle ».",
    )
    session = services.schedule_session(
        cycle=eleven,
        held_at=timezone.make_aware(datetime.datetime(2025, 11, 18, 14, 0)),
        location="Noisiel, siège de l'AIFE",
        items=[item for item, _d in items.values()],
        actor=staff,
    )
    accepted = None
    for item, (outcome, reasons, priority, release) in items.values():
        services.record_decision(
            item=item,
            session=session,
            outcome=outcome,
            reasons=reasons,
            priority=priority,
            target_release=release,
            postponed_to=twelve if outcome == Outcome.POSTPONED else None,
            actor=staff,
        )
        if outcome == Outcome.PILOT:
            accepted = item
    services.record_session_minutes(
        session=session,
        minutes="Trois points examinés. Les délégués du club ont présenté les positions des collèges.",
        actor=staff,
    )
    services.move_cycle(
        cycle=eleven, to_phase=Phase.CLOSED, actor=staff, on=datetime.date(2025, 12, 15)
    )

    call = services.open_pilot_call(
        item=accepted,
        description="Tester la colonne « Motif de rejet » sur vos factures émises pendant un mois.",
        seats=2,
        actor=staff,
    )
    for key, organisation, channel in (
        ("lucas.michel", "Boulangerie Michel", "portal"),
        ("mathis.lefevre", "Lefèvre Bâtiment", "upload"),
        ("chloe.david", "David Conseil", "api"),
    ):
        volunteer = services.volunteer_for_pilot(
            call=call,
            user=users[key],
            college=colleges["fournisseurs"],
            organisation=organisation,
            channel=channel,
        )
        if key != "chloe.david":
            services.select_volunteer(volunteer=volunteer, actor=staff)
    services.start_pilot(call=call, actor=staff)

    for number, slug, author, supporters, title, current, expected, _decision in POSITIONS:
        if number != 12:
            continue
        position = _position(
            users, colleges, areas, slug, author, supporters, title, current, expected
        )
        services.escalate_position(
            position=position, cycle=twelve, actor=users[DELEGATES[slug]], reason=""
        )
    services.move_cycle(
        cycle=twelve, to_phase=Phase.INSTRUCTION, actor=staff, on=datetime.date(2026, 4, 1)
    )
    first = twelve.items.order_by("pk").first()
    services.record_analysis(
        item=first,
        actor=staff,
        feasibility="easy",
        effort="s",
        impact="Moins de factures rejetées pour code service manquant.",
        portal_opinion="Favorable : l'annuaire des structures porte déjà l'information.",
    )
    services.add_argument(
        item=first,
        actor=users["francois.dumas"],
        body="Les membres citent des rejets reçus deux semaines après l'envoi, payés avec retard.",
    )
    group = services.convene_group(
        cycle=twelve,
        topic="La gestion des rejets de factures",
        description="Comprendre les motifs de rejet les plus fréquents et ce que le portail peut prévenir.",
        items=list(twelve.items.all()),
        members=[
            (users["francois.dumas"], "delegate"),
            (users["julie.renard"], "delegate"),
            (users["lucas.michel"], "volunteer"),
            (users["helene.marchand"], "participant"),
        ],
        actor=staff,
    )
    meeting = services.schedule_meeting(
        group=group,
        held_at=timezone.make_aware(datetime.datetime(2026, 5, 12, 10, 0)),
        agenda="1. Les dix motifs de rejet les plus fréquents. 2. Contrôles possibles à la saisie.",
        actor=staff,
    )
    services.record_meeting_minutes(
        meeting=meeting,
        minutes="Le code service manquant et le numéro d'engagement erroné font plus de la moitié "
        "des rejets. L'équipe du portail étudie un contrôle à la saisie.",
        actor=staff,
    )
