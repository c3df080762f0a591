"""Staff login: strong passwords, a lockout that holds even for the right password, every attempt logged."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery-staple-17"


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)


def attempt_login(client, password, username="editor", address="203.0.113.7"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def fail_until_locked(client):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        attempt_login(client, f"wrong-password-{attempt}")


@pytest.mark.parametrize(
    "password",
    ["short-1A", "password1234", "123456789012345", "editor-editor-editor"],
    ids=["too-short", "common", "all-digits", "like-the-username"],
)
def test_weak_passwords_are_refused(password):
    user = get_user_model()(username="editor-editor-editor", email="editor@example.org")
    with pytest.raises(ValidationError):
        validate_password(password, user=user)


def test_a_long_uncommon_password_is_accepted():
    validate_password("mine-action-in-asean-2026", user=get_user_model()(username="editor"))


def test_right_password_signs_in(client, staff_user):
    response = attempt_login(client, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, staff_user):
    fail_until_locked(client)

    response = attempt_login(client, PASSWORD)

    assert response.status_code == 429
    assert not logged_in(client)
    assert AccessAttempt.objects.filter(username="editor", ip_address="203.0.113.7").exists()


def test_one_failure_fewer_than_the_limit_does_not_lock(client, staff_user):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt_login(client, f"wrong-password-{attempt}")
    assert attempt_login(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_lockout_is_per_username_and_address(client, staff_user):
    """An attacker's address locks only itself: the same staff member elsewhere can still sign in."""
    fail_until_locked(client)
    assert attempt_login(client, PASSWORD, address="198.51.100.20").status_code == 302
    assert logged_in(client)


def test_lockout_ends_after_the_cool_off(client, staff_user):
    fail_until_locked(client)
    assert attempt_login(client, PASSWORD).status_code == 429

    # Move the recorded failures back past the cool-off instead of waiting fifteen minutes.
    cool_off = settings.AXES_COOLOFF_TIME
    assert timedelta(minutes=10) <= cool_off <= timedelta(hours=1)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - timedelta(seconds=1))

    assert attempt_login(client, PASSWORD).status_code == 302
    assert logged_in(client)


def test_every_attempt_is_logged_without_the_password(client, staff_user, caplog):
    caplog.set_level(logging.INFO, logger="armac_portal.security")

    attempt_login(client, "wrong-password-once")
    # django-axes keeps the same trail in the database, with the password masked.
    assert "wrong-password-once" not in AccessAttempt.objects.get(username="editor").post_data
    attempt_login(client, PASSWORD)

    events = [(record.event, record.username) for record in caplog.records if record.name == "armac_portal.security"]
    assert events == [("auth.login_failed", "editor"), ("auth.login", "editor")]
    assert "wrong-password-once" not in caplog.text
    assert PASSWORD not in caplog.text
    assert AccessLog.objects.filter(username="editor").count() == 1


def test_a_lockout_is_logged_as_such(client, staff_user, caplog):
    caplog.set_level(logging.INFO, logger="armac_portal.security")
    fail_until_locked(client)
    assert any(getattr(record, "event", "") == "auth.locked_out" for record in caplog.records)


def test_behind_a_proxy_the_lockout_uses_the_address_the_proxy_saw(client, staff_user):
    with override_settings(BEHIND_PROXY=True):
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                reverse("admin:login"),
                {"username": "editor", "password": f"wrong-{attempt}"},
                REMOTE_ADDR="10.0.0.1",
                # The left entry is whatever the client claimed; the right one was added by our proxy.
                HTTP_X_FORWARDED_FOR="192.0.2.99, 203.0.113.50",
            )
    assert AccessAttempt.objects.get().ip_address == "203.0.113.50"


def test_sessions_expire_after_a_working_day_and_at_browser_close(client, staff_user):
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True

    attempt_login(client, PASSWORD)

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""  # a browser-session cookie, gone when the browser closes
    assert cookie["max-age"] == ""
    assert cookie["httponly"] is True
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_password_spraying_from_one_address_is_locked(client):
    """Forty guesses spread over ten accounts from one address: the address is locked, whoever it claims to be."""
    users = [
        get_user_model().objects.create_user(f"staff{n}", f"staff{n}@example.org", PASSWORD, is_staff=True)
        for n in range(10)
    ]
    statuses = [
        attempt_login(client, f"guess-{attempt}", username=users[attempt % 10].username).status_code
        for attempt in range(40)
    ]
    # Each account saw four failures at most, under the limit per account: only the address's count locks it.
    assert 40 // len(users) < settings.AXES_FAILURE_LIMIT
    # The failure that reaches the limit is itself answered with the lockout.
    limit = settings.AXES_FAILURE_LIMIT
    assert statuses == [200] * (limit - 1) + [429] * (40 - limit + 1)
    # Locked even for an account's right password from that address; the same account elsewhere signs in.
    assert attempt_login(client, PASSWORD, username="staff9").status_code == 429
    assert not logged_in(client)
    assert attempt_login(client, PASSWORD, username="staff9", address="198.51.100.20").status_code == 302
