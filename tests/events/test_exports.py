"""Stored event exports (events.exports): the same text as a live export, and never older than the records."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import transaction
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from core.models import PublicationStatus
from events import exports
from events.models import Event, EventExport, EventExportText
from events.serializers import EVENT_CSV
from registry.models import Person, SourceDocument, Theme
from tests.factories import (
    add_organisation,
    add_participant,
    cite,
    make_full_event,
    make_source,
    make_theme,
    one_export_rebuild,
)

pytestmark = pytest.mark.django_db


def assert_exports_current():
    """Every event has a stored export of this code, equal to what its records give now."""
    call_command("rebuild_event_exports", "--check", verbosity=0)


def stored(event):
    return EventExport.objects.get(event=event, version=exports.EXPORT_VERSION, stale=False)


@pytest.fixture
def writes(monkeypatch):
    """The event ids of every stored export the rebuild writes, one entry per write."""
    written = []
    original = exports._write

    def counting(ids):
        written.extend(ids)
        return original(ids)

    monkeypatch.setattr(exports, "_write", counting)
    return written


@pytest.fixture
def client_api():
    return APIClient()


@pytest.fixture
def events(django_capture_on_commit_callbacks):
    # Committed, as far as a test can: with the real commit-time rebuild, its callbacks run here.
    with django_capture_on_commit_callbacks(execute=True):
        return _events()


def _events():
    parent = make_full_event(title="Fifth High-Level Dialogue")
    session = make_full_event(title="Plenary Session 2", parent=parent)
    draft_source = make_source(status=PublicationStatus.DRAFT)
    cite(session, source=draft_source)
    return parent, session


# --- the same text ------------------------------------------------------------------------------


def test_the_api_page_from_stored_exports_equals_the_live_one(client_api, events):
    response = client_api.get("/api/v1/events/")
    stored_page = response.json()
    # Spliced in as text, the stored objects still read exactly as DRF renders the page.
    assert response.content == JSONRenderer().render(stored_page)
    EventExport.objects.all().delete()
    assert client_api.get("/api/v1/events/").json() == stored_page
    assert [event["title"] for event in stored_page["results"]] == ["Fifth High-Level Dialogue", "Plenary Session 2"]


def test_the_csv_from_stored_exports_equals_the_live_one(client_api, events):
    response = client_api.get("/api/v1/events/?format=csv")
    from_stored = b"".join(response.streaming_content)
    live = b"".join(EVENT_CSV.stream(Event.objects.published(), staff=False))
    assert from_stored == live
    assert from_stored.count(b"\r\n") == 3


def test_stored_exports_leave_out_draft_sources_and_staff_still_see_them(client_api, events):
    _, session = events
    staff_client = APIClient()
    staff_client.force_authenticate(get_user_model().objects.create_user("editor", is_staff=True))
    public = client_api.get(f"/api/v1/events/?parent={session.parent.slug}").json()["results"][0]
    staff = staff_client.get(f"/api/v1/events/?parent={session.parent.slug}").json()["results"][0]
    assert len(staff["citations"]) == len(public["citations"]) + 1
    assert json.loads(stored(session).text.json) == public


# --- never older than the records ---------------------------------------------------------------


def rename_person(parent, session):
    person = session.participants.get().person
    person.name = "Renamed Person"
    person.save()


def rename_organisation(parent, session):
    organisation = session.organisations.get().organisation
    organisation.name = "Renamed Organisation"
    organisation.save()


def rename_theme(parent, session):
    theme = session.themes.get()
    theme.name = "Renamed theme"
    theme.save()


def rename_country(parent, session):
    country = session.country
    country.name = "Renamed country"
    country.save()


def change_parent_slug(parent, session):
    parent.slug = "renamed-dialogue"
    parent.save()


def edit_event(parent, session):
    session.summary = "The participants agreed a plan."
    session.save()


def add_theme_to_event(parent, session):
    session.themes.add(make_theme())


def add_event_to_theme(parent, session):
    make_theme().events.add(session)


def clear_a_themes_events(parent, session):
    session.themes.get().events.clear()


def move_a_participant(parent, session):
    participant = session.participants.get()
    participant.event = parent
    participant.save()


def delete_a_participant(parent, session):
    session.participants.get().delete()


def add_a_participant(parent, session):
    add_participant(session, title_held="Director")


def delete_an_organisation_role(parent, session):
    session.organisations.get().delete()


def add_an_organisation_role(parent, session):
    add_organisation(session)


def unpublish_a_cited_source(parent, session):
    source = session.citations.get(source__status=PublicationStatus.PUBLISHED).source
    source.status = PublicationStatus.DRAFT
    source.save()


def retitle_a_cited_source(parent, session):
    source = session.citations.get(source__status=PublicationStatus.PUBLISHED).source
    source.title = "A retitled press release"
    source.save()


def add_a_citation(parent, session):
    cite(session, fact="participant_count")


def delete_a_citation(parent, session):
    session.citations.filter(source__status=PublicationStatus.PUBLISHED).get().delete()


def delete_the_session(parent, session):
    session.delete()


CHANGES = [
    rename_person,
    rename_organisation,
    rename_theme,
    rename_country,
    change_parent_slug,
    edit_event,
    add_theme_to_event,
    add_event_to_theme,
    clear_a_themes_events,
    move_a_participant,
    delete_a_participant,
    add_a_participant,
    delete_an_organisation_role,
    add_an_organisation_role,
    unpublish_a_cited_source,
    retitle_a_cited_source,
    add_a_citation,
    delete_a_citation,
    delete_the_session,
]


@pytest.mark.real_commit_rebuild
@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_every_change_to_what_an_export_shows_rewrites_it_on_commit(
    change, events, django_capture_on_commit_callbacks, writes
):
    before = dict(EventExportText.objects.values_list("export_id", "json"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        change(*events)
        assert writes == [], "nothing is rebuilt inside the saving transaction"
    if change is not delete_the_session:
        assert callbacks, "the rebuild is enqueued once the transaction commits"
    else:
        # Its own export goes with it (CASCADE) and no other export shows a session: nothing to rewrite.
        assert writes == []
    assert len(writes) == len(set(writes)), "one rebuild per transaction"
    assert_exports_current()
    after = dict(EventExportText.objects.values_list("export_id", "json"))
    assert after != before


@pytest.mark.real_commit_rebuild
def test_before_the_commit_no_reader_gets_the_old_text(client_api, events):
    _, session = events
    rename_person(*events)
    # The transaction has not committed, so nothing is rebuilt yet: the export is marked stale, and not read.
    assert EventExport.objects.get(event=session).stale
    assert exports.backlog() == 1
    names = [p["name"] for e in client_api.get("/api/v1/events/").json()["results"] for p in e["participants"]]
    assert "Renamed Person" in names
    assert "Renamed Person" in b"".join(client_api.get("/api/v1/events/?format=csv").streaming_content).decode()


@pytest.mark.real_commit_rebuild
def test_a_rolled_back_change_schedules_nothing_and_the_next_one_its_own_rebuild(
    events, django_capture_on_commit_callbacks
):
    _, session = events
    person = session.participants.get().person
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            Person.objects.filter(pk=person.pk).get().save()
            raise RuntimeError("rolled back")
        assert callbacks == []
        with transaction.atomic():
            person.name = "After the rollback"
            person.save()
    assert callbacks
    assert "After the rollback" in stored(session).text.json


@pytest.mark.real_commit_rebuild
def test_one_transaction_of_many_changes_rebuilds_once(events, django_capture_on_commit_callbacks, writes):
    _, session = events
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for number in range(3):
            add_participant(session, title_held=f"Delegate {number}")
        session.themes.add(make_theme())
    assert callbacks
    assert writes == [session.pk], "the session's export is written once, after the commit"
    assert_exports_current()


def test_exports_of_another_version_are_ignored_until_migrate_rebuilds_them(client_api, events):
    page = client_api.get("/api/v1/events/").json()
    EventExport.objects.update(version=exports.EXPORT_VERSION - 1)
    EventExportText.objects.update(json="{}", csv_row="stale\r\n")
    assert client_api.get("/api/v1/events/").json() == page
    assert b"stale" not in b"".join(client_api.get("/api/v1/events/?format=csv").streaming_content)
    with pytest.raises(CommandError, match="2 of 2 events have a missing or outdated stored export"):
        assert_exports_current()
    # What `migrate` does after a deploy with a new version (enqueued; tests run tasks at once).
    exports._after_migrate(using="default")
    assert_exports_current()
    assert not EventExport.objects.exclude(version=exports.EXPORT_VERSION).exists()
    assert exports.backlog() == 0


def test_the_check_finds_a_write_that_skipped_the_signals_and_a_rebuild_repairs_it(events):
    assert_exports_current()
    # QuerySet.update() sends no signals: the stored text is now older than the record.
    Person.objects.update(name="Changed behind the portal's back")
    with pytest.raises(CommandError, match=r"run manage\.py rebuild_event_exports"):
        assert_exports_current()
    call_command("rebuild_event_exports", verbosity=0)
    assert_exports_current()


def test_an_export_row_that_lost_its_text_is_reported_exported_live_and_repaired(client_api, events):
    _, session = events
    page = client_api.get("/api/v1/events/").json()
    EventExportText.objects.filter(export_id=session.pk).delete()
    assert client_api.get("/api/v1/events/").json() == page
    with pytest.raises(CommandError, match="1 of 2 events have a missing or outdated stored export"):
        assert_exports_current()
    call_command("rebuild_event_exports", verbosity=0)
    assert_exports_current()


@pytest.mark.real_commit_rebuild
def test_marking_twice_writes_the_stale_mark_once(events):
    _, session = events
    assert exports.mark_stale([session.pk]) == 1
    # Already waiting for the worker: no second write of the row (a theme's repeated saves).
    assert exports.mark_stale([session.pk]) == 0
    assert EventExport.objects.get(event=session).stale


def test_the_csv_etag_changes_when_a_shown_name_changes(client_api, events):
    first = client_api.get("/api/v1/events/?format=csv")
    rename_person(*events)
    second = client_api.get("/api/v1/events/?format=csv")
    assert first["ETag"] != second["ETag"]
    assert client_api.get("/api/v1/events/?format=csv", HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


@pytest.mark.usefixtures("views_uncached")  # the view's own queries, not a cache hit
def test_a_page_from_stored_exports_takes_three_queries(client_api, django_assert_num_queries):
    with one_export_rebuild():
        for _ in range(30):
            make_full_event()
    client_api.get("/api/v1/events/?page_size=20")
    # The count, the page, its events' stored exports; the request's savepoint and its release.
    with django_assert_num_queries(5):
        response = client_api.get("/api/v1/events/?page_size=20")
    assert len(response.json()["results"]) == 20


@pytest.mark.usefixtures("views_uncached")  # the view's own queries, not a cache hit
def test_events_without_a_stored_export_take_a_fixed_number_of_queries_more(client_api, django_assert_num_queries):
    with one_export_rebuild():
        for _ in range(30):
            make_full_event()
    EventExport.objects.filter(event__in=Event.objects.order_by("pk")[:20]).delete()
    EventExport.objects.filter(event__in=Event.objects.order_by("pk")[20:25]).update(stale=True)
    client_api.get("/api/v1/events/?page_size=20")
    # As above, then the missing events with their country, parent, agreement and study, and their
    # themes, organisations, participants, citations and fact notes (their `provenance` member).
    with django_assert_num_queries(11):
        response = client_api.get("/api/v1/events/?page_size=20")
    assert len(response.json()["results"]) == 20


def test_a_deleted_event_takes_its_export_with_it(events):
    _, session = events
    session.delete()
    assert not EventExport.objects.filter(event_id=session.pk).exists()
    assert_exports_current()


def test_a_source_document_uncited_by_events_touches_no_export(events):
    source = make_source()
    before = {row.event_id: row.built_at for row in EventExport.objects.all()}
    source.title = "Unrelated"
    source.save()
    assert {row.event_id: row.built_at for row in EventExport.objects.all()} == before
    assert SourceDocument.objects.filter(title="Unrelated").exists()


def test_a_field_no_export_shows_marks_nothing(events, writes, django_assert_num_queries):
    _, session = events
    theme = session.themes.get()
    theme.description = "A longer account of the theme."
    # The theme's shown fields read once and compared, its own save and its history row: no export touched.
    with django_assert_num_queries(3):
        theme.save()
    assert writes == []
    assert not EventExport.objects.filter(stale=True).exists()
    assert Theme.objects.get(pk=theme.pk).description == "A longer account of the theme."


@pytest.mark.real_commit_rebuild
def test_a_theme_save_marks_its_events_and_the_worker_rewrites_them(events, django_capture_on_commit_callbacks):
    parent, session = events
    theme = session.themes.get()
    other = parent.themes.get()
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        theme.name = "A renamed theme"
        theme.save()
    # Committed, the task not run yet (the worker is behind): the session's export waits, the parent's does not.
    assert set(EventExport.objects.filter(stale=True).values_list("event_id", flat=True)) == {session.pk}
    assert exports.backlog() == 1
    assert other != theme
    for callback in callbacks:
        callback()
    assert exports.backlog() == 0
    assert "A renamed theme" in stored(session).text.json
    assert_exports_current()


@pytest.mark.real_commit_rebuild
def test_readers_get_the_live_export_while_the_worker_is_behind(client_api, events, django_capture_on_commit_callbacks):
    _, session = events
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        rename_person(*events)
    assert EventExport.objects.get(event=session).stale
    names = [p["name"] for e in client_api.get("/api/v1/events/").json()["results"] for p in e["participants"]]
    assert "Renamed Person" in names
    csv_text = b"".join(client_api.get("/api/v1/events/?format=csv").streaming_content).decode()
    assert "Renamed Person" in csv_text


@pytest.mark.real_commit_rebuild
def test_the_rebuild_is_a_task_enqueued_on_commit(events, django_capture_on_commit_callbacks, monkeypatch):
    enqueued = []
    monkeypatch.setattr(exports, "enqueue_rebuild", lambda: enqueued.append(True))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        edit_event(*events)
        assert enqueued == []
    assert enqueued


def test_a_new_event_is_exported_and_counted_in_the_backlog_until_then(monkeypatch):
    monkeypatch.setattr(exports, "enqueue_after_commit", lambda: None)
    event = make_full_event()
    assert exports.backlog() == 1
    assert EventExport.objects.get(event=event).stale
    exports.rebuild_stale_exports.enqueue()
    assert exports.backlog() == 0
    assert_exports_current()
