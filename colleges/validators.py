from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share one SIREN and follow their own checksum rule.
LA_POSTE_SIREN = "356000000"


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(value: str) -> str:
    """Drop the spaces and dots people type between groups of digits."""
    return "".join(char for char in value if char not in " .\u00a0\u202f")


def validate_siret(value: str) -> None:
    siret = normalise_siret(value)
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError(
            _(
                "Un numéro SIRET compte exactement 14 chiffres (SIREN à 9 chiffres suivi du NIC à 5 chiffres)."
            ),
            code="siret_length",
        )
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00000":
        valid = sum(int(char) for char in siret) % 5 == 0
    else:
        valid = luhn_is_valid(siret)
    if not valid:
        raise ValidationError(
            _(
                "Ce numéro SIRET n'est pas valide : sa clé de contrôle ne correspond pas. Vérifiez-le sur votre extrait Kbis ou sur annuaire-entreprises.data.gouv.fr."
            ),
            code="siret_checksum",
        )
