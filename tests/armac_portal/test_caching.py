"""The public cache (armac_portal/caching.py): hits, freshness after every kind of write, headers, throttles."""

import os
import subprocess
import sys

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle

from armac_portal import caching
from armac_portal.settings import cache_settings
from core.models import PublicationStatus
from events.models import Event
from registry.models import Theme
from tests import factories as f
from tests.admin_helpers import admin_url, changeform_data, make_staff

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/4")


def queries_of(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


# --- Which cache ---------------------------------------------------------------------------------------


def test_redis_when_named_else_memory_in_development_else_the_database():
    assert cache_settings("redis://cache:6379/0", debug=False)["default"]["BACKEND"] == (
        "armac_portal.cache_backend.TolerantRedisCache"
    )
    assert cache_settings("redis://cache:6379/0", debug=True)["default"]["LOCATION"] == "redis://cache:6379/0"
    assert cache_settings("", debug=True)["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    # Production without Redis: shared by every process, never per-process memory.
    assert cache_settings("", debug=False)["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"


def test_throttle_counts_live_in_the_default_cache():
    # DRF's throttles keep their counts in `default`, the shared cache configured above.
    # Asked through the cache API alone: a count the throttle writes is read back from `default`.
    probe = "throttle-count-probe"
    SimpleRateThrottle.cache.set(probe, 7)
    try:
        assert caches["default"].get(probe) == 7
    finally:
        caches["default"].delete(probe)
    assert "rest_framework.throttling.AnonRateThrottle" in [
        f"{k.__module__}.{k.__name__}" for k in api_settings.DEFAULT_THROTTLE_CLASSES
    ]


def _redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_TEST_URL}")


@pytest.fixture
def real_redis(settings):
    _redis_or_skip()
    settings.CACHES = cache_settings(REDIS_TEST_URL, debug=False)
    cache.clear()
    yield
    cache.clear()


@pytest.mark.real_cache
def test_two_processes_share_one_throttle_count_in_redis(real_redis, client, monkeypatch):
    """Another process spends the address's two requests; this one then refuses the third."""
    script = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from rest_framework.request import Request\n"
        "from rest_framework.throttling import AnonRateThrottle\n"
        "request = Request(RequestFactory().get('/api/v1/themes/', REMOTE_ADDR='10.9.9.9'))\n"
        "print([AnonRateThrottle().allow_request(request, None) for _ in range(2)])\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "armac_portal.settings",
        "REDIS_URL": REDIS_TEST_URL,
        "API_THROTTLE_ANON": "2/minute",
        "DEBUG": "",
    }
    other = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, timeout=60
    )
    assert other.stdout.strip() == "[True, True]"
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/minute"})
    assert client.get("/api/v1/themes/", REMOTE_ADDR="10.9.9.9").status_code == 429
    assert client.get("/api/v1/themes/", REMOTE_ADDR="10.9.9.10").status_code == 200


# --- Hits, headers, ETags -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/", "/events/", "/api/v1/events/", "/api/v1/themes/"])
def test_a_warm_anonymous_request_is_answered_without_a_query(client, url):
    f.make_event(title="Cached workshop")
    first, first_queries = queries_of(client, url)
    again, again_queries = queries_of(client, url)
    assert first.status_code == again.status_code == 200
    assert first_queries > 0
    assert again_queries == 0
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again["ETag"] == first["ETag"]


def test_anonymous_responses_are_public_and_revalidated_by_etag(client):
    f.make_event()
    response = client.get("/events/")
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", f"max-age={django_settings.PUBLIC_CACHE_MAX_AGE}", "must-revalidate"} <= control
    assert "Cookie" in response["Vary"]
    not_modified = client.get("/events/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert not_modified.status_code == 304
    assert not_modified.content == b""


def test_the_etag_follows_the_content_version(client):
    event = f.make_event()
    etag = client.get(event.get_absolute_url())["ETag"]
    assert caching.current_content_version()[:16] in etag
    event.title = "Renamed"
    event.save()
    response = client.get(event.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Renamed" in response.content.decode()


def test_each_format_of_one_url_is_kept_apart(client):
    f.make_theme(name="Victim assistance")
    as_json = client.get("/api/v1/themes/", HTTP_ACCEPT="application/json")
    as_csv = client.get("/api/v1/themes/", HTTP_ACCEPT="text/csv")
    again_json, queries = queries_of(client, "/api/v1/themes/", HTTP_ACCEPT="application/json")
    assert as_json["Content-Type"].startswith("application/json")
    assert as_csv["Content-Type"].startswith("text/csv")
    assert again_json["Content-Type"].startswith("application/json")
    assert queries == 0
    assert as_json["ETag"] != as_csv["ETag"]


def test_staff_are_never_served_nor_stored_and_their_responses_are_private(client):
    draft = f.make_event(title="Draft dialogue", status=PublicationStatus.DRAFT)
    f.make_event(title="Public dialogue")
    client.force_login(make_staff("editors"))
    staff_page, _ = queries_of(client, "/events/")
    assert "Draft dialogue" in staff_page.content.decode()
    assert "no-store" in staff_page["Cache-Control"]
    assert "private" in staff_page["Cache-Control"]
    _, again = queries_of(client, "/events/")
    assert again > 0
    client.logout()
    public = client.get("/events/").content.decode()
    assert "Public dialogue" in public
    assert draft.title not in public


def test_api_tokens_are_never_served_from_the_cache(client):
    from rest_framework.authtoken.models import Token

    f.make_theme()
    client.get("/api/v1/themes/")  # warm for anonymous visitors
    token = Token.objects.create(user=make_staff("editors"))
    response, queries = queries_of(client, "/api/v1/themes/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert queries > 0
    assert "no-store" in response["Cache-Control"]


def test_a_cached_api_answer_still_counts_against_the_throttle(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/minute"})
    f.make_theme()
    assert client.get("/api/v1/themes/").status_code == 200
    hit, queries = queries_of(client, "/api/v1/themes/")
    assert hit.status_code == 200
    assert queries == 0
    refused = client.get("/api/v1/themes/")
    assert refused.status_code == 429
    assert refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0


def test_healthz_is_never_cached(client):
    first = client.get("/healthz")
    assert "no-store" in first["Cache-Control"]
    _, queries = queries_of(client, "/healthz")
    assert queries > 0


# --- Never older than the last commit -----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_save_in_the_admin_shows_on_the_next_anonymous_request(client):
    """Real commits (transaction=True): the bump on commit, not only the one inside the transaction."""
    event = f.make_event(title="Original title")
    assert "Original title" in client.get(event.get_absolute_url()).content.decode()
    assert "Original title" in client.get("/api/v1/events/").content.decode()

    editor = make_staff()
    editor_client = type(client)()
    editor_client.force_login(editor)
    data = changeform_data(editor_client.get(admin_url(Event, "change", event.pk)))
    data["title"] = "Title saved in the admin"
    assert editor_client.post(admin_url(Event, "change", event.pk), data).status_code == 302

    assert "Title saved in the admin" in client.get(event.get_absolute_url()).content.decode()
    assert "Title saved in the admin" in client.get("/api/v1/events/").content.decode()
    assert "Title saved in the admin" in client.get("/events/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_admin_action_that_unpublishes_hides_the_record_at_once(client):
    event = f.make_event(title="Soon a draft")
    assert client.get(event.get_absolute_url()).status_code == 200
    editor_client = type(client)()
    editor_client.force_login(make_staff())
    response = editor_client.post(
        admin_url(Event, "changelist"), {"action": "unpublish", "_selected_action": [event.pk]}
    )
    assert response.status_code == 302
    assert client.get(event.get_absolute_url()).status_code == 404
    assert "Soon a draft" not in client.get("/events/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_write_from_the_shell_or_a_loader_shows_at_once(client):
    theme = f.make_theme(name="Before")
    assert "Before" in client.get("/api/v1/themes/").content.decode()
    theme.name = "After"
    theme.save()  # autocommit, as in `manage.py shell` or a loader outside a transaction
    assert "After" in client.get("/api/v1/themes/").content.decode()
    event = f.make_event(title="Themed")
    event.themes.add(theme)  # many-to-many: m2m_changed
    page = client.get(event.get_absolute_url()).content.decode()
    assert "After" in page
    event.themes.remove(theme)
    assert "After" not in client.get(event.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_delete_shows_at_once(client):
    theme = f.make_theme(name="Short-lived theme")
    assert "Short-lived theme" in client.get("/api/v1/themes/").content.decode()
    Theme.objects.get(pk=theme.pk).delete()
    assert "Short-lived theme" not in client.get("/api/v1/themes/").content.decode()


def test_every_model_of_the_portal_bumps_the_version():
    models = {model._meta.label for model in caching.content_models()}
    assert {"events.Event", "registry.Theme", "registry.Country", "registry.Citation"} <= models
    assert "events.EventExport" not in models
    assert "events.EventExportText" not in models
    assert "events.Event_themes" in models  # a many-to-many table: m2m_changed
    # History rows are written beside the rows they record, which bump already.
    assert not [label for label in models if ".Historical" in label]
    assert any(".Historical" in model._meta.label for model in apps.get_models())
    before = caching.current_content_version()
    f.make_country()
    assert caching.current_content_version() != before


@pytest.mark.django_db(transaction=True)
def test_rows_made_in_bulk_by_generate_sample_data_show_at_once(client):
    """bulk_create sends no signal: the generator bumps the version itself when it commits."""
    from armac_portal.sample_data import PREFIX, generate_sample_data

    assert client.get("/api/v1/events/").json()["count"] == 0
    generate_sample_data(events=20, seed=1)
    listed = client.get("/api/v1/events/").json()
    assert listed["count"] == Event.objects.published().filter(slug__startswith=PREFIX).count() > 0


@pytest.mark.real_cache
def test_without_redis_in_production_pages_are_kept_in_the_database_cache(settings, client):
    settings.CACHES = cache_settings("", debug=False)
    # The test database was migrated under the tests' own cache settings, which name no table: make it
    # as `migrate` does in production (armac_portal.caching._after_migrate).
    call_command("createcachetable", verbosity=0)
    cache.clear()
    f.make_event(title="Kept in the database")
    first, _ = queries_of(client, "/events/")
    again, queries = queries_of(client, "/events/")
    assert again.content == first.content
    assert "Kept in the database" in again.content.decode()
    # One query reads the version and the page together; the view's own queries are skipped.
    assert queries == 1


@pytest.mark.real_cache
def test_with_redis_pages_are_kept_in_redis(real_redis, client):
    import redis

    f.make_event(title="Kept in Redis")
    first, _ = queries_of(client, "/events/")
    again, queries = queries_of(client, "/events/")
    assert queries == 0
    assert again.content == first.content
    assert any(b"armac:page:" in key for key in redis.Redis.from_url(REDIS_TEST_URL).keys("*"))


def test_public_cache_off_answers_every_request_from_its_view(settings, client):
    settings.PUBLIC_CACHE = False
    f.make_event()
    client.get("/events/")
    response, queries = queries_of(client, "/events/")
    assert queries > 0
    assert "public" in response["Cache-Control"]
