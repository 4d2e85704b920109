from django.core.management.base import BaseCommand, CommandError

from club.core.audit.integrity import verify_chain
from club.core.audit.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Recompute the audit log's hash chain and report the first broken entry (exit 1). "
        "With --head SEQUENCE:HASH (printed by an earlier run, kept in every backup's manifest), "
        "also detect that the newest entries were cut off, which a chain alone cannot see."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            default="",
            help="an earlier head of the log, SEQUENCE:HASH, that must still be in the chain",
        )

    def handle(self, *args, head="", **options):
        result = verify_chain()
        if not result.ok:
            entry = result.first_break.entry
            raise CommandError(
                f"Journal d'audit altéré à l'entrée n°{entry.sequence} (id {entry.pk}, "
                f"{entry.action}) : {result.first_break.problem}. "
                f"{result.checked} entrée(s) vérifiée(s) avant elle.",
                returncode=1,
            )
        if head:
            sequence, _, digest = head.partition(":")
            if not sequence.isdigit() or not digest:
                raise CommandError("--head attend NUMÉRO:EMPREINTE.", returncode=2)
            if not AuditEntry.objects.filter(sequence=int(sequence), hash=digest).exists():
                raise CommandError(
                    f"Journal d'audit tronqué : l'entrée n°{sequence} notée auparavant a disparu "
                    "ou a changé.",
                    returncode=1,
                )
        self.stdout.write(
            self.style.SUCCESS(f"Journal d'audit intègre : {result.checked} entrée(s) vérifiée(s).")
        )
        last = AuditEntry.objects.order_by("-sequence").only("sequence", "hash").first()
        if last is not None:
            self.stdout.write(f"Tête du journal : --head {last.sequence}:{last.hash}")
