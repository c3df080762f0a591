"""manage.py load_portal_data: load the records the five source documents state, each with its citations."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from armac_portal.loading import DataError, load_portal_data

DEFAULT_DATA = settings.BASE_DIR / "fixtures" / "portal_data.json"


class Command(BaseCommand):
    """Load fixtures/portal_data.json in one transaction; a second load changes nothing.

    Records are created or updated by slug (or ISO code) and saved only when a value differs.
    Bad data (a quote not in its document, an unknown reference, a broken date) stops the load
    with one sentence and leaves the database as it was.
    """

    help = "Load the source-cited records of fixtures/portal_data.json (safe to repeat)."

    def add_arguments(self, parser):
        parser.add_argument("--data", default=str(DEFAULT_DATA), help="The data file (default: %(default)s).")
        parser.add_argument(
            "--sources",
            default=None,
            help="The folder of source files (default: sources/ beside the data file).",
        )

    def handle(self, *args, data, sources, **options):
        try:
            stats = load_portal_data(data, sources)
        except DataError as error:
            raise CommandError(str(error)) from None
        if not stats:
            self.stdout.write("The records are already up to date; nothing changed.")
            return
        for line in sorted(stats):
            self.stdout.write(f"{line}: {stats[line]}")
        self.stdout.write(self.style.SUCCESS("Loaded the records of the source documents."))
