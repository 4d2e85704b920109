import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from club.core.audit.integrity import verify_chain
from club.core.audit.models import AppendOnlyError, AuditEntry
from club.core.audit.services import record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(staff, college):
    person = UserFactory(first_name="Alix", last_name="Bernard")
    entries = [
        record(
            actor=staff,
            action="application.approved",
            target=college,
            before={"status": "pending"},
            after={"status": "approved"},
            reason="Qualification vérifiée",
        ),
        record(actor=person, action="personal_data.exported", target=person),
        record(actor=None, action="cycle.opened", reason="Tâche planifiée"),
        record(actor=staff, action="membership.suspended", target=person, reason="Spam"),
    ]
    return entries


def _verify():
    """Run the command; return (exit code, output)."""
    out = io.StringIO()
    try:
        call_command("verify_audit_log", stdout=out)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def test_entries_are_chained(chain, staff):
    first, second = chain[0], chain[1]
    assert (first.sequence, first.previous_hash) == (1, "")
    assert second.previous_hash == first.hash
    assert len(first.hash) == 64
    assert first.actor_label == str(staff)
    assert first.actor_key == str(staff.pk)
    assert first.target_label == "Fournisseurs"


def test_chain_verifies(chain):
    assert verify_chain().ok
    code, output = _verify()
    assert code == 0
    assert "4 entrée(s) vérifiée(s)" in output


def test_hash_survives_a_round_trip_through_the_database(chain):
    for entry in AuditEntry.objects.all():
        assert entry.compute_hash() == entry.hash


def test_non_json_values_are_normalised_before_hashing(staff):
    import datetime
    import decimal

    record(
        actor=staff,
        action="ballot.closed",
        after={"at": datetime.date(2026, 11, 25), "quorum": decimal.Decimal("0.5")},
    )
    assert verify_chain().ok


def test_orm_refuses_updates_and_deletions(chain):
    entry = AuditEntry.objects.get(sequence=2)
    entry.reason = "retouché"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="retouché")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_sql_update_is_detected(chain):
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET reason = %s WHERE sequence = 3", ["Retouché"])
    code, output = _verify()
    assert code == 1
    assert "entrée n°3" in output
    assert "ne correspond plus à son empreinte" in output


def test_update_through_the_base_queryset_is_detected(chain):
    # Bypassing the append-only manager, as a careless script would.
    from django.db.models import QuerySet

    QuerySet(AuditEntry).filter(sequence=2).update(actor_label="Quelqu'un d'autre")
    code, output = _verify()
    assert code == 1
    assert "entrée n°2" in output


def test_rehashing_a_tampered_entry_is_detected_by_the_next_one(chain):
    entry = AuditEntry.objects.get(sequence=2)
    entry.reason = "retouché"
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET reason = %s, hash = %s WHERE sequence = 2",
            ["retouché", entry.compute_hash()],
        )
    code, output = _verify()
    assert code == 1
    assert "entrée n°3" in output


def test_deletion_is_detected(chain):
    table = AuditEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE sequence = 2")
    code, output = _verify()
    assert code == 1
    assert "entrée n°3" in output
    assert "disparu" in output


def test_deleting_the_first_entry_is_detected(chain):
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE sequence = 1")
    code, output = _verify()
    assert code == 1
    assert "entrée n°2" in output


def test_relinking_the_actor_is_detected(chain, staff):
    other = UserFactory()
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEntry._meta.db_table} SET actor_id = %s WHERE sequence = 1", [other.pk]
        )
    code, output = _verify()
    assert code == 1
    assert "entrée n°1" in output


def test_deleting_an_actor_keeps_the_chain_valid(chain):
    person = chain[1].actor
    person.delete()
    entry = AuditEntry.objects.get(sequence=2)
    assert entry.actor_id is None
    assert entry.actor_label == "Alix Bernard"
    assert verify_chain().ok


def test_record_inside_a_rolled_back_transaction_leaves_no_trace(chain, staff):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        record(actor=staff, action="application.rejected", reason="annulé")
        raise RuntimeError
    entry = record(actor=staff, action="application.rejected")
    assert entry.sequence == 5
    assert verify_chain().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_the_chain_linear(staff):
    if connection.vendor != "postgresql":
        pytest.skip("Real concurrency needs PostgreSQL.")
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def write(number):
        try:
            record(actor=staff, action="test.concurrent", reason=str(number))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(write, range(40)))
    assert AuditEntry.objects.count() == 40
    assert verify_chain().ok


def test_cutting_off_the_newest_entries_is_detected_against_a_recorded_head(chain):
    """A chain alone cannot see its tail removed: the head printed earlier (and kept in each
    backup's manifest) can."""
    out = io.StringIO()
    call_command("verify_audit_log", stdout=out)
    anchor = out.getvalue().split("--head ")[1].strip()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {AuditEntry._meta.db_table} WHERE sequence = %s",
            [int(anchor.split(":")[0])],
        )
    assert _verify()[0] == 0, "the remaining chain is consistent"
    with pytest.raises(CommandError, match="tronqué"):
        call_command("verify_audit_log", "--head", anchor, stdout=io.StringIO())
