"""Content-Security-Policy: on every response, admin included, and nothing inline for it to block."""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from armac_portal.security import build_policy
from tests import factories
from tests.security.routes import all_routes

pytestmark = pytest.mark.django_db

EXPECTED_DIRECTIVES = {
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self'",
    "script-src 'self'",
    "form-action 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
}


class InlineCodeFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts and styles, handlers."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            # JSON data islands are never executed, so CSP leaves them alone.
            self._inline_script = attributes.get("type") not in {"application/json", "application/ld+json"}
        if tag == "style":
            self.problems.append("<style> element")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>: {value}")
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"javascript: URL on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.problems.append(f"inline <script>: {data.strip()[:60]}")


def inline_code(html):
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def directives(response):
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("csp-admin", "csp@example.org", "a-long-unused-password-42")
    client.force_login(user)
    return client


def test_policy_has_every_directive_and_never_allows_inline_code():
    policy = build_policy(settings.CONTENT_SECURITY_POLICY)
    assert set(policy.split("; ")) == EXPECTED_DIRECTIVES
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_not_found_page_carries_the_policy(client):
    response = client.get("/no-such-page-anywhere/")
    assert response.status_code == 404
    assert directives(response) == EXPECTED_DIRECTIVES


def test_admin_login_page_carries_the_policy_and_has_no_inline_code(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert directives(response) == EXPECTED_DIRECTIVES
    assert inline_code(response.content.decode()) == []


def test_admin_redirect_for_anonymous_visitor_carries_the_policy(client):
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert directives(response) == EXPECTED_DIRECTIVES


def test_admin_index_carries_the_policy_and_has_no_inline_code(superuser_client):
    response = superuser_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert directives(response) == EXPECTED_DIRECTIVES
    assert inline_code(response.content.decode()) == []


@pytest.mark.parametrize(
    "model",
    sorted(
        (model for model in apps.get_models() if admin.site.is_registered(model)), key=lambda model: model._meta.label
    ),
    ids=lambda model: model._meta.label,
)
def test_every_admin_list_and_add_form_works_under_the_policy(superuser_client, model):
    """The admin's own pages load scripts and styles only from files, so the strict policy breaks nothing."""
    opts = model._meta
    for name in ("changelist", "add"):
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}")
        response = superuser_client.get(url)
        if name == "add" and response.status_code == 403:
            continue  # an admin that allows no additions (e.g. a read-only log)
        assert response.status_code == 200, url
        assert directives(response) == EXPECTED_DIRECTIVES, url
        assert inline_code(response.content.decode()) == [], url


def test_inline_code_finder_spots_what_the_policy_would_block():
    """The checker above can fail: each kind of inline code is reported."""
    html = (
        '<p style="color:red" onclick="x()">a</p><style>p{}</style><script>alert(1)</script>'
        '<a href="javascript:void(0)">b</a><script src="/static/ok.js"></script>'
        '<script type="application/json" id="data">{"a": 1}</script>'
    )
    assert len(inline_code(html)) == 5


PUBLIC_ROUTES = [route for route in all_routes() if not route.is_admin]


@pytest.fixture
def one_of_each():
    return {
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


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=[route.name for route in PUBLIC_ROUTES])
def test_every_public_page_and_api_response_carries_the_policy_and_no_inline_code(client, one_of_each, route):
    cache.clear()
    kwargs = {}
    if route.parameters:
        (parameter,) = route.parameters
        kind = "event" if route.name.startswith("events:") else route.name.split(":")[-1].removesuffix("-detail")
        kwargs[parameter] = getattr(one_of_each[kind], parameter)
    response = client.get(reverse(route.name, kwargs=kwargs))
    assert response.status_code == 200
    assert directives(response) == EXPECTED_DIRECTIVES
    if "html" in response["Content-Type"]:
        assert inline_code(response.content.decode()) == []


def test_static_files_carry_the_same_security_headers_as_pages(client):
    page = client.get(reverse("home"))
    # Tests run without collectstatic: WhiteNoise finds the file in the source tree, as in development.
    # A new client, so WhiteNoise's middleware is set up again under these settings.
    with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_AUTOREFRESH=True):
        static = Client().get(settings.STATIC_URL + "css/portal.css")
    assert static.status_code == 200
    for header in [
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ]:
        assert static.get(header) == page.get(header) is not None, header
