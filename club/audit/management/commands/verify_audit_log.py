from django.core.management.base import BaseCommand, CommandError

from club.audit.integrity import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and report the first broken entry (exit 1)."

    def handle(self, *args, **options):
        result = verify_chain()
        if not result.ok:
            entry = result.first_break.entry
            raise CommandError(
                f"Journal d'audit altéré à l'entrée n°{entry.sequence} (id {entry.pk}, "
                f"{entry.action}) : {result.first_break.problem}. "
                f"{result.checked} entrée(s) vérifiée(s) avant elle.",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(f"Journal d'audit intègre : {result.checked} entrée(s) vérifiée(s).")
        )
