import hashlib
import io
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from club.core.audit import append_only
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


@contextmanager
def tampering():
    """A database administrator's cursor: the append-only triggers lifted first, as anyone
    who owns the table can; only the keyed chain and the anchor are left to notice."""
    append_only.remove(connection)
    try:
        with connection.cursor() as cursor:
            yield cursor
    finally:
        append_only.install(connection)


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
    with tampering() as cursor:
        cursor.execute(f"UPDATE {table} SET reason = %s WHERE sequence = 3", ["Retouché"])
    code, output = _verify()
    assert code == 1
    assert "entrée n°3" in output
    assert "ne correspond plus à son empreinte" in output


def test_update_through_the_base_queryset_is_refused_by_the_database(chain):
    # Bypassing the append-only manager, as a careless script would: the trigger refuses it.
    from django.db.models import QuerySet

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        QuerySet(AuditEntry).filter(sequence=2).update(actor_label="Quelqu'un d'autre")
    assert _verify()[0] == 0


def test_rehashing_a_tampered_entry_is_detected_by_the_next_one(chain):
    entry = AuditEntry.objects.get(sequence=2)
    entry.reason = "retouché"
    table = AuditEntry._meta.db_table
    with tampering() as cursor:
        cursor.execute(
            f"UPDATE {table} SET reason = %s, hash = %s WHERE sequence = 2",
            ["retouché", entry.compute_hash()],
        )
    code, output = _verify()
    assert code == 1
    assert "entrée n°3" in output


def test_deletion_is_detected(chain):
    table = AuditEntry._meta.db_table
    with tampering() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE sequence = 2")
    code, output = _verify()
    assert code == 1
    assert "entrée n°3" in output
    assert "disparu" in output


def test_deleting_the_first_entry_is_detected(chain):
    with tampering() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE sequence = 1")
    code, output = _verify()
    assert code == 1
    assert "entrée n°2" in output


def test_relinking_the_actor_is_detected(chain, staff):
    other = UserFactory()
    with tampering() as cursor:
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
    with tampering() as cursor:
        cursor.execute(
            f"DELETE FROM {AuditEntry._meta.db_table} WHERE sequence = %s",
            [int(anchor.split(":")[0])],
        )
    assert _verify()[0] == 0, "the remaining chain is consistent"
    with pytest.raises(CommandError, match="tronqué"):
        call_command("verify_audit_log", "--head", anchor, stdout=io.StringIO())


# --- Issue 20, point 6: a forger with raw SQL, on SQLite and PostgreSQL -----------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {table} SET actor_label = 'Quelqu''un d''autre' WHERE sequence = 2",
        "UPDATE {table} SET hash = hash WHERE sequence = 2",
        "DELETE FROM {table} WHERE sequence = 4",
        "DELETE FROM {table}",
    ],
)
def test_the_database_refuses_updates_and_deletions(chain, statement):
    table = AuditEntry._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement.format(table=table))
    assert AuditEntry.objects.count() == 4
    assert verify_chain().ok


def _plain_sha256(entry, previous_hash):
    from club.core.audit.models import canonical_json

    data = canonical_json(entry.payload()) + previous_hash
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _rechain(digest):
    """Recompute every hash after a forgery with `digest`, as the attacker of the issue did."""
    table = AuditEntry._meta.db_table
    previous = ""
    with tampering() as cursor:
        entries = list(AuditEntry.objects.order_by("sequence"))
        # Out of the way first: sequence, hash and previous_hash are unique.
        cursor.execute(
            f"UPDATE {table} SET sequence = sequence + 1000000, "
            "hash = 'x' || id, previous_hash = 'x' || id"
        )
        for number, entry in enumerate(entries, start=1):
            entry.sequence = number
            entry.previous_hash = previous
            previous = digest(entry, previous)
            cursor.execute(
                f"UPDATE {table} SET sequence = %s, previous_hash = %s, hash = %s WHERE id = %s",
                [number, entry.previous_hash, previous, entry.pk],
            )


@pytest.fixture
def longer_chain(chain, staff):
    return chain + [record(actor=staff, action="test.more", reason=str(n)) for n in range(4)]


def test_a_forged_entry_with_a_recomputed_plain_chain_is_detected(longer_chain):
    """The attack of the issue: one entry forged, four deleted, the chain recomputed."""
    table = AuditEntry._meta.db_table
    with tampering() as cursor:
        cursor.execute(f"UPDATE {table} SET actor_label = 'Quelqu''un' WHERE sequence = 1")
        cursor.execute(f"DELETE FROM {table} WHERE sequence IN (3, 4, 5, 6)")
    _rechain(_plain_sha256)
    code, output = _verify()
    assert code == 1
    assert "entrée n°1" in output


def test_a_chain_recomputed_under_a_guessed_key_is_detected(longer_chain, settings):
    table = AuditEntry._meta.db_table
    with tampering() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE sequence IN (3, 4, 5, 6)")
    club_key = settings.AUDIT_LOG_KEY
    settings.AUDIT_LOG_KEY = "une-clé-devinée"
    _rechain(lambda entry, previous: entry.compute_hash())
    assert verify_chain().ok, "consistent under the attacker's key"
    settings.AUDIT_LOG_KEY = club_key
    code, output = _verify()
    assert code == 1 and "entrée n°1" in output


def test_the_chain_is_keyed(chain, settings):
    assert verify_chain().ok
    settings.AUDIT_LOG_KEY = "une-autre-clé"
    assert not verify_chain().ok


def test_the_key_is_derived_from_but_distinct_from_the_secret_key(settings):
    assert settings.AUDIT_LOG_KEY and settings.AUDIT_LOG_KEY != settings.SECRET_KEY
    assert settings.SECRET_KEY not in settings.AUDIT_LOG_KEY


def test_the_scheduled_check_compares_with_the_head_it_anchored_before(longer_chain, tmp_path):
    anchor = tmp_path / "ancre.txt"
    out = io.StringIO()
    call_command("verify_audit_log", "--anchor", str(anchor), stdout=out)
    assert "première ancre" in out.getvalue()
    assert anchor.read_text().split()[-1] == f"8:{longer_chain[-1].hash}"
    # Cutting off the tail leaves a chain that verifies by itself...
    with tampering() as cursor:
        cursor.execute(f"DELETE FROM {AuditEntry._meta.db_table} WHERE sequence > 5")
    assert _verify()[0] == 0
    # ...but not against the anchor, which is not moved by a failed check.
    with pytest.raises(CommandError, match="tronqué") as failure:
        call_command("verify_audit_log", "--anchor", str(anchor), stdout=io.StringIO())
    assert failure.value.returncode == 1
    assert len(anchor.read_text().splitlines()) == 1


def test_the_anchor_moves_forward_with_the_log(chain, staff, tmp_path):
    anchor = tmp_path / "ancre.txt"
    call_command("verify_audit_log", "--anchor", str(anchor), stdout=io.StringIO())
    latest = record(actor=staff, action="test.after")
    call_command("verify_audit_log", "--anchor", str(anchor), stdout=io.StringIO())
    heads = [line.split()[-1] for line in anchor.read_text().splitlines()]
    assert heads == [f"4:{chain[-1].hash}", f"5:{latest.hash}"]
