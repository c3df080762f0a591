"""Backups: backup_portal then restore_portal into an empty database gives back every row."""

import gzip
import json
import os
import stat

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from armac_portal.management.commands.backup_portal import backed_up_models
from core.models import PublicationStatus
from events.models import Event
from tests import factories

pytestmark = pytest.mark.django_db


def snapshot():
    """Every backed-up row, serialised with natural keys so ids given out by the database do not matter."""
    rows = {}
    for model in backed_up_models():
        objects = model._base_manager.order_by(model._meta.pk.name)
        serialised = serializers.serialize(
            "python", objects, use_natural_foreign_keys=True, use_natural_primary_keys=True
        )
        rows[model._meta.label] = sorted(json.dumps(row, sort_keys=True, default=str) for row in serialised)
    return rows


def make_portal_records():
    editor = get_user_model().objects.create_user("editor", "editor@example.org", "a-long-test-password-1")
    editor.groups.add(Group.objects.get_or_create(name="editors")[0])
    editor.user_permissions.add(Permission.objects.get(codename="view_event"))
    event = factories.make_full_event(start="2025-04", end="2025-05")  # month-precision partial dates
    factories.add_participant(event, title_held="Director")
    factories.add_outcome(event)
    draft = factories.make_event(title="Draft", status=PublicationStatus.DRAFT, start="2024")
    agreement = factories.make_agreement(signed_on="2023")
    factories.add_party(agreement)
    factories.add_signatory(agreement)
    factories.add_commitment(agreement)
    factories.cite(agreement)
    study = factories.make_study(countries=[factories.make_country()])
    factories.add_study_partner(study)
    programme = factories.make_programme()
    factories.add_programme_organisation(programme)
    factories.add_key_figure(programme)
    factories.make_position()
    LogEntry.objects.log_actions(editor.pk, [draft], CHANGE, change_message="Changed title.", single_object=True)
    return event


# Real transactions and a real flush. No serialized_rollback: after an earlier transactional test's
# flush has re-created the content types, restoring a serialized copy of them collides on setup.
# Transactional tests run last (pytest-django orders them so), and none of them needs the staff groups.
@pytest.mark.django_db(transaction=True)
def test_round_trip_restores_every_row_of_every_model(tmp_path):
    event = make_portal_records()
    before = snapshot()
    assert len(before["events.Event"]) == 2
    assert before["registry.Citation"] and before["events.EventParticipant"]

    path = tmp_path / "portal.json.gz"
    call_command("backup_portal", str(path))
    call_command("flush", interactive=False)
    assert not Event.objects.exists()

    call_command("restore_portal", str(path))

    after = snapshot()
    assert after == before
    restored = Event.objects.get(slug=event.slug)
    assert restored.start.isoformat() == "2025-04"
    assert restored.participants.count() == 2
    # The stored exports are derived, so not in the file: the restore writes them afresh.
    assert "events.EventExport" not in before
    assert "events.EventExportText" not in before
    call_command("rebuild_event_exports", "--check", verbosity=0)
    # New rows after a restore get fresh ids (sequences moved past the restored ones).
    factories.make_event()


def test_backup_refuses_to_overwrite_an_existing_file(tmp_path):
    path = tmp_path / "portal.json.gz"
    path.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_portal", str(path))
    assert path.read_text() == "keep me"


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    factories.make_organisation()
    path = tmp_path / "portal.json.gz"
    call_command("backup_portal", str(path))
    with pytest.raises(CommandError, match="The database is not empty"):
        call_command("restore_portal", str(path))


@pytest.mark.parametrize(
    "content",
    [b"", b"not gzip at all", gzip.compress(b"{broken json"), gzip.compress(b'[{"model": "no.such", "fields": {}}]')],
    ids=["empty", "not-gzip", "broken-json", "unknown-model"],
)
def test_restore_refuses_an_unreadable_or_corrupt_file(tmp_path, content):
    path = tmp_path / "bad.json.gz"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=r"nothing was restored|cannot be read"):
        call_command("restore_portal", str(path))


def test_restore_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("restore_portal", str(tmp_path / "missing.json.gz"))


def test_a_failing_restore_leaves_nothing_behind(tmp_path):
    """One transaction: a bad row at the end undoes the good rows before it."""
    factories.make_organisation(slug="first")
    factories.make_organisation(slug="second")
    rows = serializers.serialize("python", factories.Organisation.objects.order_by("pk"))
    factories.Organisation.objects.all().delete()
    factories.Organisation.history.all().delete()
    rows[1]["fields"]["slug"] = "first"  # the second row now breaks the unique slug
    path = tmp_path / "portal.json.gz"
    path.write_bytes(gzip.compress(json.dumps(rows, default=str).encode()))

    with pytest.raises(CommandError, match="nothing was restored"):
        call_command("restore_portal", str(path))

    assert not factories.Organisation.objects.exists()


def test_backup_file_is_readable_by_its_owner_only(tmp_path):
    """The file holds password hashes and API tokens: 0600 even under a permissive umask."""
    path = tmp_path / "portal.json.gz"
    previous = os.umask(0)
    try:
        call_command("backup_portal", str(path))
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [path]  # no partial file left beside it
