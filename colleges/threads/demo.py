"""Demo themes, threads and posts in every college and the plenary, written through the services.

Idempotent: a theme or thread that already exists (same title) is left as it is.
"""

from colleges.models import College
from colleges.threads import services
from colleges.threads.models import Theme, Thread

# college slug -> [(theme title, description, opener key, [threads])]
# thread: (title, tags, [(author key, body)], moderation) where moderation is a small dict.
DEMO = {
    "fournisseurs": [
        (
            "Gestion des rejets de factures",
            "Motifs de rejet, délais de traitement, relances : comment éviter les allers-retours "
            "entre fournisseurs et services facturiers, et ce que le portail pourrait mieux dire.",
            "sophie.leroy",
            [
                (
                    "Rejet « code service absent » alors que la structure n'en exige pas",
                    ["rejet", "code service"],
                    [
                        (
                            "sophie.leroy",
                            "Plusieurs d'entre vous signalent des factures **rejetées pour code "
                            "service absent**, alors que la fiche de la structure publique "
                            "n'indique aucun code service obligatoire.\n\nPartagez vos cas : "
                            "SIRET de la structure (public), date de dépôt, motif exact affiché.",
                        ),
                        (
                            "lucas.michel",
                            "Même chose pour moi avec une mairie : dépôt le 3, rejet le 12 avec le "
                            "motif « Code service absent ». Dans l'annuaire des structures, la case "
                            "« Code service obligatoire » est pourtant décochée.",
                        ),
                        (
                            "chloe.david",
                            "> la case « Code service obligatoire » est pourtant décochée\n\n"
                            "Chez nous, le gestionnaire nous a expliqué qu'ils utilisent le code "
                            "service pour router la facture en interne. Le portail devrait le "
                            "dire **avant** le dépôt, pas au rejet.",
                        ),
                        (
                            "mathis.lefevre",
                            "Proposition concrète : sur l'écran de saisie, afficher sous le champ "
                            "« Code service » la liste des codes actifs de la structure, avec leur "
                            "libellé. Aujourd'hui la liste déroulante est tronquée à 30 caractères.",
                        ),
                    ],
                    {"pin": True},
                ),
                (
                    "Le motif de rejet est trop court dans « Mes messages »",
                    ["rejet", "Mes messages", "libellé"],
                    [
                        (
                            "nadia.haddad",
                            "Quand une facture est rejetée, le commentaire du service facturier "
                            "est coupé dans l'onglet « Mes messages ». Il faut ouvrir la facture, "
                            "puis l'historique, pour lire le motif complet.",
                        ),
                        (
                            "antoine.simon",
                            "Côté API le commentaire complet est bien renvoyé ; c'est donc "
                            "l'affichage du portail qui tronque. Une demande d'évolution précise "
                            "(écran, champ, longueur) aurait toutes ses chances.",
                        ),
                        (
                            "manon.laurent",
                            "Pour mes clients, le numéro d'engagement client 1300045678 apparaît "
                            "en clair dans le message, c'est gênant à partager…",
                        ),
                    ],
                    {
                        "hide_last": "Un numéro d'engagement d'un client public ne se publie pas "
                        "(charte, point 2). Reformulez sans le numéro."
                    },
                ),
            ],
        ),
        (
            "Factures de travaux : circuit A4 / A15 / A19",
            "Projets de décompte mensuel, état d'acompte, décompte général : le circuit entre "
            "l'entreprise, la maîtrise d'œuvre et la maîtrise d'ouvrage dans Chorus Pro.",
            "marc.bernard",
            [
                (
                    "Projet de décompte mensuel (A19) : qui voit quoi et quand ?",
                    ["travaux", "A19", "maîtrise d'œuvre"],
                    [
                        (
                            "marc.bernard",
                            "Rappel du circuit : l'entreprise dépose son **projet de décompte "
                            "mensuel** (cadre A19), la maîtrise d'œuvre le valide et produit "
                            "l'état d'acompte, puis la maîtrise d'ouvrage le reçoit.\n\nQuestion : "
                            "à quel moment voyez-vous le statut changer de votre côté ?",
                        ),
                        (
                            "mathis.lefevre",
                            "On ne voit rien entre le dépôt et la mise en paiement. Un statut "
                            "« Transmis à la maîtrise d'ouvrage » éviterait des appels au "
                            "maître d'œuvre chaque mois.",
                        ),
                        (
                            "francois.dumas",
                            "Je le porterai à l'IPM si le collège le vote : il faudrait une "
                            "formulation précise de l'écran et du statut attendu.",
                        ),
                    ],
                    {},
                ),
                (
                    "Cadre A15 : état d'acompte rejeté par la MOE",
                    ["travaux", "A15"],
                    [
                        (
                            "thomas.girard",
                            "Quand la maîtrise d'œuvre refuse notre projet, le motif n'apparaît "
                            "que dans un PDF joint. Quelqu'un a-t-il trouvé mieux ?",
                        ),
                        (
                            "lucas.michel",
                            "Non, même constat. On relance par téléphone.",
                        ),
                    ],
                    {"lock": True},
                ),
            ],
        ),
        (
            "Annuaire des structures et SIRET",
            "Trouver la bonne structure publique, son SIRET et ses codes service.",
            "julien.morel",
            [
                (
                    "Deux structures avec le même nom : comment choisir ?",
                    ["SIRET", "annuaire"],
                    [
                        (
                            "julien.morel",
                            "La recherche par nom renvoie deux « Centre hospitalier » dans la "
                            "même ville. Seul le SIRET les distingue, et il n'est pas affiché "
                            "dans la liste de résultats.",
                        ),
                        (
                            "claire.fontaine",
                            "Afficher le SIRET et l'adresse dans la liste suffirait. C'est le "
                            "genre de détail qui fait gagner du temps à tout le monde.",
                        ),
                    ],
                    {},
                ),
            ],
        ),
    ],
    "editeurs-operateurs": [
        (
            "API de dépôt et statuts de traitement",
            "Raccordement API et EDI : flux, statuts, erreurs et limites.",
            "paul.lambert",
            [
                (
                    "Statut « Mise à disposition » renvoyé avant la fin du contrôle",
                    ["API", "statuts"],
                    [
                        (
                            "paul.lambert",
                            "Nos clients voient parfois `MISE_A_DISPOSITION` puis un rejet "
                            "quelques minutes après. Avez-vous le même comportement ?",
                        ),
                        (
                            "zoe.andre",
                            "Oui, sur environ 1 % des flux. On a ajouté un délai avant de "
                            "notifier nos clients, mais ce serait mieux côté portail.",
                        ),
                        (
                            "karim.saidi",
                            "Je propose d'en faire une demande d'évolution : statut définitif "
                            "garanti au moment de la notification.",
                        ),
                    ],
                    {"pin": True},
                ),
            ],
        ),
        (
            "Choix du format de facture électronique",
            "Préparation du livre blanc : Factur-X, UBL, CII, et ce que chacun permet.",
            "ines.mercier",
            [
                (
                    "Factur-X : profil minimum ou EN 16931 ?",
                    ["format", "Factur-X"],
                    [
                        (
                            "ines.mercier",
                            "Pour le livre blanc, recensons les profils que vos clients "
                            "utilisent réellement, et pourquoi.",
                        ),
                        (
                            "hugo.blanc",
                            "EN 16931 chez nous : le profil minimum ne porte pas les lignes, "
                            "et les services facturiers les demandent.",
                        ),
                    ],
                    {},
                ),
            ],
        ),
    ],
    "institutionnels": [
        (
            "Accompagner les TPE au dépôt",
            "Ce que les experts-comptables, fédérations et chambres constatent auprès des "
            "petites entreprises qui facturent la sphère publique.",
            "anne.chevalier",
            [
                (
                    "Les questions les plus fréquentes des artisans",
                    ["TPE", "accompagnement"],
                    [
                        (
                            "anne.chevalier",
                            "Listons les trois questions que vos adhérents posent le plus.",
                        ),
                        (
                            "sarah.meyer",
                            "1. Où trouver le code service ?\n2. Pourquoi ma facture est-elle "
                            "rejetée ?\n3. Comment joindre un bon de commande ?",
                        ),
                        (
                            "manon.laurent",
                            "Même podium chez nos clients, avec en plus le numéro "
                            "d'engagement : beaucoup ne savent pas où le trouver.",
                        ),
                    ],
                    {},
                ),
            ],
        ),
    ],
    "pleniere": [
        (
            "Sujets transverses du club",
            "Ce qui concerne tous les collèges : fonctionnement du club, IPM, pilotes.",
            "equipe",
            [
                (
                    "Devenir pilote d'une nouvelle fonctionnalité",
                    ["pilotes", "IPM"],
                    [
                        (
                            "equipe",
                            "Certaines évolutions sont testées par des membres avant leur mise "
                            "en production. Dites ici si vous souhaitez être pilote, et sur "
                            "quel canal vous déposez vos factures.",
                        ),
                        (
                            "lucas.michel",
                            "Volontaire, dépôt par le portail (saisie).",
                        ),
                        (
                            "zoe.andre",
                            "Volontaire côté opérateur, flux EDI.",
                        ),
                    ],
                    {},
                ),
            ],
        ),
    ],
}


def seed(context) -> None:
    users = context.users
    staff = users["equipe"]
    for slug, themes in DEMO.items():
        college = College.objects.filter(slug=slug).first()
        if college is None:
            continue
        for title, description, opener_key, threads in themes:
            theme = Theme.objects.filter(college=college, title=title).first()
            opener = users.get(opener_key, staff)
            if theme is None:
                theme = services.open_theme(
                    college=college, actor=opener, title=title, description=description
                )
            for thread_title, tags, posts, moderation in threads:
                if Thread.objects.filter(theme=theme, title=thread_title).exists():
                    continue
                (first_author, first_body), *replies = posts
                thread = services.open_thread(
                    theme=theme,
                    actor=users.get(first_author, opener),
                    title=thread_title,
                    body=first_body,
                    tags=tags,
                )
                first = thread.posts.get()
                last = None
                for index, (author_key, body) in enumerate(replies):
                    last = services.create_post(
                        thread=thread,
                        author=users.get(author_key, opener),
                        body=body,
                        reply_to=first if index == 0 else None,
                    )
                if moderation.get("hide_last") and last is not None:
                    services.report_post(
                        post=last, reporter=users.get("lucas.michel", staff), reason="Donnée client"
                    )
                    services.hide_post(post=last, actor=opener, reason=moderation["hide_last"])
                if moderation.get("pin"):
                    services.set_thread_flag(thread=thread, actor=opener, action="pin")
                if moderation.get("lock"):
                    services.set_thread_flag(
                        thread=thread,
                        actor=opener,
                        action="lock",
                        reason="Sujet repris dans le fil sur le cadre A19.",
                    )
