"""The current code of the demo's shared authenticator (club/demo.py, README)."""

import time

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand

from club.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Affiche le code à six chiffres du moment pour les comptes de démonstration."

    def handle(self, *args, **options):
        period = getattr(settings, "MFA_TOTP_PERIOD", 30)
        now = time.time()
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(now) // period))
        left = period - int(now) % period
        self.stdout.write(f"{code}  (valable encore {left} s)")
