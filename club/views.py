from django.db import connection
from django.http import JsonResponse


def health(request):
    """Liveness and readiness: answers 200 once the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
