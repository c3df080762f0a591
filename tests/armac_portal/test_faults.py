"""Faults survived, each against the real service: Redis stopped, the database gone; and /healthz."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import closing

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from armac_portal.cache_backend import TolerantRedisCache
from armac_portal.settings import BASE_DIR, cache_settings
from tests import factories as f

pytestmark = pytest.mark.django_db

# Nothing listens here: a Redis that has stopped.
STOPPED_REDIS = "redis://127.0.0.1:6390/4"
# Nor here: a PostgreSQL server that has gone.
GONE_DATABASE = "postgres://postgres@127.0.0.1:6391/armac_gone"


@pytest.fixture
def stopped_redis(settings):
    settings.CACHES = cache_settings(STOPPED_REDIS, debug=False)
    yield


@pytest.mark.real_cache
def test_a_stopped_redis_is_a_miss_not_an_error(stopped_redis):
    backend = TolerantRedisCache(STOPPED_REDIS, {})
    started = time.monotonic()
    assert backend.get("anything", "default") == "default"
    assert backend.get_many(["a", "b"]) == {}
    assert backend.set("anything", 1) is None
    assert backend.add("anything", 1) is False
    assert backend.is_reachable() is False
    assert time.monotonic() - started < 2


@pytest.mark.real_cache
def test_with_redis_stopped_public_pages_answer_uncached(stopped_redis, live_server, caplog):
    event = f.make_event(title="Served without Redis")
    for url in ["/", "/events/", event.get_absolute_url(), "/api/v1/events/"]:
        for _ in range(2):  # the second is not a hit either: nothing could be stored
            with urllib.request.urlopen(live_server.url + url, timeout=10) as response:  # noqa: S310
                assert response.status == 200, url
                body = response.read().decode()
        assert "Served without Redis" in body, url
    assert "Redis cache unreachable" in caplog.text


@pytest.mark.real_cache
def test_with_redis_stopped_pages_reach_the_views_every_time(stopped_redis, client):
    f.make_event()
    client.get("/events/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/events/").status_code == 200
    assert len(queries) > 0


# --- /healthz -----------------------------------------------------------------------------------------


def test_healthz_answers_200_with_what_it_checked(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == body["cache"] == body["queue"] == "ok"
    assert isinstance(body["queue_backlog"], int)
    assert body["unavailable"] == []


def test_healthz_counts_the_queue_backlog(client):
    from events.models import EventExport

    event = f.make_event()
    EventExport.objects.filter(event=event).delete()
    assert client.get("/healthz").json()["queue_backlog"] >= 1


def test_healthz_needs_no_sign_in_and_refuses_writes(client):
    assert client.get("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.real_cache
def test_healthz_names_a_stopped_redis(stopped_redis, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["cache"] == "unreachable"
    assert body["unavailable"] == ["cache"]
    assert body["database"] == "ok"


# --- The database gone: a real server process pointed at a database server that is not there -----------


def _free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server_without_database():
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": GONE_DATABASE,
        "DEBUG": "",
        "SECRET_KEY": "test-only-secret-key-for-the-fault-test-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": "",
    }
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [gunicorn, "armac_portal.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "30"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with closing(socket.create_connection(("127.0.0.1", port), timeout=0.2)):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - our own test server
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.mark.parametrize("path", ["/", "/events/", "/partners/", "/search/?q=workshop"])
def test_with_the_database_gone_visitors_get_a_plain_503_page(server_without_database, path):
    status, headers, body = _get(server_without_database + path)
    assert status == 503
    assert "temporarily unavailable" in body
    assert headers["Retry-After"]
    assert "no-store" in headers["Cache-Control"]
    for leak in ("Traceback", "OperationalError", "6391", "psycopg"):
        assert leak not in body


def test_with_the_database_gone_healthz_names_it(server_without_database):
    status, _, body = _get(server_without_database + "/healthz")
    assert status == 503
    assert '"database": "unreachable"' in body
    # The database cache lives in the database too.
    assert '"cache": "unreachable"' in body
    assert '"queue": "unreachable"' in body
