"""For operators: `/healthz` for load balancers, and a plain 503 page when the database is gone."""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from events import exports

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30


def database_unavailable_response(request):
    """The plain 503 page: no traceback, no query, nothing a visitor needs the database for."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with templates/503.html instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError | InterfaceError):
            logger.warning("Database unreachable, answering 503 for %s: %s", request.path, exception)
            return database_unavailable_response(request)
        return None


# --- /healthz -----------------------------------------------------------------------------------------


def database_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def cache_reachable():
    """A round trip through the cache (the tolerant Redis backend would otherwise hide a failure)."""
    probe = getattr(cache, "is_reachable", None)
    if probe is not None:
        return probe()
    token = uuid.uuid4().hex
    try:
        cache.set("armac:healthz", token, timeout=30)
        return cache.get("armac:healthz") == token
    except DatabaseError:  # the database cache, with its database gone
        return False


def queue_backlog():
    """The work the background queue has still to do: event exports waiting for their rebuild (events.exports)."""
    return exports.backlog()


@require_safe
@never_cache
@transaction.non_atomic_requests
def healthz(request):
    """200 when the database, the cache and the task queue answer; 503 naming those that do not."""
    checks = {"database": database_reachable(), "cache": cache_reachable()}
    backlog = None
    if checks["database"]:
        try:
            backlog = queue_backlog()
            checks["queue"] = True
        except DatabaseError:
            checks["queue"] = False
    else:
        checks["queue"] = False  # the queue is kept in the database
    unavailable = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "unavailable" if unavailable else "ok",
        **{name: "ok" if ok else "unreachable" for name, ok in checks.items()},
        "queue_backlog": backlog,
        "unavailable": unavailable,
    }
    return JsonResponse(body, status=503 if unavailable else 200)
