"""Recomputing the audit log's hash chain."""

from dataclasses import dataclass

from club.core.audit.models import AuditEntry


@dataclass(frozen=True)
class Break:
    entry: AuditEntry
    problem: str


@dataclass(frozen=True)
class Verification:
    checked: int
    first_break: Break | None

    @property
    def ok(self) -> bool:
        return self.first_break is None


def verify_chain(*, chunk_size: int = 2000) -> Verification:
    """Walk the log in order and stop at the first entry that does not fit the chain."""
    previous: AuditEntry | None = None
    checked = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=chunk_size):
        expected_sequence = previous.sequence + 1 if previous else 1
        expected_previous_hash = previous.hash if previous else ""
        problem = ""
        if entry.sequence != expected_sequence:
            problem = (
                f"numéro {entry.sequence} au lieu de {expected_sequence} : "
                "une entrée a disparu ou a été insérée"
            )
        elif entry.previous_hash != expected_previous_hash:
            problem = "l'empreinte précédente ne correspond pas à l'entrée qui la précède"
        elif entry.compute_hash() != entry.hash:
            problem = "le contenu de l'entrée ne correspond plus à son empreinte"
        elif entry.actor_id is not None and str(entry.actor_id) != entry.actor_key:
            problem = "l'auteur lié ne correspond pas à l'auteur enregistré"
        if problem:
            return Verification(checked=checked, first_break=Break(entry=entry, problem=problem))
        checked += 1
        previous = entry
    return Verification(checked=checked, first_break=None)
