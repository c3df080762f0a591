"""Each event's public export kept ready (EventExport), and kept true.

Why: a public CSV of 100,000 events computed live is ~200 queries and a million formatted cells
(far below the export's target rate, BENCHMARKS.md), and a page of the events API spends most of
its time in the related rows of fifty events. Stored, the CSV
is a read of ready lines and a page a read of fifty documents.

How the stored text stays true:

- Every write to an event, or to anything its export shows (`_SHOWN_BY`: its sessions' parent,
  country, agreement, study, themes, organisations and their roles, people and their
  participations, citations and the sources' titles and status), deletes the affected events'
  stored exports inside the writer's own transaction, before and after the change (a row moved
  from one event to another changes both). From the moment a change commits, no reader can get
  the old text: an event without a current export is exported live (events.api).
- Once the transaction commits, the exports of those events are rebuilt from the committed rows,
  once per transaction however many rows it changed.
- Both lock the affected events' rows first (SELECT … FOR UPDATE, in id order), so a rebuild
  cannot read rows a concurrent writer is changing and store its text after that writer's
  invalidation.
- Every row records FORMAT, the fingerprint of the code that writes exports: after a deploy that
  changes that code, rows written by the old code are ignored (exported live) until `migrate`
  rebuilds them (`rebuild_stale`, connected to post_migrate) or `manage.py rebuild_event_exports`.
- Writes that send no signals (QuerySet.update(), bulk_create(), raw SQL) must call `invalidate`
  or `rebuild` themselves, as generate_sample_data and restore_portal do; nothing in the portal
  writes these models that way otherwise (`rebuild_event_exports --check` reports any drift).

Staff see citations of draft sources too, so their exports are always computed live.
"""

import csv
import hashlib
import io
import itertools
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_migrate, post_save, pre_delete, pre_save
from rest_framework.renderers import JSONRenderer

from registry.models import Agreement, Citation, Country, FactNote, Organisation, Person, SourceDocument, Study, Theme

from .models import Event, EventExport, EventOrganisation, EventParticipant, attach_export_rows
from .serializers import EVENT_CSV, EventSerializer

# The code an export's text depends on. Any change to these files (or to the time zone the
# timestamps are written in) gives a new FORMAT, so no row written by older code is served.
_FORMAT_SOURCES = [
    "events/exports.py",
    "events/models.py",
    "events/serializers.py",
    "core/api.py",
    "core/provenance.py",  # the `provenance` member
    "registry/api.py",
    "core/dates.py",
    "core/models.py",
    "core/visibility.py",  # what the public's exports may name
    "registry/models/base.py",
]


def _fingerprint():
    digest = hashlib.sha256(settings.TIME_ZONE.encode())
    for name in _FORMAT_SOURCES:
        digest.update((Path(settings.BASE_DIR) / name).read_bytes())
    return digest.hexdigest()[:16]


FORMAT = _fingerprint()
CHUNK_SIZE = 1000


# --- reading ------------------------------------------------------------------------------------


def live_documents(event_ids):
    """The public JSON objects of these events computed from their rows, by event id."""
    events = attach_export_rows(list(Event.objects.filter(pk__in=event_ids).with_api_relations()))
    serializer = EventSerializer()
    return {event.pk: serializer.to_representation(event) for event in events}


def live_csv_rows(event_ids):
    """The public CSV lines of these events computed from their rows, by event id."""
    return {pk: csv_line(cells) for pk, cells in EVENT_CSV.keyed_rows(Event.objects.filter(pk__in=event_ids), False)}


def csv_line(cells):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


def rendered(document):
    """A JSON object as the API's JSONRenderer writes it, as text."""
    return JSONRenderer().render(document).decode("utf-8")


def page_documents(event_ids):
    """The rendered JSON objects of these events, in this order: stored ones read, missing ones computed."""
    stored = dict(EventExport.objects.filter(event_id__in=event_ids, format=FORMAT).values_list("event_id", "json"))
    missing = [pk for pk in event_ids if pk not in stored]
    computed = live_documents(missing) if missing else {}
    return [stored[pk] if pk in stored else rendered(computed[pk]) for pk in event_ids]


def csv_lines(rows):
    """The CSV lines of a chunk of (event id, stored line or None) rows, computing the missing ones."""
    missing = [pk for pk, stored in rows if stored is None]
    computed = live_csv_rows(missing) if missing else {}
    return [stored if stored is not None else computed[pk] for pk, stored in rows]


def csv_stream(queryset, header):
    """The public CSV of the queryset's events as UTF-8 byte chunks, from their stored lines."""
    yield ("\ufeff" + csv_line(header)).encode("utf-8")
    rows = queryset.with_ready_export(FORMAT).values_list("pk", "ready__csv_row").iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        yield "".join(csv_lines(chunk)).encode("utf-8")


# --- writing ------------------------------------------------------------------------------------


def _lock(event_ids):
    """Lock the events' rows, in id order (so two lockers never wait on each other); return the ids that exist."""
    return list(Event.objects.filter(pk__in=event_ids).order_by("pk").select_for_update().values_list("pk", flat=True))


def rebuild(event_ids=None, progress=None):
    """Write the current exports of these events (of every event when None); return how many were written."""
    if event_ids is None:
        event_ids = Event.objects.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=CHUNK_SIZE)
    ordered = sorted(set(event_ids))
    written = 0
    for start in range(0, len(ordered), CHUNK_SIZE):
        with transaction.atomic():
            ids = _lock(ordered[start : start + CHUNK_SIZE])
            documents, lines = live_documents(ids), live_csv_rows(ids)
            EventExport.objects.filter(event_id__in=ids).delete()
            EventExport.objects.bulk_create(
                EventExport(
                    event_id=pk,
                    format=FORMAT,
                    json=rendered(documents[pk]),
                    csv_row=lines[pk],
                )
                for pk in ids
            )
        written += len(ids)
        if progress:
            progress(written)
    return written


def stale_event_ids():
    """The events with no export written by this code."""
    current = EventExport.objects.filter(format=FORMAT).values("event_id")
    return Event.objects.exclude(pk__in=current).order_by("pk").values_list("pk", flat=True)


def rebuild_stale():
    """Write the exports that are missing or were written by other code (after `migrate`)."""
    # An event has one export row, so rewriting a stale event's replaces any row of other code.
    stale = list(stale_event_ids())
    if stale:
        rebuild(stale)


def invalidate(event_ids):
    """Delete these events' stored exports in the current transaction, and rebuild them once it commits."""
    ids = set(event_ids)
    if not ids or _paused:
        return
    with transaction.atomic():
        ids = set(_lock(ids)) | ids
        EventExport.objects.filter(event_id__in=ids).delete()
    _PendingRebuild.add(ids)


class _PendingRebuild:
    """The events a transaction invalidated, rebuilt in one pass once it commits."""

    def __init__(self):
        self.ids = set()
        self.done = False

    def __call__(self):
        self.done = True
        rebuild(self.ids)

    @classmethod
    def add(cls, ids):
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            rebuild(ids)
            return
        pending = getattr(connection, "_pending_event_exports", None)
        # A new one after a commit, and after a rollback, which drops its on-commit callbacks.
        registered = pending is not None and any(callback is pending for _, callback, _ in connection.run_on_commit)
        if not registered or pending.done:
            pending = connection._pending_event_exports = cls()
            # robust: the change itself has committed and its events are exported live meanwhile;
            # a failed rebuild is logged, not turned into an error for the person who saved.
            transaction.on_commit(pending, robust=True)
        pending.ids |= ids


_paused = False


@contextmanager
def paused():
    """No invalidation inside (a bulk load that rebuilds every export itself afterwards)."""
    global _paused
    previous, _paused = _paused, True
    try:
        yield
    finally:
        _paused = previous


# --- what each model's row shows in which events' exports ---------------------------------------


def _cited_events(citations):
    return Q(pk__in=citations.filter(content_type=ContentType.objects.get_for_model(Event)).values("object_id"))


_SHOWN_BY = {
    # An event's own fields, and its slug in its sessions' "parent".
    Event: lambda pk: Q(pk=pk) | Q(parent_id=pk),
    EventOrganisation: lambda pk: Q(pk__in=EventOrganisation.objects.filter(pk=pk).values("event_id")),
    EventParticipant: lambda pk: Q(pk__in=EventParticipant.objects.filter(pk=pk).values("event_id")),
    Citation: lambda pk: _cited_events(Citation.objects.filter(pk=pk)),
    # An event's fact notes, in its `provenance` member.
    FactNote: lambda pk: _cited_events(FactNote.objects.filter(pk=pk)),
    SourceDocument: lambda pk: _cited_events(Citation.objects.filter(source_id=pk)),
    Organisation: lambda pk: (
        Q(pk__in=EventOrganisation.objects.filter(organisation_id=pk).values("event_id"))
        | Q(pk__in=EventParticipant.objects.filter(organisation_id=pk).values("event_id"))
    ),
    Person: lambda pk: Q(pk__in=EventParticipant.objects.filter(person_id=pk).values("event_id")),
    Theme: lambda pk: Q(pk__in=Event.themes.through.objects.filter(theme_id=pk).values("event_id")),
    Country: lambda pk: Q(country_id=pk),
    Agreement: lambda pk: Q(agreement_id=pk),
    Study: lambda pk: Q(study_id=pk),
}


def events_showing(model, pk):
    """The ids of the events whose export shows this row, as the database holds it now."""
    return set(Event.objects.filter(_SHOWN_BY[model](pk)).values_list("pk", flat=True))


def _row_changes(sender, instance, **kwargs):
    # Before a save or delete (the events it showed) and after a save (the events it shows now).
    if instance.pk is not None and not _paused:
        invalidate(events_showing(sender, instance.pk))


def _themes_change(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:
        invalidate({instance.pk})
    elif action == "pre_clear":
        invalidate(events_showing(Theme, instance.pk))
    else:
        invalidate(pk_set)


def connect(app_config):
    """Connect the receivers (EventsConfig.ready)."""
    for model in _SHOWN_BY:
        # A deleted row's events are found before it goes (pre_delete); an event's own export
        # goes with it (CASCADE).
        for signal in (pre_save, post_save, pre_delete):
            signal.connect(_row_changes, sender=model, dispatch_uid=f"event_exports_{model._meta.label}_{id(signal)}")
    m2m_changed.connect(_themes_change, sender=Event.themes.through, dispatch_uid="event_exports_themes")
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="event_exports_migrate")


def _after_migrate(using, **kwargs):
    # Not after migrating backwards to before the table existed.
    if EventExport._meta.db_table in connections[using].introspection.table_names():
        rebuild_stale()
