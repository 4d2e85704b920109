"""The areas of the Chorus Pro portal members talk about (see shared/seeds 003 and 004)."""

from django.db import migrations

AREAS = [
    ("factures-emises", "Factures émises", "Saisie, dépôt et suivi des factures envoyées aux entités publiques."),
    ("factures-recues", "Factures reçues", "Traitement des factures par les destinataires publics."),
    (
        "factures-travaux",
        "Factures de travaux",
        "Cadres de facturation A4, A15, A19… et circuit maîtrise d'œuvre / maîtrise d'ouvrage.",
    ),
    ("etats-frais-justice", "États de frais de justice", "Mémoires et états de frais des auxiliaires de justice."),
    ("gestion-structure", "Gestion de ma structure", "SIRET, services, utilisateurs rattachés et habilitations."),
    ("sollicitations", "Sollicitations au support", "Demandes adressées au support de Chorus Pro."),
    ("api-edi", "API et EDI", "Raccordement des logiciels et des opérateurs : flux, formats, API."),
    ("mes-messages", "Mes messages", "Messagerie et notifications du portail."),
    ("documentation", "Documentation et communauté", "Guides, fiches pratiques et site de la communauté."),
    ("accueil-connecte", "Accueil connecté et compte", "Connexion, tableau de bord et paramètres du compte."),
    ("annuaire", "Annuaire des structures publiques", "Recherche d'un destinataire, codes service, engagement."),
]


def seed(apps, schema_editor):
    PortalArea = apps.get_model("proposals", "PortalArea")
    for position, (slug, name, description) in enumerate(AREAS, start=1):
        PortalArea.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def unseed(apps, schema_editor):
    PortalArea = apps.get_model("proposals", "PortalArea")
    PortalArea.objects.filter(slug__in=[a[0] for a in AREAS], change_requests__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
