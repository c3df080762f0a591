"""The permission matrix: every route, every method, every role, and the status each must get.

The matrix is data. A new route fails `test_every_route_is_in_the_matrix` until it has rows here,
so nobody ships a page or endpoint whose access rule was never decided.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from core.models import PublicationStatus
from tests import factories
from tests.security.routes import all_routes

ANONYMOUS, VIEWER, EDITOR, SUPERUSER = "anonymous", "viewer", "editor", "superuser"
ROLES = (ANONYMOUS, VIEWER, EDITOR, SUPERUSER)
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def everyone(status):
    return dict.fromkeys(ROLES, status)


STAFF_ONLY = {ANONYMOUS: 404, VIEWER: 200, EDITOR: 200, SUPERUSER: 200}

# Public pages and API resources are read-only for everyone: records change in the admin only.
READ_ONLY = {"GET": everyone(200), "HEAD": everyone(200)} | {method: everyone(405) for method in METHODS[2:]}
# A draft does not exist for the public; staff may preview it. Writing is refused before any lookup.
DRAFT = {"GET": STAFF_ONLY, "HEAD": STAFF_ONLY} | {method: everyone(405) for method in METHODS[2:]}
# The admin sends visitors to its login page; every staff role may open its index.
ADMIN_ROOT = {method: {ANONYMOUS: 302, VIEWER: 200, EDITOR: 200, SUPERUSER: 200} for method in ("GET", "HEAD", "POST")}

# intake's staff pages (inside the admin's address): visitors go to the admin's login; viewers read;
# editors add documents and decide. A decision or citation posted empty is a 400 with its reason.
_ANY_OTHER = {ANONYMOUS: 302, VIEWER: 405, EDITOR: 405, SUPERUSER: 405}
_STAFF_READ = {ANONYMOUS: 302, VIEWER: 200, EDITOR: 200, SUPERUSER: 200}
_EDITOR_PAGE = {ANONYMOUS: 302, VIEWER: 403, EDITOR: 200, SUPERUSER: 200}
_EDITOR_POST_EMPTY = {ANONYMOUS: 302, VIEWER: 403, EDITOR: 400, SUPERUSER: 400}
INTAKE_READ = {"GET": _STAFF_READ, "HEAD": _STAFF_READ} | dict.fromkeys(METHODS[2:], _ANY_OTHER)
INTAKE_ADD = {"GET": _EDITOR_PAGE, "HEAD": _EDITOR_PAGE, "POST": _EDITOR_PAGE} | dict.fromkeys(METHODS[3:], _ANY_OTHER)
INTAKE_CONFIRM = dict.fromkeys(METHODS, _ANY_OTHER) | {"POST": _EDITOR_PAGE}
INTAKE_DECIDE = dict.fromkeys(METHODS, _ANY_OTHER) | {"POST": _EDITOR_POST_EMPTY}

# (route name, record state) -> method -> role -> status. A route with a slug is checked with a
# published record and, where the model has drafts, with a draft.
# The provenance report in the admin: read by every staff role, never written to.
ADMIN_REPORT = {
    "GET": {ANONYMOUS: 302, VIEWER: 200, EDITOR: 200, SUPERUSER: 200},
    "HEAD": {ANONYMOUS: 302, VIEWER: 200, EDITOR: 200, SUPERUSER: 200},
    "POST": {ANONYMOUS: 302, VIEWER: 405, EDITOR: 405, SUPERUSER: 405},
}

MATRIX = {
    ("admin:index", None): ADMIN_ROOT,
    ("admin-provenance-report", None): ADMIN_REPORT,
    ("intake:queue", None): INTAKE_READ,
    ("intake:add", None): INTAKE_ADD,
    ("intake:confirm", None): INTAKE_CONFIRM,
    ("intake:document", "published"): INTAKE_READ,
    ("intake:document", "draft"): INTAKE_READ,
    ("intake:cite", "published"): INTAKE_DECIDE,
    ("intake:decide", "published"): INTAKE_DECIDE,
    ("home", None): READ_ONLY,
    ("search", None): READ_ONLY,
    ("privacy", None): READ_ONLY,
    # The record of the organisation that runs the portal (settings.PORTAL_OWNER_SLUG), published or a draft.
    ("about", "published"): READ_ONLY,
    ("about", "draft"): DRAFT,
    ("contact", "published"): READ_ONLY,
    ("contact", "draft"): DRAFT,
    # For load balancers: no sign-in, read-only (armac_portal/operations.py).
    ("healthz", None): READ_ONLY,
    ("registry:organisation-list", None): READ_ONLY,
    ("registry:organisation-detail", "published"): READ_ONLY,
    ("registry:organisation-detail", "draft"): DRAFT,
    ("registry:person-list", None): READ_ONLY,
    ("registry:person-detail", "published"): READ_ONLY,
    ("registry:person-detail", "draft"): DRAFT,
    ("registry:country-list", None): READ_ONLY,
    ("registry:country-detail", "published"): READ_ONLY,
    ("registry:country-detail", "draft"): DRAFT,
    ("registry:agreement-list", None): READ_ONLY,
    ("registry:agreement-detail", "published"): READ_ONLY,
    ("registry:agreement-detail", "draft"): DRAFT,
    ("registry:study-list", None): READ_ONLY,
    ("registry:study-detail", "published"): READ_ONLY,
    ("registry:study-detail", "draft"): DRAFT,
    ("registry:programme-list", None): READ_ONLY,
    ("registry:programme-detail", "published"): READ_ONLY,
    ("registry:programme-detail", "draft"): DRAFT,
    ("registry:source-list", None): READ_ONLY,
    ("registry:source-detail", "published"): READ_ONLY,
    ("registry:source-detail", "draft"): DRAFT,
    ("events:list", None): READ_ONLY,
    ("events:feed", None): READ_ONLY,
    ("events:detail", "published"): READ_ONLY,
    ("events:detail", "draft"): DRAFT,
    ("events:calendar", "published"): READ_ONLY,
    ("events:calendar", "draft"): DRAFT,
    ("api:api-root", None): READ_ONLY,
    ("api:schema", None): READ_ONLY,
    ("api:docs", None): READ_ONLY,
    ("api:organisation-list", None): READ_ONLY,
    ("api:organisation-detail", "published"): READ_ONLY,
    ("api:organisation-detail", "draft"): DRAFT,
    ("api:person-list", None): READ_ONLY,
    ("api:person-detail", "published"): READ_ONLY,
    ("api:person-detail", "draft"): DRAFT,
    ("api:country-list", None): READ_ONLY,
    ("api:country-detail", "published"): READ_ONLY,
    ("api:country-detail", "draft"): DRAFT,
    ("api:event-list", None): READ_ONLY,
    ("api:event-detail", "published"): READ_ONLY,
    ("api:event-detail", "draft"): DRAFT,
    ("api:agreement-list", None): READ_ONLY,
    ("api:agreement-detail", "published"): READ_ONLY,
    ("api:agreement-detail", "draft"): DRAFT,
    ("api:study-list", None): READ_ONLY,
    ("api:study-detail", "published"): READ_ONLY,
    ("api:study-detail", "draft"): DRAFT,
    ("api:source-list", None): READ_ONLY,
    ("api:source-detail", "published"): READ_ONLY,
    ("api:source-detail", "draft"): DRAFT,
    ("api:programme-list", None): READ_ONLY,
    ("api:programme-detail", "published"): READ_ONLY,
    ("api:programme-detail", "draft"): DRAFT,
    ("api:theme-list", None): READ_ONLY,
    ("api:theme-detail", "published"): READ_ONLY,  # themes have no drafts
}

# The same matrix as flat rows (route, state, method, role, expected status), as reviewers read it.
ROWS = [
    (route, state, method, role, status)
    for (route, state), by_method in MATRIX.items()
    for method, by_role in by_method.items()
    for role, status in by_role.items()
]

# Which kind of record a route's slug names.
RECORD_OF_ROUTE = {
    "events:detail": "event",
    "events:calendar": "event",
    "intake:document": "source",
    "intake:cite": "source",
    "intake:decide": "source",
}


def record_kind(route):
    return RECORD_OF_ROUTE.get(route, route.split(":")[-1].removesuffix("-detail"))


def test_every_route_is_in_the_matrix():
    missing = sorted({route.name for route in all_routes()} - {route for route, *_ in ROWS})
    assert missing == [], f"routes without access rules in MATRIX: {missing}"


def test_the_matrix_names_only_routes_that_exist():
    assert {route for route, *_ in ROWS} <= {route.name for route in all_routes()}


def test_every_route_with_a_slug_is_checked_with_a_published_record():
    with_slug = {route.name for route in all_routes() if route.parameters}
    assert {name for name in with_slug if (name, "published") not in MATRIX} == set()


def test_every_role_and_method_has_a_row_for_each_route():
    for (route, state), by_method in MATRIX.items():
        for method, by_role in by_method.items():
            assert set(by_role) == set(ROLES), (route, state, method)


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker):
    """Users of each role and a published and a draft record of each kind, made once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        users = {
            VIEWER: _staff("matrix-viewer", "viewers"),
            EDITOR: _staff("matrix-editor", "editors"),
            SUPERUSER: get_user_model().objects.create_superuser("matrix-admin", "a@example.org", "x" * 20),
        }
        tokens = {role: Token.objects.create(user=user).key for role, user in users.items()}
        records = {}
        for state in (PublicationStatus.PUBLISHED, PublicationStatus.DRAFT):
            records[state] = {
                "organisation": factories.make_organisation(status=state),
                "person": factories.make_person(status=state),
                "country": factories.make_country(status=state),
                "agreement": factories.make_agreement(status=state),
                "study": factories.make_study(status=state),
                "programme": factories.make_programme(status=state),
                "source": factories.make_source(status=state),
                "event": factories.make_full_event(status=state),
            }
        records[PublicationStatus.PUBLISHED]["theme"] = factories.make_theme()
        yield users, tokens, records
        transaction.set_rollback(True)


def _staff(username, group_name):
    user = get_user_model().objects.create_user(username, password="x" * 20, is_staff=True)
    # The groups come from registry's 0003_staff_groups migration.
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def world(_world, db):
    cache.clear()  # throttle counts start from zero for each route
    return _world


# Pages of a record named by a setting rather than by the URL: which record each route shows.
OWNER_ROUTES = {"about", "contact"}


def path_for(route_name, state, records):
    route = next(route for route in all_routes() if route.name == route_name)
    if not route.parameters:
        return reverse(route_name)
    record = records[state][record_kind(route_name)]
    (parameter,) = route.parameters
    return reverse(route_name, kwargs={parameter: getattr(record, parameter)})


def clients_by_role(users, tokens):
    """One client per role: signed in for the HTML pages and the admin, with a token for the API."""
    clients = {ANONYMOUS: Client()}
    for role, user in users.items():
        clients[role] = Client(HTTP_AUTHORIZATION=f"Token {tokens[role]}")
        clients[role].force_login(user)
    return clients


@pytest.mark.parametrize(("route", "state"), list(MATRIX), ids=[f"{route}[{state}]" for route, state in MATRIX])
def test_each_role_gets_the_expected_status_for_each_method(world, settings, route, state):
    users, tokens, records = world
    if route in OWNER_ROUTES:
        settings.PORTAL_OWNER_SLUG = records[state]["organisation"].slug
    clients = clients_by_role(users, tokens)
    path = path_for(route, state, records)
    wrong = []
    for method, by_role in MATRIX[(route, state)].items():
        for role, expected in by_role.items():
            cache.clear()
            status = clients[role].generic(method, path).status_code
            if status != expected:
                wrong.append(f"{method} {path} as {role}: {status}, expected {expected}")
    assert wrong == []
