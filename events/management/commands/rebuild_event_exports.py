"""Rewrite every event's stored export, or check them against the records (events.exports)."""

import json

from django.core.management.base import BaseCommand, CommandError

from events import exports
from events.models import Event, EventExport


class Command(BaseCommand):
    """`rebuild_event_exports` rewrites every stored export; `--check` only compares them with the records.

    The portal keeps the exports in step on its own (every save, delete and `migrate`); this is
    for a database written behind its back (raw SQL, QuerySet.update()) and for monitoring.
    """

    help = "Rewrite every event's stored public export (JSON and CSV), or --check them against the records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit non-zero if a stored export is missing or differs from its records.",
        )

    def handle(self, *args, check=False, **options):
        if not check:
            written = exports.rebuild(progress=self.progress if options["verbosity"] >= 2 else None)
            self.stdout.write(f"Wrote the exports of {written:,} events.")
            return
        stale = self.differing()
        total = Event.objects.count()
        if stale:
            shown = ", ".join(map(str, stale[:10])) + (" …" if len(stale) > 10 else "")
            raise CommandError(
                f"{len(stale):,} of {total:,} events have a missing or outdated stored export (ids {shown}); "
                "run manage.py rebuild_event_exports."
            )
        self.stdout.write(f"The stored exports of all {total:,} events match their records.")

    def differing(self):
        """The ids of the events whose stored export is missing or not what their records give now."""
        differing = []
        ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), exports.CHUNK_SIZE):
            chunk = ids[start : start + exports.CHUNK_SIZE]
            stored = {
                row.event_id: row
                for row in EventExport.objects.filter(
                    event_id__in=chunk, version=exports.EXPORT_VERSION, stale=False, text__isnull=False
                ).select_related("text")
            }
            documents, lines = exports.live_documents(chunk), exports.live_csv_rows(chunk)
            for pk in chunk:
                row = stored.get(pk)
                if row is None or json.loads(row.text.json) != documents[pk] or row.text.csv_row != lines[pk]:
                    differing.append(pk)
        return differing

    def progress(self, written):
        self.stdout.write(f"  {written:,} written")
