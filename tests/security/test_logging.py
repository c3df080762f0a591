"""Structured logs: JSON lines, admin changes recorded, and no secrets or session data ever written."""

import json
import logging
import sys
import time

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse

from armac_portal.logging import JsonFormatter, RedactSecretsFilter, log_admin_change, redact_text
from tests.factories import make_organisation


def render(message, *args, exc_info=None, **extra):
    """Run a record through the filter and formatter exactly as the console handler does."""
    record = logging.makeLogRecord(
        {"name": "test", "levelno": logging.ERROR, "levelname": "ERROR", "msg": message, "args": args, **extra}
    )
    record.exc_info = exc_info
    assert RedactSecretsFilter().filter(record) is True
    return json.loads(JsonFormatter().format(record))


def test_a_record_becomes_one_json_object_with_its_extra_fields():
    line = render("saved %s", "event-1", event="admin.change", user_id=4)
    assert line["message"] == "saved event-1"
    assert line["level"] == "ERROR"
    assert line["logger"] == "test"
    assert line["event"] == "admin.change"
    assert line["user_id"] == 4
    assert "time" in line


@pytest.mark.parametrize(
    "message",
    [
        "login with password=hunter2-secret-value",
        "payload {'password': 'hunter2-secret-value'}",
        'payload {"new_password1": "hunter2-secret-value"}',
        "Cookie: sessionid=hunter2-secret-value; csrftoken=abc",
        "HTTP_COOKIE='csrftoken=x; sessionid=hunter2-secret-value'",
        "Authorization: Token hunter2-secret-value",
        "api_key=hunter2-secret-value&page=2",
        "session_key: hunter2-secret-value",
    ],
)
def test_secrets_inside_messages_are_redacted(message):
    line = render(message)
    assert "hunter2-secret-value" not in json.dumps(line)
    assert "[redacted]" in line["message"]


def test_the_secret_key_itself_is_redacted(settings):
    line = render("settings dump: %s", settings.SECRET_KEY)
    assert settings.SECRET_KEY not in line["message"]


def test_sensitive_extra_fields_are_redacted_by_name():
    line = render("x", password="hunter2-secret-value", session_data={"_auth_user_id": "1"}, cookies="a=b", page=2)
    assert line["password"] == "[redacted]"
    assert line["session_data"] == "[redacted]"
    assert line["cookies"] == "[redacted]"
    assert line["page"] == 2


def test_a_request_on_the_record_is_reduced_to_method_and_path(rf):
    request = rf.get("/events/?token=hunter2-secret-value", HTTP_COOKIE="sessionid=hunter2-secret-value")
    line = render("Internal Server Error: %s", request.path, request=request, status_code=500)
    assert line["request"] == {"method": "GET", "path": "/events/"}
    assert "hunter2-secret-value" not in json.dumps(line)


def test_tracebacks_are_redacted_too():
    try:
        raise ValueError("bad login password=hunter2-secret-value")
    except ValueError:
        line = render("boom", exc_info=sys.exc_info())
    assert "ValueError" in line["exception"]
    assert "hunter2-secret-value" not in line["exception"]


def test_ordinary_text_is_left_alone():
    line = render("Event %s published by user %s", "asean-workshop-2025", 7)
    assert line["message"] == "Event asean-workshop-2025 published by user 7"


@pytest.mark.django_db
def test_an_admin_change_is_logged_as_structured_fields(caplog):
    caplog.set_level(logging.INFO, logger="armac_portal.admin")
    user = get_user_model().objects.create_user("editor", password="x-long-password-for-tests")
    organisation = make_organisation(name="Mine Action Team")

    LogEntry.objects.log_actions(
        user.pk, [organisation], CHANGE, change_message=[{"changed": {"fields": ["Name"]}}], single_object=True
    )

    record = next(record for record in caplog.records if record.name == "armac_portal.admin")
    assert record.event == "admin.change"
    assert record.user_id == user.pk
    assert record.action == "change"
    assert record.model == "registry.organisation"
    assert record.object_id == str(organisation.pk)
    assert record.object == "Mine Action Team"
    assert record.changed == "Changed Name."


@pytest.mark.django_db
def test_a_save_through_the_admin_is_logged(admin_client, caplog):
    caplog.set_level(logging.INFO, logger="armac_portal.admin")

    response = admin_client.post(reverse("admin:auth_group_add"), {"name": "reviewers"})

    assert response.status_code == 302
    lines = [record for record in caplog.records if record.name == "armac_portal.admin"]
    assert [(line.action, line.model, line.object) for line in lines] == [("add", "auth.group", "reviewers")]
    assert lines[0].user_id == get_user_model().objects.get(username="admin").pk


@pytest.mark.django_db
def test_updating_an_old_log_entry_is_not_a_new_change(caplog):
    caplog.set_level(logging.INFO, logger="armac_portal.admin")
    user = get_user_model().objects.create_user("editor", password="x-long-password-for-tests")
    entry = LogEntry.objects.log_actions(user.pk, [make_organisation()], ADDITION, single_object=True)
    caplog.clear()

    log_admin_change(LogEntry, entry, created=False)

    assert not [record for record in caplog.records if record.name == "armac_portal.admin"]


@pytest.mark.parametrize("text", ["a" * 100_000, "a-" * 50_000, "password" * 10_000, "x=" * 50_000])
def test_redaction_takes_linear_time_on_long_visitor_supplied_text(text):
    """Log lines carry paths and parameters from visitors; a slow pattern would be a denial of service."""
    started = time.perf_counter()
    redact_text(text)
    assert time.perf_counter() - started < 0.5


def test_a_secret_after_an_ordinary_pair_is_still_redacted():
    assert redact_text("user: editor password=hunter2 page=2") == "user: editor password=[redacted] page=2"
