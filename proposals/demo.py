"""Demo change requests in every state of their life, made through the services (idempotent).

Their subjects come from the world of Chorus Pro in shared/seeds: the « Numéro d'engagement »
and « Service exécutant » fields, rejected invoices, works invoices (frames A4, A15, A19),
EDI and API flows, structures and their services, « Mes messages ».
"""

from colleges.models import College
from proposals import services
from proposals.models import ChangeRequest, PortalArea
from proposals.notifications import without_emails

FACILITATORS = {
    "fournisseurs": "sophie.leroy",
    "editeurs-operateurs": "paul.lambert",
    "institutionnels": "anne.chevalier",
    "pleniere": "equipe",
}
DELEGATES = {
    "fournisseurs": "francois.dumas",
    "editeurs-operateurs": "julie.renard",
    "institutionnels": "pierre.colin",
    "pleniere": "equipe",
}

# Each request: who files it, where, what, who supports it, and how far it has gone.
REQUESTS = [
    {
        "author": "lucas.michel",
        "college": "fournisseurs",
        "area": "factures-emises",
        "title": "Agrandir le champ « Numéro d'engagement » à 30 caractères",
        "screen": "Saisir une facture — onglet « Références »",
        "field_label": "Numéro d'engagement",
        "current_behaviour": "Le champ n'accepte que 10 caractères. Les bons de commande de plusieurs "
        "hôpitaux en comptent 15 : la facture part sans référence complète et revient rejetée.",
        "expected_behaviour": "Accepter 30 caractères, comme la balise du format structuré, et "
        "afficher la longueur maximale sous le champ.",
        "affected_who": "Fournisseurs qui saisissent leurs factures sur le portail",
        "frequency": "every_invoice",
        "tags": ["engagement", "rejet", "saisie"],
        "supporters": [
            "chloe.david",
            "mathis.lefevre",
            "antoine.simon",
            "manon.laurent",
            "isabelle.petit",
        ],
        "state": "under_discussion",
    },
    {
        "author": "mathis.lefevre",
        "college": "fournisseurs",
        "area": "factures-emises",
        "title": "Numéro d'engagement tronqué à la saisie",
        "screen": "Saisir une facture",
        "field_label": "Numéro d'engagement",
        "current_behaviour": "Quand je colle le numéro de bon de commande, la fin est coupée sans message.",
        "expected_behaviour": "Ne pas tronquer, ou prévenir que la valeur est trop longue.",
        "affected_who": "PME du bâtiment",
        "frequency": "weekly",
        "tags": ["engagement"],
        "supporters": ["nadia.haddad", "chloe.david"],
        "state": "merged",
        "merge_into": "Agrandir le champ « Numéro d'engagement » à 30 caractères",
    },
    {
        "author": "chloe.david",
        "college": "fournisseurs",
        "area": "annuaire",
        "title": "Libellé « Service exécutant » peu explicite",
        "screen": "Saisir une facture — destinataire",
        "field_label": "Service exécutant",
        "current_behaviour": "Beaucoup de fournisseurs ne savent pas qu'il s'agit du code service du "
        "destinataire public : ils laissent vide ou saisissent leur propre service, et la facture est rejetée.",
        "expected_behaviour": "Renommer en « Code service du destinataire » avec une aide qui renvoie à "
        "l'annuaire des structures publiques.",
        "affected_who": "Nouveaux fournisseurs, associations",
        "frequency": "daily",
        "tags": ["libellé", "service exécutant", "rejet"],
        "supporters": ["lucas.michel", "mathis.lefevre", "julien.morel", "amelie.roux"],
        "state": "escalated",
    },
    {
        "author": "mathis.lefevre",
        "college": "fournisseurs",
        "area": "factures-travaux",
        "title": "Proposer directement le cadre A19 pour l'état d'acompte validé",
        "screen": "Déposer un état d'acompte validé",
        "field_label": "Cadre de facturation",
        "current_behaviour": "La maîtrise d'œuvre doit choisir le cadre A19 dans une liste de 20 cadres ; "
        "une erreur de cadre renvoie tout le circuit A4 → A15 au début.",
        "expected_behaviour": "Quand la pièce répond à un projet de décompte A15, proposer A19 par défaut.",
        "affected_who": "Maîtrise d'œuvre des marchés de travaux",
        "frequency": "monthly",
        "tags": ["travaux", "A19", "cadre de facturation"],
        "supporters": ["marc.bernard", "thomas.girard"],
        "state": "delivered",
    },
    {
        "author": "marc.bernard",
        "college": "fournisseurs",
        "area": "factures-travaux",
        "title": "Suivre le circuit A4, A15, A19 d'une même situation de travaux",
        "screen": "Factures de travaux — consulter",
        "field_label": "",
        "current_behaviour": "Le projet de décompte mensuel (A4), sa validation par la maîtrise d'œuvre "
        "(A15) et l'état d'acompte (A19) apparaissent comme trois pièces sans lien.",
        "expected_behaviour": "Une frise qui relie les trois pièces et indique qui doit agir.",
        "affected_who": "Entreprises de travaux et maîtrise d'œuvre",
        "frequency": "monthly",
        "tags": ["travaux", "A4", "A15", "A19"],
        "supporters": ["mathis.lefevre", "thomas.girard", "julien.morel"],
        "state": "in_pilot",
    },
    {
        "author": "lucas.michel",
        "college": "fournisseurs",
        "area": "factures-emises",
        "title": "Motif de rejet lisible dans la liste des factures émises",
        "screen": "Factures émises — rechercher",
        "field_label": "Statut « Rejetée »",
        "current_behaviour": "Il faut ouvrir chaque facture rejetée pour lire son motif.",
        "expected_behaviour": "Une colonne « Motif du rejet » et un filtre par motif.",
        "affected_who": "Tous les fournisseurs",
        "frequency": "weekly",
        "tags": ["rejet", "recherche"],
        "supporters": ["chloe.david", "manon.laurent", "claire.fontaine"],
        "state": "planned",
    },
    {
        "author": "chloe.david",
        "college": "fournisseurs",
        "area": "factures-emises",
        "title": "Remonter au fournisseur le statut « Mise en paiement »",
        "screen": "Factures émises — suivi",
        "field_label": "Statut",
        "current_behaviour": "Pour certains destinataires le statut reste « Mise à disposition » "
        "jusqu'au paiement : on ne sait pas si la facture est traitée.",
        "expected_behaviour": "Rendre obligatoire la remontée du statut « Mise en paiement ».",
        "affected_who": "Fournisseurs des collectivités",
        "frequency": "every_invoice",
        "tags": ["statut", "paiement"],
        "supporters": ["lucas.michel", "amelie.roux"],
        "state": "rejected",
        "decision": "Le statut dépend du système d'information de chaque destinataire : le portail ne peut "
        "pas l'imposer aux entités qui ne le remontent pas. L'IPM recommande de l'expliquer dans l'aide.",
    },
    {
        "author": "zoe.andre",
        "college": "editeurs-operateurs",
        "area": "api-edi",
        "title": "Code retour explicite quand un flux EDI est rejeté pour SIRET inconnu",
        "screen": "Compte rendu de traitement du flux",
        "field_label": "Code retour",
        "current_behaviour": "Le compte rendu indique une erreur générique ; il faut appeler le support.",
        "expected_behaviour": "Un code et un libellé précis par cause, dont le SIRET destinataire inconnu.",
        "affected_who": "Opérateurs de dématérialisation et leurs clients",
        "frequency": "daily",
        "tags": ["EDI", "SIRET", "rejet"],
        "supporters": ["paul.lambert", "hugo.blanc", "lea.garnier"],
        "state": "under_instruction",
    },
    {
        "author": "antoine.simon",
        "college": "editeurs-operateurs",
        "area": "api-edi",
        "title": "Paginer l'API de recherche des factures émises au-delà de 10 000 résultats",
        "screen": "API « Rechercher factures émises »",
        "field_label": "pageResultatDemandee",
        "current_behaviour": "Au-delà de 10 000 résultats la recherche échoue : les grands comptes "
        "découpent leurs requêtes jour par jour.",
        "expected_behaviour": "Une pagination par curseur sans limite.",
        "affected_who": "Éditeurs de logiciels de gestion",
        "frequency": "daily",
        "tags": ["API", "recherche"],
        "supporters": ["zoe.andre", "ines.mercier"],
        "state": "postponed",
        "decision": "Reportée au cycle suivant : elle dépend de la refonte de l'API de recherche.",
    },
    {
        "author": "zoe.andre",
        "college": "editeurs-operateurs",
        "area": "api-edi",
        "title": "Ouvrir l'environnement de qualification le week-end",
        "screen": "",
        "field_label": "",
        "current_behaviour": "La qualification est fermée le week-end, quand nous livrons nos versions.",
        "expected_behaviour": "Une ouverture le samedi, même sans support.",
        "affected_who": "Éditeurs",
        "frequency": "monthly",
        "tags": ["qualification"],
        "supporters": ["antoine.simon"],
        "state": "in_vote",
    },
    {
        "author": "antoine.simon",
        "college": "editeurs-operateurs",
        "area": "api-edi",
        "title": "Prévenir par webhook du changement de statut d'une facture",
        "screen": "",
        "field_label": "",
        "current_behaviour": "Nos logiciels interrogent l'API toutes les heures pour chaque facture.",
        "expected_behaviour": "Un appel sortant vers une adresse déclarée à chaque changement de statut.",
        "affected_who": "Éditeurs",
        "frequency": "every_invoice",
        "tags": ["API", "statut"],
        "supporters": [],
        "state": "not_adopted",
    },
    {
        "author": "manon.laurent",
        "college": "institutionnels",
        "area": "gestion-structure",
        "title": "Un mandat de dépôt pour l'expert-comptable sur plusieurs structures",
        "screen": "Gérer ma structure — utilisateurs",
        "field_label": "Rattachement",
        "current_behaviour": "Le cabinet doit créer un compte par client et se rattacher à chaque SIRET.",
        "expected_behaviour": "Un mandat donné par le client au cabinet, visible et révocable.",
        "affected_who": "Cabinets d'expertise comptable et leurs clients TPE",
        "frequency": "daily",
        "tags": ["structure", "mandat"],
        "supporters": ["pierre.colin", "sarah.meyer", "louis.perrin"],
        "state": "accepted",
    },
    {
        "author": "manon.laurent",
        "college": "institutionnels",
        "area": "etats-frais-justice",
        "title": "Joindre plusieurs pièces en une fois à un état de frais de justice",
        "screen": "Saisir un état de frais de justice",
        "field_label": "Pièces jointes",
        "current_behaviour": "Une seule pièce par envoi : les mémoires de 12 pièces demandent 12 envois.",
        "expected_behaviour": "Un dépôt groupé.",
        "affected_who": "Auxiliaires de justice accompagnés par leurs ordres",
        "frequency": "weekly",
        "tags": ["frais de justice", "pièces jointes"],
        "supporters": ["emma.faure"],
        "state": "adopted",
    },
    {
        "author": "pierre.colin",
        "college": "institutionnels",
        "area": "factures-recues",
        "title": "Exporter en CSV les factures d'un client pour le cabinet mandaté",
        "screen": "Factures émises — export",
        "field_label": "",
        "current_behaviour": "L'export se limite à l'écran affiché.",
        "expected_behaviour": "Un export CSV de la période choisie.",
        "affected_who": "Cabinets d'expertise comptable",
        "frequency": "monthly",
        "tags": ["export"],
        "supporters": ["manon.laurent"],
        "state": "submitted",
    },
    {
        "author": "lucas.michel",
        "college": "pleniere",
        "area": "mes-messages",
        "title": "Recevoir un courriel quand une facture est suspendue",
        "screen": "Mes messages",
        "field_label": "",
        "current_behaviour": "La suspension n'apparaît que dans le portail ; on la découvre trop tard.",
        "expected_behaviour": "Un courriel avec le motif et le délai pour compléter la facture.",
        "affected_who": "Tous les fournisseurs",
        "frequency": "occasionally",
        "tags": ["notification", "suspension"],
        "supporters": ["zoe.andre", "manon.laurent", "chloe.david"],
        "state": "submitted",
    },
    {
        "author": "lucas.michel",
        "college": "fournisseurs",
        "area": "factures-emises",
        "title": "Afficher la date limite de paiement sur la facture déposée",
        "screen": "Consulter une facture émise",
        "field_label": "Date d'échéance",
        "current_behaviour": "La date limite de paiement n'est pas visible.",
        "expected_behaviour": "L'afficher à côté de la date de dépôt.",
        "affected_who": "",
        "frequency": "",
        "tags": ["paiement"],
        "supporters": [],
        "state": "draft",
    },
    {
        "author": "chloe.david",
        "college": "fournisseurs",
        "area": "factures-emises",
        "title": "Ajouter un bouton « Dupliquer la facture »",
        "screen": "Consulter une facture émise",
        "field_label": "",
        "current_behaviour": "Je ressaisis chaque mois la même facture de cantine.",
        "expected_behaviour": "Un bouton pour créer une facture à partir d'une autre.",
        "affected_who": "Fournisseurs récurrents",
        "frequency": "monthly",
        "tags": ["saisie"],
        "supporters": [],
        "state": "withdrawn",
        "withdraw_reason": "La fonction existe déjà : « Créer une facture à partir d'une facture existante ».",
    },
]

ROADS = {
    "draft": [],
    "submitted": [],
    "withdrawn": ["withdraw"],
    "merged": ["merge"],
    "under_discussion": ["open"],
    "in_vote": ["open", "vote"],
    "adopted": ["open", "vote", "adopt"],
    "not_adopted": ["open", "vote", "not_adopt"],
    "escalated": ["open", "vote", "adopt", "escalate"],
    "under_instruction": ["open", "vote", "adopt", "escalate", "instruct"],
    "accepted": ["open", "vote", "adopt", "escalate", "instruct", "accept"],
    "rejected": ["open", "vote", "adopt", "escalate", "instruct", "reject"],
    "postponed": ["open", "vote", "adopt", "escalate", "instruct", "postpone"],
    "planned": ["open", "vote", "adopt", "escalate", "instruct", "accept", "plan"],
    "in_pilot": ["open", "vote", "adopt", "escalate", "instruct", "accept", "plan", "pilot"],
    "delivered": [
        "open",
        "vote",
        "adopt",
        "escalate",
        "instruct",
        "accept",
        "plan",
        "pilot",
        "deliver",
    ],
}


def _walk(cr: ChangeRequest, data: dict, users: dict, slug: str) -> None:
    facilitator = users[FACILITATORS[slug]]
    delegate = users[DELEGATES[slug]]
    position = None
    for step in ROADS[data["state"]]:
        match step:
            case "withdraw":
                services.withdraw_request(
                    request=cr, actor=cr.author, reason=data["withdraw_reason"]
                )
            case "merge":
                survivor = ChangeRequest.objects.get(title=data["merge_into"])
                services.merge_request(
                    duplicate=cr,
                    into=survivor,
                    actor=facilitator,
                    reason="Même champ, même besoin : les soutiens sont regroupés.",
                )
            case "open":
                services.open_discussion(
                    request=cr, actor=facilitator, reason="Discussion ouverte dans le fil du thème."
                )
            case "vote":
                position = services.build_position(
                    college=cr.college,
                    title=f"Position : {cr.title}",
                    body=f"Le collège demande à l'IPM : {cr.expected_behaviour}",
                    requests=[cr],
                    actor=facilitator,
                    thread_conclusions="Consensus des membres ayant participé à la discussion.",
                )
                services.put_position_to_vote(position, facilitator)
            case "adopt" | "not_adopt":
                services.record_vote_outcome(
                    position,
                    step == "adopt",
                    facilitator,
                    ballot_label=f"Vote sur « {cr.title[:80]} »",
                )
            case "escalate":
                services.escalate(cr, "Cycle 12 (2026-2027)", delegate, "Adoptée par le collège.")
            case "instruct":
                services.start_instruction(cr, delegate, "Présentée au groupe de travail de l'IPM.")
            case "accept":
                services.arbitrate(cr, "accept", delegate, "Retenue par l'IPM, priorité 2.")
            case "reject" | "postpone":
                services.arbitrate(cr, step, delegate, data["decision"])
            case "plan":
                services.plan_release(cr, "Version 2027.1", delegate)
            case "pilot":
                services.start_pilot(cr, delegate, "Cinq membres du club testent la fonction.")
            case "deliver":
                services.deliver(cr, delegate, "En production depuis la version 2027.1.")


def seed(context) -> None:
    with without_emails():
        _seed(context)


def _seed(context) -> None:
    users = context.users
    colleges = {c.slug: c for c in College.objects.all()}
    areas = {a.slug: a for a in PortalArea.objects.all()}
    for data in REQUESTS:
        author = users[data["author"]]
        if ChangeRequest.objects.filter(author=author, title=data["title"]).exists():
            continue
        slug = data["college"]
        cr = services.create_request(
            author=author,
            college=colleges[slug],
            area=areas[data["area"]],
            title=data["title"],
            screen=data["screen"],
            field_label=data["field_label"],
            current_behaviour=data["current_behaviour"],
            expected_behaviour=data["expected_behaviour"],
            affected_who=data["affected_who"],
            frequency=data["frequency"],
            tags=data["tags"],
            submit=data["state"] != "draft",
        )
        for key in data["supporters"]:
            services.support_request(request=cr, member=users[key])
        _walk(cr, data, users, slug)
