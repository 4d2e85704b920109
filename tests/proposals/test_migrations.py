"""The source thread id becomes a foreign key: ids of existing threads are kept, others dropped."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.proposals.factories import make_request

BEFORE = [("proposals", "0003_position_ballot")]
AFTER = [("proposals", "0004_source_thread_foreign_key")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_thread_ids_are_copied(college, member, facilitator, thread):
    linked = make_request(member, college, source_thread=thread)
    dangling = make_request(member, college, title="Fil disparu")
    plain = make_request(member, college, title="Sans fil")
    try:
        old_apps = migrate(BEFORE)
        OldRequest = old_apps.get_model("proposals", "ChangeRequest")
        assert OldRequest.objects.get(pk=linked.pk).source_thread_id == thread.pk
        OldRequest.objects.filter(pk=dangling.pk).update(source_thread_id=987654)
        new_apps = migrate(AFTER)
        Request = new_apps.get_model("proposals", "ChangeRequest")
        assert Request.objects.get(pk=linked.pk).source_thread_id == thread.pk
        assert Request.objects.get(pk=dangling.pk).source_thread_id is None
        assert Request.objects.get(pk=plain.pk).source_thread_id is None
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
