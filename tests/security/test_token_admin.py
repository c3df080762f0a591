"""API tokens in the admin: every staff member keeps their own, superusers manage all, nobody reads another's key.

The rule is data, as in test_permission_matrix.py: (role, what they do, whose token) -> the status
and what must be true afterwards. A role or action missing from a row fails
`test_every_role_has_a_row_for_every_action`.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from rest_framework.authtoken.models import Token

from tests.admin_helpers import admin_url, make_staff

pytestmark = pytest.mark.django_db

ANONYMOUS, VIEWER, EDITOR, SUPERUSER = "anonymous", "viewer", "editor", "superuser"
ROLES = (ANONYMOUS, VIEWER, EDITOR, SUPERUSER)
GROUP_OF_ROLE = {VIEWER: "viewers", EDITOR: "editors", SUPERUSER: None}

# Whatever model the admin registers for tokens (the README sends staff to *API tokens*).
TOKEN_MODEL = next(model for model in apps.get_models() if issubclass(model, Token) and admin.site.is_registered(model))

OK, TO_LOGIN, NOT_FOUND = 200, 302, 302  # the admin answers a record it will not show with a redirect

# action -> role -> (status, outcome). Outcomes are checked after the request (see OUTCOMES).
MATRIX = {
    "list tokens": {ANONYMOUS: (TO_LOGIN, None), VIEWER: (OK, "own key only"), EDITOR: (OK, "own key only"),
                    SUPERUSER: (OK, "every holder, own key only")},
    "open the add page": {ANONYMOUS: (TO_LOGIN, None), VIEWER: (OK, None), EDITOR: (OK, None), SUPERUSER: (OK, None)},
    "create own token": {ANONYMOUS: (TO_LOGIN, "no token"), VIEWER: (302, "own token made"),
                         EDITOR: (302, "own token made"), SUPERUSER: (302, "own token made")},
    "read own key": {ANONYMOUS: (TO_LOGIN, None), VIEWER: (OK, "key shown"), EDITOR: (OK, "key shown"),
                     SUPERUSER: (OK, "key shown")},
    "open another's token": {ANONYMOUS: (TO_LOGIN, None), VIEWER: (NOT_FOUND, "key hidden"),
                             EDITOR: (NOT_FOUND, "key hidden"), SUPERUSER: (OK, "key hidden")},
    "revoke own token": {ANONYMOUS: (TO_LOGIN, None), VIEWER: (302, "own token gone"), EDITOR: (302, "own token gone"),
                         SUPERUSER: (302, "own token gone")},
    "revoke another's token": {ANONYMOUS: (TO_LOGIN, "other token kept"), VIEWER: (NOT_FOUND, "other token kept"),
                               EDITOR: (NOT_FOUND, "other token kept"), SUPERUSER: (302, "other token gone")},
}  # fmt: skip

ROWS = [(action, role, *expected) for action, by_role in MATRIX.items() for role, expected in by_role.items()]


def test_every_role_has_a_row_for_every_action():
    assert all(set(by_role) == set(ROLES) for by_role in MATRIX.values())


@pytest.fixture
def people(client):
    """The acting user (none for anonymous), someone else holding a token, and the signed-in client."""

    def setup(role, with_own_token):
        other = make_staff("editors", username="someone-else")
        other_key = Token.objects.create(user=other).key
        me = None
        if role != ANONYMOUS:
            me = make_staff(GROUP_OF_ROLE[role], username=f"me-{role}")
            client.force_login(me)
        own_key = Token.objects.create(user=me).key if me and with_own_token else None
        return me, own_key, other, other_key

    return setup


def _act(client, action, me, other):
    mine = me.pk if me else 0
    if action == "list tokens":
        return client.get(admin_url(TOKEN_MODEL, "changelist"))
    if action == "open the add page":
        return client.get(admin_url(TOKEN_MODEL, "add"))
    if action == "create own token":
        return client.post(admin_url(TOKEN_MODEL, "add"), {"user": str(mine)})
    if action == "read own key":
        return client.get(admin_url(TOKEN_MODEL, "change", mine))
    if action == "open another's token":
        return client.get(admin_url(TOKEN_MODEL, "change", other.pk))
    if action == "revoke own token":
        return client.post(admin_url(TOKEN_MODEL, "delete", mine), {"post": "yes"})
    if action == "revoke another's token":
        return client.post(admin_url(TOKEN_MODEL, "delete", other.pk), {"post": "yes"})
    raise AssertionError(action)


@pytest.mark.parametrize(("action", "role", "status", "outcome"), ROWS, ids=[f"{a}[{r}]" for a, r, *_ in ROWS])
def test_each_role_manages_its_own_token_and_never_reads_another_key(client, people, action, role, status, outcome):
    needs_own = action in {"list tokens", "read own key", "revoke own token", "open another's token"}
    me, own_key, other, other_key = people(role, with_own_token=needs_own)
    response = _act(client, action, me, other)
    assert response.status_code == status
    if role == ANONYMOUS:
        assert "/login/" in response.url
    body = response.content.decode()
    # Nobody, a superuser included, is ever shown a key that is not their own.
    assert other_key not in body
    if outcome == "own key only":
        assert own_key in body
    elif outcome == "every holder, own key only":
        assert own_key in body and "someone-else" in body
    elif outcome == "key shown":
        assert own_key in body
    elif outcome == "own token made":
        assert Token.objects.filter(user=me).exists()
    elif outcome == "no token":
        assert Token.objects.count() == 1  # only someone else's
    elif outcome == "own token gone":
        assert not Token.objects.filter(user=me).exists()
    elif outcome == "other token kept":
        assert Token.objects.filter(key=other_key).exists()
    elif outcome == "other token gone":
        assert not Token.objects.filter(key=other_key).exists()


def test_the_admin_log_and_messages_never_hold_a_key(client):
    me = make_staff("editors", username="ana")
    client.force_login(me)
    response = client.post(admin_url(TOKEN_MODEL, "add"), {"user": str(me.pk)}, follow=True)
    key = Token.objects.get(user=me).key
    assert key not in "".join(str(message) for message in response.context["messages"])
    client.post(admin_url(TOKEN_MODEL, "delete", me.pk), {"post": "yes"})
    assert LogEntry.objects.count() == 2
    assert not LogEntry.objects.filter(object_repr__contains=key).exists()
    assert not LogEntry.objects.filter(object_id=key).exists()


def test_a_staff_member_with_a_token_is_not_offered_a_second_one(client):
    me = make_staff("viewers")
    Token.objects.create(user=me)
    client.force_login(me)
    assert client.get(admin_url(TOKEN_MODEL, "add")).status_code == 403
