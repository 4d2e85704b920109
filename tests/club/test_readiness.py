"""/readyz tells a load balancer whether this process can serve: database and Redis answer."""

import pytest
from django.db import connection, transaction
from django.test import override_settings

from club import views
from club.core.accounts.models import User
from club.core.db_router import ReadReplicaRouter, primary


@pytest.mark.django_db
def test_ready_when_database_answers(client, settings):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["redis"] == ("ok" if settings.REDIS_URL else "not configured")


@pytest.mark.django_db
def test_not_ready_with_json_when_the_database_is_down(client, monkeypatch):
    def down():
        raise ConnectionError("connection refused to db.internal:5432 as admin")

    monkeypatch.setattr(views, "_database_ready", down)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "down", "redis": response.json()["checks"]["redis"]},
    }
    assert b"db.internal" not in response.content


@pytest.mark.django_db
@override_settings(REDIS_URL="redis://127.0.0.1:1/0")
def test_not_ready_when_redis_is_down(client, monkeypatch):
    class Lost:
        def set(self, *args, **kwargs):
            raise ConnectionError("redis down")

    monkeypatch.setattr(views, "cache", Lost())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "down"}


@pytest.mark.django_db
def test_probes_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200
    assert client.get("/healthz").status_code == 200


# --- The read-replica router (off by default) --------------------------------------------------


def test_without_replica_everything_goes_to_the_primary(settings):
    assert "replica" not in settings.DATABASES
    router = ReadReplicaRouter()
    assert router.db_for_read(User) == "default"
    assert router.db_for_write(User) == "default"


def test_reads_go_to_the_replica_outside_transactions_and_writes_to_the_primary():
    router = ReadReplicaRouter()
    router.replicas = ["replica"]
    assert router.db_for_read(User) == "replica"
    assert router.db_for_write(User) == "default"
    assert router.allow_migrate("default", "accounts") is True
    assert router.allow_migrate("replica", "accounts") is False


@pytest.mark.django_db(transaction=True)
def test_reads_that_must_see_their_writes_stay_on_the_primary():
    router = ReadReplicaRouter()
    router.replicas = ["replica"]
    with transaction.atomic():
        assert connection.in_atomic_block
        assert router.db_for_read(User) == "default"
    with primary():
        assert router.db_for_read(User) == "default"
    assert router.db_for_read(User) == "replica"
