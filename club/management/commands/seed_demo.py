"""Idempotent demo data: run it any number of times, the site ends in the same state."""

import importlib
import importlib.util

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from club.core.notifications.services import without_emails
from club.demo import DemoContext

# Each app seeds its own objects, in the order of the journey of an idea.
DEMO_STEPS = [
    "club.demo",
    "colleges.demo",
    "colleges.threads.demo",
    "proposals.demo",
    "proposals.ipm.demo",  # IPM cycles build on the requests and positions above
    "votes.demo",
    "whitepapers.demo",
    "club.pages.demo",
]


class Command(BaseCommand):
    help = "Crée ou met à jour les données de démonstration (idempotent)."

    def handle(self, *args, **options):
        context = DemoContext(stdout=self.stdout, style=self.style)
        # Demo people are fictitious: the mails the services send them are dropped, and the
        # notices they get on the site are never queued for e-mail (now or in digests).
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            without_emails(),
            transaction.atomic(),
        ):
            for module_name in DEMO_STEPS:
                if importlib.util.find_spec(module_name) is None:
                    continue
                importlib.import_module(module_name).seed(context)
            # Their powers need a second factor: the demo's people who hold one get it.
            context.give_second_factors()
        context.print_accounts()
