"""The IPM models moved from the proposals app to their own app without touching a row.

The database is taken back to before the move, a cycle with its agenda, groups, session,
decision and participant is written through the models as they were then (with a permission and
an audit entry keyed by content type), and the move is applied again: every row is read back
through the new models, many-to-many links included, the content types kept their ids and the
audit log's hash chain still holds. Runs on SQLite and on PostgreSQL.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from club.core.audit.integrity import verify_chain
from club.core.audit.models import AuditEntry
from proposals.ipm.models import AgendaItem, Cycle, Decision, IpmParticipant, WorkingGroup
from tests.factories import UserFactory
from tests.moves import migrate_back, migrate_forward, old_audit_entry

MOVED = [
    "agendaitem",
    "analysis",
    "argument",
    "cycle",
    "cycletransition",
    "decision",
    "ipmparticipant",
    "meeting",
    "meetingdocument",
    "pilotcall",
    "pilotfeedback",
    "pilotvolunteer",
    "plenarysession",
    "workinggroup",
    "workinggroupmember",
]
GONE = [("ipm", "0001_initial"), ("proposals", "0010_ipm_moves_to_its_app")]
APPS = ("colleges", "proposals", "audit", "auth", "contenttypes")


@pytest.mark.django_db(transaction=True)
def test_rows_written_before_the_move_are_read_through_the_ipm_app(college, staff, position):
    ids = {m: ContentType.objects.get(app_label="ipm", model=m).pk for m in MOVED}
    secretary = UserFactory()
    try:
        old = migrate_back(("ipm", None), gone=GONE, apps=APPS)
        OldType = old.get_model("contenttypes", "ContentType")
        for model, pk in ids.items():
            assert OldType.objects.get(pk=pk).app_label == "proposals", model
        assert not OldType.objects.filter(app_label="ipm").exists()

        def model(name):
            return old.get_model("proposals", name)

        cycle = model("Cycle").objects.create(
            number=41, phase="arbitration", collection_starts_on=datetime.date(2026, 1, 5)
        )
        item = model("AgendaItem").objects.create(
            cycle=cycle,
            position_id=position.pk,
            college_id=college.pk,
            title="Un point d'avant",
            escalated_by_id=staff.pk,
        )
        group = model("WorkingGroup").objects.create(cycle=cycle, topic="Rejets")
        group.items.add(item)
        session = model("PlenarySession").objects.create(cycle=cycle, held_at=timezone.now())
        session.items.add(item)
        model("Decision").objects.create(
            item=item, session=session, outcome="accepted", reasons="Utile à tous"
        )
        model("IpmParticipant").objects.create(
            user_id=secretary.pk, organisation="DGFiP", role="secretariat"
        )
        cycle_type = OldType.objects.get(app_label="proposals", model="cycle")
        change = old.get_model("auth", "Permission").objects.get(
            content_type=cycle_type, codename="change_cycle"
        )
        old.get_model("accounts", "User").objects.get(pk=secretary.pk).user_permissions.add(change)
        entry = old_audit_entry(
            old,
            target_type=cycle_type,
            target_id=cycle.pk,
            label="proposals.cycle",
            with_label_column=True,
        )
    finally:
        migrate_forward()

    for name, pk in ids.items():
        assert ContentType.objects.get(pk=pk).app_label == "ipm", name
    assert ContentType.objects.get_for_model(Cycle).pk == ids["cycle"]
    assert not ContentType.objects.filter(app_label="proposals", model__in=MOVED).exists()

    moved = Cycle.objects.get(number=41)
    item = AgendaItem.objects.get(pk=item.pk)
    assert item.cycle == moved and item.position == position
    assert list(position.agenda_items.all()) == [item]
    assert list(WorkingGroup.objects.get(pk=group.pk).items.all()) == [item]
    assert list(item.sessions.all()) == [moved.sessions.get()]
    assert Decision.objects.get(item=item).reasons == "Utile à tous"
    assert IpmParticipant.objects.get(user=secretary).organisation == "DGFiP"
    secretary.refresh_from_db()
    assert secretary.has_perm("ipm.change_cycle")
    assert Permission.objects.get(pk=change.pk).content_type_id == ids["cycle"]

    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.target_type.get_object_for_this_type(pk=moved.pk) == moved
    assert entry.target_type_label == "proposals.cycle"
    assert verify_chain().ok
