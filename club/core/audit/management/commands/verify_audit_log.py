from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from club.core.audit.integrity import verify_chain
from club.core.audit.models import AuditEntry


class Command(BaseCommand):
    help = (
        "Recompute the audit log's keyed hash chain and report the first broken entry (exit 1). "
        "With --head SEQUENCE:HASH (printed by an earlier run, kept in every backup's manifest), "
        "also detect that the newest entries were cut off, which a chain alone cannot see. "
        "With --anchor (the scheduled check), compare with the head the previous run recorded "
        "in AUDIT_LOG_ANCHOR_FILE, outside the database, then append today's head to it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--head",
            default="",
            help="an earlier head of the log, SEQUENCE:HASH, that must still be in the chain",
        )
        parser.add_argument(
            "--anchor",
            nargs="?",
            const=str(settings.AUDIT_LOG_ANCHOR_FILE),
            default="",
            metavar="FILE",
            help="the anchor file (default: AUDIT_LOG_ANCHOR_FILE), appended to at each run",
        )

    def handle(self, *args, head="", anchor="", **options):
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
            self._check_head(head, origin="notée auparavant")
        anchor_file = Path(anchor) if anchor else None
        previous = self._last_anchor(anchor_file) if anchor_file else ""
        if previous:
            self._check_head(previous, origin=f"ancrée dans {anchor_file}")
        self.stdout.write(
            self.style.SUCCESS(f"Journal d'audit intègre : {result.checked} entrée(s) vérifiée(s).")
        )
        last = AuditEntry.objects.order_by("-sequence").only("sequence", "hash").first()
        current = f"{last.sequence}:{last.hash}" if last is not None else ""
        if current:
            self.stdout.write(f"Tête du journal : --head {current}")
        if anchor_file and current and current != previous:
            anchor_file.parent.mkdir(parents=True, exist_ok=True)
            with anchor_file.open("a", encoding="utf-8") as out:
                out.write(f"{timezone.now().isoformat()} {current}\n")
            self.stdout.write(f"Tête ancrée dans {anchor_file}.")

    def _last_anchor(self, anchor_file: Path) -> str:
        if not anchor_file.exists():
            self.stdout.write(f"Aucune ancre précédente dans {anchor_file} : première ancre.")
            return ""
        lines = [line.split() for line in anchor_file.read_text(encoding="utf-8").splitlines()]
        heads = [parts[-1] for parts in lines if parts]
        return heads[-1] if heads else ""

    def _check_head(self, head: str, *, origin: str) -> None:
        sequence, _, digest = head.partition(":")
        if not sequence.isdigit() or not digest:
            raise CommandError("--head attend NUMÉRO:EMPREINTE.", returncode=2)
        if not AuditEntry.objects.filter(sequence=int(sequence), hash=digest).exists():
            raise CommandError(
                f"Journal d'audit tronqué : l'entrée n°{sequence} {origin} a disparu ou a changé.",
                returncode=1,
            )
