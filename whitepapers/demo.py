"""Demo whitepapers: the one the club announced on choosing an e-invoice format (published),
and one on invoice rejections under member consultation.

Idempotent: pages are found by slug and left alone once created; the review workflow, the
reviewers' group and the consultation are made only when missing.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from colleges.models import College
from whitepapers import services
from whitepapers.models import WhitepaperIndexPage, WhitepaperPage

INDEX_INTRO = (
    "<p>Les livres blancs du Club Chorus Pro sont rédigés par les membres des collèges, soumis à "
    "la consultation des membres puis relus par l'équipe du club. Chaque version publiée reste "
    "consultable et téléchargeable en PDF.</p>"
)


def _h(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def _p(html):
    return {"type": "paragraph", "value": html}


FORMATS_SUMMARY = (
    "UBL, CII, Factur-X, dépôt de PDF ou saisie sur le portail : quel format choisir pour "
    "facturer la sphère publique sur Chorus Pro aujourd'hui, et préparer la généralisation de "
    "la facturation électronique entre entreprises à partir de 2026 ?"
)

FORMATS_BODY = [
    _h("Pourquoi ce livre blanc"),
    _p(
        "<p>Depuis 2020, toutes les entreprises qui facturent l'État, les collectivités "
        "territoriales et les établissements publics transmettent leurs factures par Chorus Pro. "
        "Les membres du club posent souvent la même question : <b>sous quelle forme</b> envoyer "
        "ses factures ? La réponse dépend du volume, de l'outil de facturation et de la "
        "préparation à la réforme de la facturation électronique entre entreprises.</p>"
    ),
    _h("Un socle commun : la norme sémantique EN 16931"),
    _p(
        "<p>La norme européenne <b>EN 16931</b>, issue de la directive 2014/55/UE sur la "
        "facturation électronique dans les marchés publics, définit le <i>modèle sémantique</i> "
        "d'une facture : la liste des informations (vendeur, acheteur, lignes, montants, TVA, "
        "références d'engagement…) et leurs règles de gestion. Elle ne fixe pas une syntaxe "
        "unique : elle en reconnaît deux, UBL 2.1 et UN/CEFACT CII D16B.</p>"
    ),
    _h("Les formats structurés"),
    _h("UBL 2.1", "h3"),
    _p(
        "<p>Universal Business Language, publié par OASIS, est une syntaxe XML très répandue en "
        "Europe du Nord et dans le réseau PEPPOL. Chorus Pro l'accepte en flux (EDI ou API). "
        "C'est un bon choix pour un éditeur ou un opérateur qui échange déjà en UBL avec "
        "d'autres pays.</p>"
    ),
    _h("UN/CEFACT CII D16B", "h3"),
    _p(
        "<p>La Cross Industry Invoice des Nations unies (version D16B) est l'autre syntaxe XML de "
        "la norme. C'est aussi celle qu'embarque Factur-X : maîtriser CII, c'est maîtriser la "
        "partie structurée des deux formats.</p>"
    ),
    _h("Factur-X : un PDF lisible et un XML structuré", "h3"),
    _p(
        "<p>Factur-X, standard franco-allemand (identique à ZUGFeRD 2), est un fichier "
        "<b>PDF/A-3</b> lisible par une personne, dans lequel est <b>embarqué un fichier XML CII</b>. "
        "Le même document sert au destinataire humain et au traitement automatique. Le contenu "
        "du XML dépend du profil choisi :</p>"
    ),
    {
        "type": "table",
        "value": {
            "caption": "Les profils Factur-X",
            "header": ["Profil", "Contenu du XML", "Usage"],
            "rows": [
                [
                    "MINIMUM",
                    "En-tête minimal, sans lignes",
                    "Aide à la saisie ; pas une facture EN 16931",
                ],
                [
                    "BASIC WL",
                    "En-tête et totaux, sans lignes",
                    "Aide à la saisie ; pas une facture EN 16931",
                ],
                ["BASIC", "Sous-ensemble de la norme, avec lignes", "Factures simples"],
                ["EN 16931", "Toutes les données de la norme", "Profil de référence recommandé"],
                [
                    "EXTENDED",
                    "Norme et données complémentaires",
                    "Besoins sectoriels (travaux, logistique…)",
                ],
            ],
        },
    },
    {
        "type": "callout",
        "value": {
            "title": "À retenir",
            "text": "Pour être traitées automatiquement, les factures Factur-X doivent au moins "
            "suivre le profil BASIC ; le profil EN 16931 est le choix sûr.",
        },
    },
    _h("Les modes du portail : dépôt de PDF et saisie"),
    _p(
        "<p>Pour quelques factures par mois, le portail Chorus Pro propose la <b>saisie en "
        "ligne</b> de la facture et le <b>dépôt d'une facture PDF</b> complétée des données "
        "demandées (SIRET du destinataire, code service, numéro d'engagement). Ces modes ne "
        "demandent aucun logiciel, mais la saisie est manuelle : ils conviennent aux petits "
        "volumes, pas aux flux récurrents.</p>"
    ),
    {
        "type": "table",
        "value": {
            "caption": "Quel mode selon votre situation",
            "header": ["Situation", "Mode conseillé"],
            "rows": [
                [
                    "Quelques factures par an, sans logiciel",
                    "Saisie ou dépôt de PDF sur le portail",
                ],
                ["Logiciel de facturation récent", "Factur-X (profil EN 16931) par API ou dépôt"],
                ["Gros volumes, échanges internationaux", "UBL 2.1 ou CII D16B en flux EDI ou API"],
            ],
        },
    },
    _h("Préparer la réforme de 2026"),
    _p(
        "<p>La facturation électronique se généralise entre entreprises assujetties à la TVA : "
        "toutes doivent pouvoir <b>recevoir</b> des factures électroniques à partir du 1er "
        "septembre 2026 ; l'obligation d'<b>émettre</b> s'applique dès cette date aux grandes "
        "entreprises et aux entreprises de taille intermédiaire, puis au 1er septembre 2027 aux "
        "PME et microentreprises. Les factures transitent par des <b>plateformes de "
        "dématérialisation partenaires</b> (PDP), immatriculées par l'administration, avec un "
        "socle de trois formats : UBL, CII et Factur-X.</p>"
        "<p>Chorus Pro reste la porte d'entrée des factures adressées à la sphère publique. "
        "Choisir dès aujourd'hui un format conforme à EN 16931 permet d'utiliser la même chaîne "
        "pour vos clients publics et privés.</p>"
    ),
    {
        "type": "quote",
        "value": {
            "text": "A terme, le club devrait également être à l'origine de livres blancs comme un "
            "que nous avons en projet sur le choix du format de facture électronique.",
            "author": "Claude Molly-Mitton",
            "source": "Présentation du Club Chorus Pro",
        },
    },
]

REJECTS_SUMMARY = (
    "Pourquoi une facture est rejetée par Chorus Pro ou par son destinataire public, et comment "
    "l'éviter : SIRET, code service, numéro d'engagement, pièces jointes."
)

REJECTS_BODY = [
    _h("Les motifs de rejet les plus fréquents"),
    _p(
        "<ul><li>SIRET du destinataire erroné ou structure inactive ;</li>"
        "<li>code service absent alors que la structure l'exige ;</li>"
        "<li>numéro d'engagement (bon de commande) manquant ou inconnu ;</li>"
        "<li>doublon d'une facture déjà déposée.</li></ul>"
    ),
    _h("Ce que les membres proposent"),
    _p(
        "<p>Des messages de rejet plus précis, indiquant le champ en cause, et une vérification "
        "de l'annuaire des structures avant l'envoi.</p>"
    ),
    {
        "type": "callout",
        "value": {
            "title": "Projet en consultation",
            "text": "Les membres des collèges contributeurs sont invités à commenter ce projet.",
        },
    },
]


def _index(home) -> WhitepaperIndexPage:
    index = WhitepaperIndexPage.objects.child_of(home).first()
    if index is None:
        index = WhitepaperIndexPage(title="Livres blancs", slug="livres-blancs", intro=INDEX_INTRO)
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _whitepaper(index, *, slug, title, summary, body, colleges, contributors, tags, names=""):
    page = WhitepaperPage.objects.child_of(index).filter(slug=slug).first()
    if page is not None:
        return page, False
    page = WhitepaperPage(
        slug=slug,
        title=title,
        summary=summary,
        body=body,
        contributors_text=names,
        version="1.0",
        changelog="Première version.",
        live=False,
    )
    index.add_child(instance=page)
    page.colleges.set(colleges)
    page.contributor_users.set(contributors)
    page.tags.set(tags)
    page.save()
    page.save_revision()
    return page, True


def seed(context) -> None:
    staff = context.users.get("equipe")
    reviewers, _ = Group.objects.get_or_create(name=services.REVIEWERS_GROUP)
    staff.groups.add(reviewers)
    index = _index(context.home)
    services.ensure_review_workflow(index)
    colleges = {c.slug: c for c in College.objects.all()}
    users = context.users

    def people(*keys):
        return [users[key] for key in keys if key in users]

    formats, created = _whitepaper(
        index,
        slug="choisir-son-format-de-facture-electronique",
        title="Choisir son format de facture électronique",
        summary=FORMATS_SUMMARY,
        body=FORMATS_BODY,
        colleges=[c for s, c in colleges.items() if s in ("fournisseurs", "editeurs-operateurs")],
        contributors=people("sophie.leroy"),
        tags=["Factur-X", "UBL", "CII", "EN 16931", "Réforme 2026"],
        names="Équipe du Club Chorus Pro",
    )
    if created:
        services.publish_whitepaper(page=formats, actor=staff)
        formats.refresh_from_db()
        draft = formats.get_latest_revision_as_object()
        draft.version = "1.1"
        draft.changelog = "Calendrier de la réforme mis à jour (émission en 2026 et 2027)."
        draft.save_revision(user=staff)
        services.publish_whitepaper(page=formats, actor=staff)

    rejects, created = _whitepaper(
        index,
        slug="eviter-les-rejets-de-factures",
        title="Éviter les rejets de factures",
        summary=REJECTS_SUMMARY,
        body=REJECTS_BODY,
        colleges=[c for s, c in colleges.items() if s == "fournisseurs"],
        contributors=people("sophie.leroy", "marc.bernard"),
        tags=["Rejets", "Code service"],
    )
    if not rejects.consultations.exists():
        now = timezone.now()
        services.open_consultation(
            page=rejects,
            opens_at=now - timedelta(days=2),
            closes_at=now + timedelta(days=28),
            actor=staff,
        )
