"""Hostile input to every public page and API endpoint: never a server error, never reflected markup.

Every query parameter a route reads (its FilterSet's fields, paging, format, search) and every
path slug gets each hostile value below. The counts are bounded so the whole file runs in seconds.
"""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import resolve

from core.models import PublicationStatus
from tests import factories
from tests.security.routes import all_routes

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
MARKUP = (SCRIPT, IMAGE)

# Values as they appear in a URL: already percent-encoded, so broken UTF-8 and NUL reach the site raw.
HOSTILE_VALUES = [
    quote(SCRIPT),
    quote(IMAGE),
    quote("' OR '1'='1'; DROP TABLE events_event; --"),
    "99999999999999999999999999999999999999",
    "-1",
    "1e309",
    "2025-02-30",
    "0000-00-00T25:61:61",
    "%ff%fe",
    "%00",
    "x" * 5000,
    "unknown-slug-that-does-not-exist",
]
TYPE_BREAKING_VALUES = [quote(SCRIPT), "9" * 38, "%ff%fe"]
HOSTILE_SLUGS = [
    quote(SCRIPT, safe=""),
    quote("' OR 1=1 --", safe=""),
    "9" * 40,
    "%ff%fe",
    "%00",
    "a" * 3000,
    "..%2F..%2Fetc%2Fpasswd",
    "unknown-slug-that-does-not-exist",
]
# Read by lists, pages and API resources whether or not they have a FilterSet, and one unknown name.
COMMON_PARAMETERS = ["q", "page", "page_size", "format", "ordering", quote(SCRIPT)]

PUBLIC_ROUTES = [route for route in all_routes() if not route.is_admin]
_PARAMETER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")


def filter_parameters(path):
    """The query parameters of the route's FilterSet (its form's field names), if it has one."""
    view = resolve(path).func
    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    filterset_class = getattr(view_class, "filterset_class", None)
    return list(filterset_class().form.fields) if filterset_class else []


def assert_safe(response, url):
    assert response.status_code < 500, url
    assert "Content-Security-Policy" in response, url
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if "html" in response.get("Content-Type", ""):
        for markup in MARKUP:
            assert markup not in text, f"{url} reflects {markup!r} unescaped"
    else:
        # JSON and CSV may quote a bad value back; they are never rendered as HTML.
        assert response["X-Content-Type-Options"] == "nosniff", url


@pytest.fixture(scope="module")
def _records(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        records = {
            # The portal owner's record too: its About and Contact pages (settings.PORTAL_OWNER_SLUG).
            "organisation": factories.make_organisation(slug=settings.PORTAL_OWNER_SLUG),
            "person": factories.make_person(),
            "country": factories.make_country(),
            "agreement": factories.make_agreement(),
            "study": factories.make_study(),
            "programme": factories.make_programme(),
            "source": factories.make_source(),
            "event": factories.make_full_event(),
            "theme": factories.make_theme(),
        }
        factories.make_event(status=PublicationStatus.DRAFT)
        yield records
        transaction.set_rollback(True)


@pytest.fixture
def records(_records, db):
    return _records


def real_path(route, records):
    """The route's path with a real record's slug, so its own query parameters are reached."""
    if not route.parameters:
        return "/" + route.template
    name = route.name.split(":")[-1]
    kind = "event" if route.name.startswith("events:") else name.removesuffix("-detail")
    (parameter,) = route.parameters
    return "/" + _PARAMETER.sub(str(getattr(records[kind], parameter)), route.template)


def send(client, url):
    cache.clear()  # no throttling: every hostile request must reach the view
    return client.get(url)


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=[route.name for route in PUBLIC_ROUTES])
def test_hostile_query_parameters_never_cause_a_server_error_or_reflected_markup(records, route):
    client = Client()
    path = real_path(route, records)
    filters = filter_parameters(path)
    parameters = filters + [name for name in COMMON_PARAMETERS if name not in filters]
    # Each hostile value in every parameter at once: forms validate every field, so each is reached.
    for value in HOSTILE_VALUES:
        url = path + "?" + "&".join(f"{parameter}={value}" for parameter in parameters)
        assert_safe(send(client, url), url)
    # Then each filter alone with the values that break types, so no other field's error masks it;
    # views without a FilterSet read their few parameters one by one, so the pass above reaches them.
    for parameter in [*filters, "page", "page_size"] if filters else ["format", "page"]:
        for value in TYPE_BREAKING_VALUES:
            url = f"{path}?{parameter}={value}"
            assert_safe(send(client, url), url)
    url = f"{path}?page=1&page=2&format=json&format=csv"  # repeated parameters, as a crafted link has
    assert_safe(send(client, url), url)


ROUTES_WITH_SLUGS = [route for route in PUBLIC_ROUTES if route.parameters]


@pytest.mark.parametrize("route", ROUTES_WITH_SLUGS, ids=[route.name for route in ROUTES_WITH_SLUGS])
def test_hostile_slugs_never_cause_a_server_error_or_reflected_markup(records, route):
    client = Client()
    for slug in HOSTILE_SLUGS:
        url = "/" + _PARAMETER.sub(slug, route.template)
        response = send(client, url)
        assert_safe(response, url)
        assert response.status_code != 200, url  # at most a redirect to the canonical spelling


def test_the_fuzz_covers_every_public_route():
    """A new public route is fuzzed without anyone remembering to add it."""
    assert {route.name for route in PUBLIC_ROUTES} >= {
        "home",
        "search",
        "events:list",
        "api:event-list",
        "registry:organisation-detail",
    }
    assert all(route.name.startswith("api:") or not route.template.startswith("api/") for route in PUBLIC_ROUTES)


def test_the_checks_catch_a_server_error_and_reflected_markup():
    """The assertions above can fail: a 500, or a page echoing the script tag raw, is caught."""
    from django.http import HttpResponse

    reflected = HttpResponse(f"<p>You searched for {SCRIPT}</p>", content_type="text/html")
    reflected["Content-Security-Policy"] = "default-src 'self'"
    with pytest.raises(AssertionError, match="reflects"):
        assert_safe(reflected, "/search/?q=...")
    broken = HttpResponse(status=500)
    broken["Content-Security-Policy"] = "default-src 'self'"
    with pytest.raises(AssertionError):
        assert_safe(broken, "/broken/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/search/?q=a%00b", "/events/?search=%00", "/countries/%00/", "/events/?%00=1"])
def test_a_nul_character_in_a_page_address_is_a_400_with_a_plain_sentence(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_a_nul_character_in_an_api_parameter_is_a_json_400(client):
    response = client.get("/api/v1/events/?search=a%00b")
    assert response.status_code == 400
    assert "NUL character" in response.json()["errors"]["parameters"][0]
