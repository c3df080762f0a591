"""Fill the database with deterministic synthetic records at a chosen scale, or remove them again."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from armac_portal.sample_data import SampleDataError, generate_sample_data, remove_sample_data


class Command(BaseCommand):
    """`generate_sample_data --events N [--seed S]` makes synthetic records; `--remove` deletes exactly them.

    For N events it makes about N/5 organisations, 2N people, 10N participations, N/20 agreements
    and N/20 studies, with themes, organisation roles and citations of synthetic source documents.
    Every synthetic record's slug starts with "synthetic-".
    """

    help = "Make deterministic synthetic records for N events (--events N), or remove them (--remove)."

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--events", type=str, metavar="N", help="How many synthetic events to make.")
        action.add_argument("--remove", action="store_true", help="Delete every synthetic record, and only those.")
        parser.add_argument("--seed", type=int, default=1, help="The random seed; the same seed gives the same data.")

    def handle(self, *args, events=None, remove=False, seed=1, **options):
        started = time.perf_counter()
        self.verbosity = options["verbosity"]
        if remove:
            try:
                deleted = remove_sample_data()
            except DatabaseError as error:
                raise CommandError(f"The synthetic records could not be removed: {error}".strip()) from error
            total = sum(deleted.values())
            self.stdout.write(f"Removed {total:,} synthetic rows in {time.perf_counter() - started:.1f} s.")
            return
        try:
            number = int(events.replace("_", "").replace(",", ""))
        except ValueError:
            raise CommandError(f"--events needs a whole number, not “{events}”.") from None
        try:
            counts = generate_sample_data(number, seed=seed, progress=self.progress)
        except SampleDataError as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"Made {total:,} synthetic rows for {number:,} events in {elapsed:.1f} s (seed {seed}).")
        )

    def progress(self, message):
        if self.verbosity >= 1:
            self.stdout.write(f"  {message}")
