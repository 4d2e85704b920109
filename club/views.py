from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse


def health(request):
    """Liveness and readiness: answers 200 once the database answers."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _database_ready() -> None:
    """The database answers and accepts writes: a read-only server (a standby, or one set
    `default_transaction_read_only`) answers every read and fails every write, so it is not
    ready. The question is asked on a connection of the pool, as a request would get one."""
    connection = connections["default"]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("SELECT 1")
            return
        cursor.execute("SHOW transaction_read_only")
        if cursor.fetchone()[0] != "off":
            raise ConnectionError("the database is read-only")


def _redis_ready() -> None:
    """The cache and the channel layer share Redis: a round trip through the cache proves it."""
    if not settings.REDIS_URL:
        return
    cache.set("readyz", "1", 10)
    if cache.get("readyz") != "1":
        raise ConnectionError("the cache lost a value")


def ready(request):
    """Readiness for the load balancer: 200 when the database (writable) and Redis answer, else
    503, within about a second either way (the pool gives up fast while the database is away).

    The body names each dependency, never an error's details (they may carry hosts or users).
    """
    checks = {}
    for name, check in (("database", _database_ready), ("redis", _redis_ready)):
        try:
            check()
        except Exception:  # any failure means "not ready", whatever its kind
            checks[name] = "down"
        else:
            checks[name] = "ok" if name != "redis" or settings.REDIS_URL else "not configured"
    ok = "down" not in checks.values()
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )
