"""Demo site pages: the news, the FAQ, and a second version of a charter edited by staff.

Runs after the whitepapers (news link to them). Idempotent: pages are found by slug and
created only when missing; the charter's second version is published once.
"""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from club.pages.models import FaqPage, HomePage, NewsArticlePage, NewsIndexPage
from colleges import services as college_services
from colleges.models import College


def _h(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def _p(html):
    return {"type": "paragraph", "value": html}


NEWS_INTRO = (
    "<p>Les nouvelles du club : ses collèges, ses livres blancs, ses consultations et le suivi des "
    "demandes portées devant l'Instance de pilotage mutualisée (IPM).</p>"
)

# (slug, days ago, title, intro, body, tags)
NEWS = [
    (
        "le-club-ouvre-ses-trois-colleges",
        60,
        "Le Club Chorus Pro ouvre ses trois collèges",
        "Fournisseurs, éditeurs et opérateurs de dématérialisation, institutionnels et tiers "
        "intermédiaires : chacun a désormais son collège pour faire entendre sa voix.",
        [
            _p(
                "<p>Les entités publiques étaient bien représentées à l'Instance de pilotage "
                "mutualisée de Chorus Pro ; les entreprises qui leur adressent des factures "
                "l'étaient moins. Le Club Chorus Pro leur donne une place : l'adhésion est "
                "gratuite et facultative.</p>"
            ),
            _h("Trois collèges et une plénière"),
            _p(
                "<ul><li><b>Fournisseurs</b> : les entreprises qui facturent la sphère publique, "
                "par le portail, un logiciel de gestion, l'API ou l'EDI ;</li>"
                "<li><b>Éditeurs et opérateurs de dématérialisation</b> : ceux qui outillent "
                "les fournisseurs ;</li>"
                "<li><b>Institutionnels et tiers intermédiaires</b> : experts-comptables, "
                "fédérations professionnelles, chambres consulaires.</li></ul>"
                "<p>La <b>plénière</b> réunit les membres de tous les collèges sur les sujets "
                "transverses.</p>"
            ),
            {
                "type": "callout",
                "value": {
                    "title": "Des animateurs dans chaque collège",
                    "text": "Sept animateurs pour les fournisseurs, cinq pour les éditeurs et "
                    "opérateurs, trois pour les institutionnels : ils organisent les échanges "
                    "par thème de travail et veillent au respect de la charte d'usage.",
                },
            },
        ],
        ["Vie du club", "Collèges"],
    ),
    (
        "reforme-facturation-electronique-calendrier",
        40,
        "Facturation électronique entre entreprises : le calendrier",
        "Réception obligatoire pour toutes les entreprises à compter du 1er septembre 2026, "
        "émission étalée jusqu'en 2027 : ce que la réforme change pour les membres du club.",
        [
            _p(
                "<p>La facturation électronique, déjà obligatoire envers la sphère publique par "
                "Chorus Pro, se généralise entre entreprises assujetties à la TVA.</p>"
            ),
            {
                "type": "table",
                "value": {
                    "caption": "Le calendrier de la réforme",
                    "header": ["Date", "Obligation", "Entreprises concernées"],
                    "rows": [
                        ["1er septembre 2026", "Recevoir des factures électroniques", "Toutes"],
                        [
                            "1er septembre 2026",
                            "Émettre des factures électroniques",
                            "Grandes entreprises et ETI",
                        ],
                        [
                            "1er septembre 2027",
                            "Émettre des factures électroniques",
                            "PME et microentreprises",
                        ],
                    ],
                },
            },
            _p(
                "<p>Les factures entre entreprises transitent par des plateformes agréées. Pour "
                "les factures adressées à l'État, aux collectivités et aux établissements publics, "
                "Chorus Pro reste la porte d'entrée.</p>"
            ),
        ],
        ["Réforme 2026", "Facturation électronique"],
    ),
    (
        "livre-blanc-choisir-son-format",
        20,
        "Premier livre blanc du club : choisir son format de facture électronique",
        "UBL, CII, Factur-X, dépôt de PDF ou saisie sur le portail : le premier livre blanc du "
        "club compare les formats acceptés par Chorus Pro.",
        [
            _p(
                "<p>Rédigé avec les membres des collèges des fournisseurs et des éditeurs, le livre "
                "blanc explique la norme sémantique européenne EN 16931, ses deux syntaxes (UBL 2.1 "
                "et UN/CEFACT CII D16B), le format hybride Factur-X et ses profils, et les modes "
                "du portail pour les petits volumes.</p>"
                "<p>Il est publié dans la rubrique « Livres blancs » et téléchargeable en PDF. "
                "Chaque version reste consultable.</p>"
            ),
        ],
        ["Livres blancs", "Factur-X"],
    ),
    (
        "consultation-eviter-les-rejets",
        3,
        "Consultation : éviter les rejets de factures",
        "Les membres du collège des fournisseurs sont invités à commenter le projet de livre "
        "blanc sur les rejets de factures avant sa publication.",
        [
            _p(
                "<p>SIRET du destinataire erroné, code service absent, numéro d'engagement manquant : "
                "le projet recense les motifs de rejet les plus fréquents et les propositions des "
                "membres pour les éviter.</p>"
                "<p>Les membres du collège des fournisseurs trouvent le projet dans la rubrique "
                "« Livres blancs », tant que la consultation est ouverte. Leurs commentaires sont "
                "relus par l'équipe du club avant d'être publiés.</p>"
            ),
        ],
        ["Livres blancs", "Rejets"],
    ),
]

FAQ_INTRO = "<p>Les réponses aux questions que l'on nous pose le plus souvent.</p>"


def _qa(question, answer):
    return {"question": question, "answer": answer}


FAQ = [
    (
        "Adhérer au club",
        [
            _qa(
                "Qui peut adhérer au Club Chorus Pro ?",
                "<p>Les entreprises qui facturent la sphère publique, les éditeurs de logiciels et "
                "opérateurs de dématérialisation, et les tiers intermédiaires (experts-comptables, "
                "fédérations, chambres consulaires). Les entités publiques qui reçoivent les "
                "factures ne sont pas membres du club.</p>",
            ),
            _qa(
                "Combien coûte l'adhésion ?",
                "<p>Rien : l'adhésion est gratuite et facultative.</p>",
            ),
            _qa(
                "Mes identifiants Chorus Pro fonctionnent-ils sur le site du club ?",
                "<p>Non. Le club a ses propres identifiants : les deux outils ne sont pas "
                "connectés, et le club ne reçoit aucune donnée de vos factures.</p>",
            ),
            _qa(
                "Comment ma candidature est-elle examinée ?",
                "<p>L'équipe du club vérifie chaque candidature à la main, notamment que le "
                "collège choisi correspond à votre organisation. Elle peut vous demander un "
                "complément ; vous suivez l'état de votre candidature dans votre espace.</p>",
            ),
        ],
    ),
    (
        "Les collèges et la plénière",
        [
            _qa(
                "Quel collège choisir ?",
                "<p>Le collège des <b>fournisseurs</b> si vous adressez des factures à la sphère "
                "publique ; celui des <b>éditeurs et opérateurs</b> si vous fournissez un logiciel "
                "ou un service de dématérialisation ; celui des <b>institutionnels</b> si vous "
                "accompagnez des entreprises (cabinet comptable, fédération, chambre "
                "consulaire).</p>",
            ),
            _qa(
                "Puis-je appartenir à plusieurs collèges ?",
                "<p>Oui : un éditeur qui facture lui-même l'État peut rejoindre les deux collèges. "
                "Vous déposez une candidature par collège.</p>",
            ),
            _qa(
                "Qu'est-ce que la plénière ?",
                "<p>L'espace des sujets transverses, ouvert à tous les membres quel que soit leur "
                "collège. On n'y candidate pas : tout membre d'un collège y participe.</p>",
            ),
            _qa(
                "Qu'est-ce qu'une charte d'usage ?",
                "<p>Les règles des échanges d'un collège, écrites par ses animateurs avec l'équipe "
                "du club. Vous acceptez la version en vigueur en candidatant ; les chartes sont "
                "publiques et chaque version reste consultable.</p>",
            ),
        ],
    ),
    (
        "Demandes d'évolution et votes",
        [
            _qa(
                "Comment proposer une amélioration du portail ?",
                "<p>Déposez une demande d'évolution précise : l'écran, le champ ou le flux "
                "concerné, ce qui se passe aujourd'hui et ce que vous attendez. Les autres membres "
                "peuvent la soutenir et en débattre dans les fils de discussion du collège.</p>",
            ),
            _qa(
                "Qui vote, et comment ?",
                "<p>Quand une position est arrêtée, les animateurs la soumettent au vote des "
                "membres du collège. Chaque membre vote une fois ; selon le scrutin, le vote peut "
                "être modifié jusqu'à la clôture.</p>",
            ),
            _qa(
                "Mon vote est-il secret ?",
                "<p>Pour un scrutin secret, personne ne peut relier votre vote à votre nom. Vous "
                "recevez un reçu qui vous permet de vérifier que votre vote a bien été compté.</p>",
            ),
        ],
    ),
    (
        "L'Instance de pilotage mutualisée (IPM)",
        [
            _qa(
                "Qu'est-ce que l'IPM ?",
                "<p>L'instance de gouvernance de Chorus Pro : chaque année, elle instruit puis "
                "arbitre les demandes d'évolution du portail, en groupes de travail et en séances "
                "plénières.</p>",
            ),
            _qa(
                "Comment une demande du club arrive-t-elle à l'IPM ?",
                "<p>Une position adoptée par le vote d'un collège est portée par ses délégués au "
                "cycle d'arbitrage en cours. La décision de l'IPM (acceptée, refusée ou reportée, "
                "avec ses raisons) revient sur la demande, et chacun de ceux qui l'ont déposée, "
                "soutenue ou votée en est informé.</p>",
            ),
            _qa(
                "Qui sont les délégués ?",
                "<p>Deux représentants par collège, six en tout, désignés par un vote organisé par "
                "les animateurs. Ils défendent les positions des membres pendant l'instruction et "
                "l'arbitrage.</p>",
            ),
        ],
    ),
    (
        "Vos données",
        [
            _qa(
                "Quelles données le club conserve-t-il ?",
                "<p>Votre nom, votre adresse électronique, votre organisation et son SIRET, vos "
                "candidatures, vos messages, vos demandes et vos participations aux votes. Le "
                "détail est dans la page « Données personnelles ».</p>",
            ),
            _qa(
                "Comment obtenir ou effacer mes données ?",
                "<p>Depuis « Mes données », vous téléchargez tout ce qui vous concerne et vous "
                "pouvez effacer votre compte : vos messages restent sous un nom neutre et vos "
                "votes restent comptés sans vous être rattachés.</p>",
            ),
            _qa(
                "Le site utilise-t-il des services tiers ?",
                "<p>Non : ni mesure d'audience, ni police de caractères, ni captcha extérieurs. "
                "Tout est servi par les serveurs du club.</p>",
            ),
        ],
    ),
]

SUPPLIERS_CHARTER_V2 = (
    "Charte d'usage du collège des fournisseurs",
    "1. On partage son expérience de dépôt et de suivi des factures.\n"
    "2. On ne publie ni facture, ni numéro d'engagement, ni donnée d'un client public.\n"
    "3. Une pièce jointe est une capture d'écran anonymisée, jamais une facture.\n"
    "4. Une demande d'évolution décrit l'écran, le champ ou le message en cause.\n"
    "5. Les échanges restent courtois ; les animateurs modèrent.",
)


def _news(home, staff):
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsIndexPage(title="Actualités", slug="actualites", intro=NEWS_INTRO)
        home.add_child(instance=index)
        index.save_revision(user=staff).publish()
    today = timezone.localdate()
    for slug, days_ago, title, intro, body, tags in NEWS:
        if NewsArticlePage.objects.child_of(index).filter(slug=slug).exists():
            continue
        article = NewsArticlePage(
            slug=slug, title=title, intro=intro, body=body, date=today - timedelta(days=days_ago)
        )
        index.add_child(instance=article)
        article.tags.set(tags)
        article.save_revision(user=staff).publish()


def _faq(home, staff):
    if FaqPage.objects.child_of(home).exists():
        return
    body = [
        {"type": "section", "value": {"title": title, "questions": questions}}
        for title, questions in FAQ
    ]
    faq = FaqPage(title="Questions fréquentes", slug="questions-frequentes", intro=FAQ_INTRO)
    faq.body = body
    home.add_child(instance=faq)
    faq.save_revision(user=staff).publish()


def _charters(staff):
    # The club's reviewers ("Moderators") publish charter versions in the Wagtail admin.
    reviewers, _created = Group.objects.get_or_create(name="Moderators")
    reviewers.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="colleges",
            codename__in=["add_charter", "change_charter", "view_charter"],
        )
    )
    suppliers = College.objects.filter(slug="fournisseurs").first()
    if suppliers is not None and not suppliers.charters.filter(version__gte=2).exists():
        title, body = SUPPLIERS_CHARTER_V2
        college_services.publish_charter(college=suppliers, title=title, body=body, actor=staff)


def seed(context) -> None:
    staff = context.users["equipe"]
    home = HomePage.objects.get(depth=2)
    _news(home, staff)
    _faq(home, staff)
    _charters(staff)
