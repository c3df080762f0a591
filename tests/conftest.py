"""Shared test setup: the same suite runs on SQLite and on PostgreSQL (DATABASE_URL)."""

import io

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIRequestHandler
from django.db import transaction


@pytest.fixture(autouse=True, scope="session")
def _live_server_answers_without_delay():
    """The live server sends each answer at once (TCP_NODELAY), as production servers do.

    Its handler writes the headers and the body of an answer separately on a kept-alive connection;
    with Nagle's algorithm the body then waits for the client's delayed acknowledgement, about 40 ms
    on every request. Chromium and schemathesis keep connections alive, so those waits were most of
    the browser and schemathesis tests' time (40 requests: 50 ms each, 7 ms with this).
    `disable_nagle_algorithm` is socketserver.StreamRequestHandler's own switch, read as each
    connection is set up.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WSGIRequestHandler, "disable_nagle_algorithm", True)
        yield


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Templates resolve {% static %} without a collectstatic manifest in tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _event_exports_rebuilt_at_once(request, monkeypatch):
    """A test's transaction never commits, so the stored event exports are rebuilt at each change instead.

    That is what a committed write leaves behind once the worker has run (events.exports), so
    every test reads the exports the way production does. Tests run tasks with the immediate
    backend (tests/environment.py): the rebuild runs as it is enqueued, so this costs only the
    marked rows; factories that write a record as several rows rebuild once at their end
    (tests.factories.one_export_rebuild). tests/events/test_exports.py marks its tests
    `real_commit_rebuild` to test the commit-time enqueue itself.

    A transactional test (`transaction=True`, or any test on the live server) commits for real, so
    the commit-time enqueue already runs as in production: one rebuild per commit, not one per
    changed row. (Loading fixtures/portal_data.json changes rows ~1,600 times in one transaction:
    rebuilt at each change it took ~6 s per test, once at its commit well under one.)
    """
    if request.node.get_closest_marker("real_commit_rebuild") or _commits_for_real(request):
        return
    from events import exports
    from tests.factories import rebuild_exports_now

    monkeypatch.setattr(exports, "enqueue_after_commit", rebuild_exports_now)


def _commits_for_real(request):
    """Whether pytest-django runs this test without its rolled-back transaction (so its commits happen)."""
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return True
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))


# --- cache (armac_portal/caching.py) -----------------------------------------------------------------
@pytest.fixture(autouse=True)
def _fresh_local_cache(request, settings):
    """Each test starts with an empty cache in process memory, whatever DEBUG and REDIS_URL say.

    The database cache that production uses without Redis would add its queries to every request
    the query-count tests measure; tests/armac_portal/test_caching.py tests the other backends
    (and marks its tests `real_cache` to keep the configured one).
    """
    if not request.node.get_closest_marker("real_cache"):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def views_uncached(settings):
    """For the tests that count a view's own queries on a repeated request: a cache that keeps nothing.

    (A warm anonymous request is a cache hit with no query at all: tests/armac_portal/test_caching.py.)
    """
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


# --- the source-cited records (fixtures/portal_data.json) ----------------------------------------
@pytest.fixture(scope="module")
def _portal_records_once(django_db_setup, django_db_blocker):
    """fixtures/portal_data.json loaded once for the module, rolled back after it.

    The load never commits, so the commit-time rebuild of the stored event exports never runs: they are
    rebuilt here, once, and the module's tests read them as production readers would (not live).
    """
    from events import exports

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_portal_data", stdout=io.StringIO())
        exports.enqueue_rebuild()
        yield
        transaction.set_rollback(True)
