"""Each event's public export kept ready (EventExport), and kept true, without slowing a save.

Why stored: a public CSV of 100,000 events computed live is ~200 queries and a million formatted
cells (far below the export's target rate, BENCHMARKS.md), and a page of the events API spends
most of its time in the related rows of fifty events. Stored, the CSV is a read of ready lines and
a page a read of fifty documents.

How the stored text stays true, and a save stays fast:

- A save, delete or link change of a row an export shows (`SHOWN`: an event, its sessions'
  parent, country, agreement, study, themes, organisations and their roles, people and their
  participations, citations and the sources' titles and status) marks the affected events'
  exports stale in the writer's own transaction, and only when a field an export shows changed:
  a theme's description, which no export shows, marks nothing. Marking is one UPDATE, so a theme
  shown by thousands of events saves in milliseconds.
- Once the transaction commits, `transaction.on_commit` enqueues the `rebuild_stale_exports`
  task (Django's tasks framework, the django-tasks backport): production runs it in the `db_worker` process,
  development and tests run it at once. A rolled-back transaction enqueues nothing and leaves no
  mark.
- Readers never get a stale or missing row: they read only rows that are fresh and of this
  EXPORT_VERSION, and compute the others live (`page_documents`, `csv_stream`).
- The rebuild locks the stale rows it takes (SELECT … FOR UPDATE SKIP LOCKED) before reading the
  records. A writer marks those rows in its transaction, so either it marked them before the lock
  (the rebuild skips them, or waits on SQLite, and the writer's own task rebuilds them after its
  commit) or after (its mark lands after the rebuild's commit and wins). No text older than a
  committed change is ever stored as fresh.
- Saves that send no signals (QuerySet.update(), bulk_create(), raw SQL, fixtures loaded raw)
  must call `mark_stale` or `rebuild` themselves, as generate_sample_data and restore_portal do;
  `rebuild_event_exports --check` reports any drift.

EXPORT_VERSION names the shape of the stored text. Change it whenever the text an export writes
changes (a field, a column, a format, the event URL): rows of another version are exported live
until the worker rewrites them (enqueued after `migrate`). tests/events/test_golden.py holds one
event's JSON and CSV for each version and fails when the output differs from the current one's.

Staff see citations of draft sources too, so their exports are always computed live.
"""

import csv
import io
import itertools
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connections, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete, pre_save
from django.utils import timezone
from django_tasks import task
from rest_framework.renderers import JSONRenderer

from core.csv_cells import neutralised_row
from registry.models import Agreement, Citation, Country, FactNote, Organisation, Person, SourceDocument, Study, Theme

from .models import Event, EventExport, EventExportText, EventOrganisation, EventParticipant
from .serializers import EVENT_CSV, EventSerializer, event_csv_header, event_csv_rows

EXPORT_VERSION = 3
CHUNK_SIZE = 1000


# --- reading ------------------------------------------------------------------------------------


def live_documents(event_ids):
    """The public JSON objects of these events computed from their rows, by event id."""
    return EventSerializer.documents(Event.objects.filter(pk__in=event_ids))


def live_csv_rows(event_ids):
    """The public CSV lines of these events computed from their rows, by event id."""
    return {pk: csv_line(cells) for pk, cells in event_csv_rows(Event.objects.filter(pk__in=event_ids))}


def csv_line(cells):
    """One CSV line, its cells made spreadsheet-safe (core.csv_cells)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(neutralised_row(cells))
    return buffer.getvalue()


def rendered(document):
    """A JSON object as the API's JSONRenderer writes it, as text."""
    return JSONRenderer().render(document).decode("utf-8")


def _fresh():
    return EventExport.objects.filter(version=EXPORT_VERSION, stale=False)


def page_documents(event_ids):
    """The rendered JSON objects of these events, in this order: fresh stored ones read, the rest computed."""
    stored = {
        pk: text
        for pk, text in _fresh().filter(event_id__in=event_ids).values_list("event_id", "text__json")
        if text is not None
    }
    missing = [pk for pk in event_ids if pk not in stored]
    computed = live_documents(missing) if missing else {}
    return [stored[pk] if pk in stored else rendered(computed[pk]) for pk in event_ids]


def csv_lines(rows):
    """The CSV lines of a chunk of (event id, stored line or None) rows, computing the missing ones."""
    missing = [pk for pk, stored in rows if stored is None]
    computed = live_csv_rows(missing) if missing else {}
    return [stored if stored is not None else computed[pk] for pk, stored in rows]


def csv_stream(queryset, hxl=False):
    """The public CSV of the queryset's events as UTF-8 byte chunks, from their fresh stored lines.

    With `hxl`, the HXL hashtag row follows the header row (the stored lines are the records only).
    """
    head = csv_line(event_csv_header()) + (csv_line(EVENT_CSV.hxl_row()) if hxl else "")
    yield ("\ufeff" + head).encode("utf-8")
    ready = queryset.with_ready_export(EXPORT_VERSION)
    rows = ready.values_list("pk", "ready__text__csv_row").iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        yield "".join(csv_lines(chunk)).encode("utf-8")


# --- marking stale (in the writer's transaction) ------------------------------------------------


def backlog():
    """How many events' stored exports wait for the worker (stale or missing).

    For /healthz: a backlog that keeps growing means the worker is not running. Rows of another
    EXPORT_VERSION count once `migrate` has marked them stale.
    """
    # Counts, no join: the stale rows of the narrow EventExport table, and (every row has its event)
    # the events without a row as the difference of the two tables' sizes.
    waiting = EventExport.objects.filter(stale=True).count()
    return waiting + Event.objects.count() - EventExport.objects.count()


def mark_stale(events):
    """Mark the stored exports of these events (a Q on Event, or ids) stale, and rebuild them after the commit."""
    condition = events if isinstance(events, Q) else Q(pk__in=list(events))
    # Rows only, never new ones: an event being deleted (its rows' post_delete run before its own
    # delete) must not get a row after its cascade has been collected.
    # Only rows not marked yet: a row already waiting for the worker needs no second write.
    marked = EventExport.objects.filter(stale=False, event__in=Event.objects.filter(condition).values("pk")).update(
        stale=True
    )
    if marked:
        enqueue_after_commit()
    return marked


def _add_new_event(event_id):
    """A new event's stale row and its empty text, so the worker finds it (readers export it live until then)."""
    export = EventExport.objects.create(event_id=event_id, stale=True)
    EventExportText.objects.create(export=export)
    enqueue_after_commit()


def _add_rows(event_ids):
    """Stale rows, each with its empty text, for these events (those they already have are kept)."""
    EventExport.objects.bulk_create([EventExport(event_id=pk) for pk in event_ids], ignore_conflicts=True)
    EventExportText.objects.bulk_create([EventExportText(export_id=pk) for pk in event_ids], ignore_conflicts=True)


def _locked(condition, skip_locked=False, limit=None):
    """Lock the export rows matching `condition` (a Q on EventExport) and their texts; return their event ids.

    Each export row always has its text row (written together), so this is an inner join. Both are
    locked at once: a transaction deleting an event deletes its text first and then its export row,
    and so never waits on a worker that holds one of the two while it waits on the other.
    """
    texts = (
        EventExportText.objects.filter(export__in=EventExport.objects.filter(condition))
        .select_related("export")  # the join that lets both rows be locked by one statement
        .only("export")
        .order_by("export_id")
        .select_for_update(skip_locked=skip_locked, of=("self", "export"))
    )
    return [text.export_id for text in (texts[:limit] if limit else texts)]


def enqueue_after_commit():
    """Enqueue the rebuild once the current transaction commits (right away outside one)."""
    # robust: the change itself has committed and its events are exported live meanwhile; a queue
    # that cannot be reached is logged, not turned into an error for the person who saved.
    transaction.on_commit(enqueue_rebuild, robust=True)


def enqueue_rebuild():
    return rebuild_stale_exports.enqueue()


# --- rebuilding (the worker) --------------------------------------------------------------------


def _write(ids):
    """Write the current text of these events' export rows, which the caller has locked."""
    documents = live_documents(ids)
    now = timezone.now()
    written = [pk for pk in ids if pk in documents]
    texts = [
        EventExportText(
            export_id=pk,
            json=rendered(documents[pk]),
            # The CSV line from the same document: one shape, read once.
            csv_row=csv_line(EVENT_CSV.cells(documents[pk])),
        )
        for pk in written
    ]
    # Updates only: a text row is made with its export row (_add_rows), never here, so none is
    # written for an event whose delete has already removed its text.
    EventExportText.objects.bulk_update(texts, ["json", "csv_row"], batch_size=500)
    rows = [EventExport(event_id=pk, version=EXPORT_VERSION, stale=False, built_at=now) for pk in written]
    EventExport.objects.bulk_update(rows, ["version", "stale", "built_at"], batch_size=500)
    # A row whose event is gone (deleted meanwhile) goes too, so the worker's loop ends.
    EventExport.objects.filter(event_id__in=set(ids) - set(documents)).delete()
    return len(written)


def rebuild_stale(progress=None):
    """Rewrite every export that is stale or missing; return how many were written.

    Rows another transaction holds (a writer marking them, another worker) are skipped: whoever
    holds them enqueues its own rebuild.
    """
    # Events written without signals (bulk_create, raw SQL) have no row yet. (An export row always
    # has its text: both are made together and go together; `rebuild` repairs one written behind
    # the portal's back, which `rebuild_event_exports --check` reports.)
    missing = list(Event.objects.filter(export__isnull=True).values_list("pk", flat=True))
    try:
        with transaction.atomic():
            _add_rows(missing)
    except IntegrityError:
        pass  # one of them was deleted meanwhile: the next run adds the others
    written = 0
    while True:
        with transaction.atomic():
            ids = _locked(Q(stale=True), skip_locked=True, limit=CHUNK_SIZE)
            if not ids:
                return written
            written += _write(ids)
        if progress:
            progress(written)


@task()
def rebuild_stale_exports():
    """The background task: rewrite every stored export marked stale since (see rebuild_stale)."""
    return rebuild_stale()


def rebuild(event_ids=None, progress=None):
    """Rewrite the exports of these events (of every event when None) now; return how many were written."""
    if event_ids is None:
        event_ids = Event.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE)
    ordered = sorted(set(event_ids))
    written = 0
    for start in range(0, len(ordered), CHUNK_SIZE):
        chunk = ordered[start : start + CHUNK_SIZE]
        with transaction.atomic():
            _add_rows(chunk)
            ids = _locked(Q(event_id__in=chunk))
            written += _write(ids)
        if progress:
            progress(written)
    return written


# --- what each model's row shows in which events' exports ---------------------------------------


def _cited_events(citations):
    return Q(pk__in=citations.filter(content_type=ContentType.objects.get_for_model(Event)).values("object_id"))


def _citing(row):
    if row["content_type_id"] != ContentType.objects.get_for_model(Event).pk:
        return Q(pk__in=[])
    return Q(pk=row["object_id"])


@dataclass(frozen=True)
class Shows:
    """Fields of a model's row that an export shows, and the events showing them (a Q on Event).

    `events(pk, row)` gets the row's primary key and a dict of these fields' values, old or new,
    so a row moved from one event to another marks both.
    """

    fields: tuple[str, ...]
    events: Any


SHOWN = {
    # Every save writes a new updated_at, which the event's own export shows (see _before_save);
    # its sessions show its slug as their "parent".
    Event: [
        Shows(("updated_at",), lambda pk, row: Q(pk=pk)),
        Shows(("slug", "status"), lambda pk, row: Q(parent_id=pk)),
    ],
    EventOrganisation: [Shows(("event_id", "organisation_id", "role"), lambda pk, row: Q(pk=row["event_id"]))],
    EventParticipant: [
        Shows(
            ("event_id", "person_id", "role", "title_held", "organisation_id", "position"),
            lambda pk, row: Q(pk=row["event_id"]),
        )
    ],
    Citation: [Shows(("content_type_id", "object_id", "source_id", "quote", "fact"), lambda pk, row: _citing(row))],
    # An event's fact notes, in its `provenance` member.
    FactNote: [Shows(("content_type_id", "object_id", "kind", "facts", "note"), lambda pk, row: _citing(row))],
    SourceDocument: [
        Shows(("slug", "title", "status"), lambda pk, row: _cited_events(Citation.objects.filter(source_id=pk)))
    ],
    Organisation: [
        Shows(
            ("slug", "name", "acronym", "status"),
            lambda pk, row: (
                Q(pk__in=EventOrganisation.objects.filter(organisation_id=pk).values("event_id"))
                | Q(pk__in=EventParticipant.objects.filter(organisation_id=pk).values("event_id"))
            ),
        )
    ],
    Person: [
        Shows(
            ("slug", "name", "status"),
            lambda pk, row: Q(pk__in=EventParticipant.objects.filter(person_id=pk).values("event_id")),
        )
    ],
    # kind and position order an event's themes.
    Theme: [
        Shows(
            ("slug", "name", "kind", "position"),
            lambda pk, row: Q(pk__in=Event.themes.through.objects.filter(theme_id=pk).values("event_id")),
        )
    ],
    Country: [Shows(("iso3", "name", "status"), lambda pk, row: Q(country_id=pk))],
    Agreement: [Shows(("slug", "status"), lambda pk, row: Q(agreement_id=pk))],
    Study: [Shows(("slug", "status"), lambda pk, row: Q(study_id=pk))],
}


def _values(instance, fields):
    return {name: getattr(instance, name) for name in fields}


def _changed_events(model, instance):
    """The events whose export shows a field this save changes (before and after), or None for none."""
    shows = SHOWN[model]
    fields = sorted({name for show in shows for name in show.fields})
    old = model._base_manager.filter(pk=instance.pk).values(*fields).first()
    if old is None:
        return None
    new = _values(instance, fields)
    condition = None
    for show in shows:
        # updated_at is set by the save itself (auto_now), after this signal: it always changes.
        if any(old[name] != new[name] or name == "updated_at" for name in show.fields):
            both = show.events(instance.pk, old) | show.events(instance.pk, new)
            condition = both if condition is None else condition | both
    return condition


# What a save or delete changes is known before it (the old values), the marking is done after it,
# so that a rebuild run at once (the immediate backend) reads the new rows: the affected events
# travel from the pre_ to the post_ signal on the instance itself.
_AFFECTED = "_event_exports_affected"


def _before_save(sender, instance, raw=False, **kwargs):
    # A raw save (loaddata, restore_portal) must not read other rows; its caller marks afterwards.
    if raw or instance.pk is None:
        return
    setattr(instance, _AFFECTED, _changed_events(sender, instance))


def _after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    condition = instance.__dict__.pop(_AFFECTED, None)
    if created and sender is Event:
        _add_new_event(instance.pk)
    elif created:
        # A new row: the events it shows.
        for show in SHOWN[sender]:
            events = show.events(instance.pk, _values(instance, show.fields))
            condition = events if condition is None else condition | events
    if condition is not None:
        mark_stale(condition)


def _before_delete(sender, instance, **kwargs):
    # The events it showed, found while its rows are still there; an event's own export goes with
    # it (CASCADE) and it has no sessions (PROTECT).
    if sender is Event:
        return
    condition = None
    for show in SHOWN[sender]:
        events = show.events(instance.pk, _values(instance, show.fields))
        condition = events if condition is None else condition | events
    setattr(instance, _AFFECTED, list(Event.objects.filter(condition).values_list("pk", flat=True)))


def _after_delete(sender, instance, **kwargs):
    affected = instance.__dict__.pop(_AFFECTED, None)
    if affected:
        mark_stale(affected)


def _themes_change(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"}:
            mark_stale(Q(pk=instance.pk))
    elif action in {"post_add", "post_remove"}:
        mark_stale(Q(pk__in=pk_set))
    elif action == "pre_clear":
        # A theme losing all its events: which ones is known only before.
        setattr(
            instance,
            _AFFECTED,
            list(Event.objects.filter(SHOWN[Theme][0].events(instance.pk, {})).values_list("pk", flat=True)),
        )
    elif action == "post_clear":
        affected = instance.__dict__.pop(_AFFECTED, None)
        if affected:
            mark_stale(affected)


def connect(app_config):
    """Connect the receivers (EventsConfig.ready)."""
    for model in SHOWN:
        label = model._meta.label
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"event_exports_pre_save_{label}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"event_exports_post_save_{label}")
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=f"event_exports_pre_delete_{label}")
        post_delete.connect(_after_delete, sender=model, dispatch_uid=f"event_exports_post_delete_{label}")
    m2m_changed.connect(_themes_change, sender=Event.themes.through, dispatch_uid="event_exports_themes")
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="event_exports_migrate")


def _after_migrate(using, **kwargs):
    # After a deploy with a new EXPORT_VERSION the worker rewrites the old rows (readers get live
    # exports meanwhile). Not after migrating backwards to before the table existed.
    if EventExport._meta.db_table in connections[using].introspection.table_names():
        EventExport.objects.using(using).exclude(version=EXPORT_VERSION).update(stale=True)
        stale = EventExport.objects.using(using).filter(stale=True).exists()
        if stale or Event.objects.using(using).filter(export__isnull=True).exists():
            enqueue_after_commit()
