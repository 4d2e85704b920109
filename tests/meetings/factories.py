"""Helpers for meeting tests: everything goes through the real services."""

from datetime import timedelta

from django.utils import timezone

from colleges.meetings import services


def meeting_values(**overrides) -> dict:
    start = timezone.now() + timedelta(days=7)
    values = {
        "title": "Atelier rejets de factures",
        "description": "1. Motifs de rejet\n2. Libellés",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "mode": "hybrid",
        "address": "20 avenue de Ségur, 75007 Paris",
        "accessibility": "Entrée de plain-pied, ascenseur, boucle magnétique en salle 3.",
        "online_url": "https://visio.example/salle-rejets",
        "capacity": 2,
        "registration_opens_at": None,
        "registration_closes_at": None,
        "open_to_other_colleges": False,
    }
    values.update(overrides)
    return values


def make_meeting(college, facilitator, **overrides):
    return services.schedule_meeting(
        college=college, actor=facilitator, **meeting_values(**overrides)
    )
