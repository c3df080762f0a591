"""`manage.py provenance_report [--format json]`: how every published fact stands, and which have no source."""

import json

from django.core.management.base import BaseCommand, CommandError

from core import provenance


class Command(BaseCommand):
    help = (
        "Count, per kind of record, the published facts cited, outside the sources, inferred and unaccounted, "
        "and list each published record with an unaccounted fact. Exits non-zero when there is one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")

    def handle(self, *args, **options):
        result = provenance.report()
        if options["format"] == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            self.write_text(result)
        if result["unaccounted"]:
            first = result["unaccounted"][0]
            raise CommandError(
                f"{len(result['unaccounted'])} published record(s) show a fact neither cited nor marked, "
                f"first {first['model']} “{first['slug']}”: {', '.join(f['key'] for f in first['facts'])}."
            )

    def write_text(self, result):
        columns = ("records", provenance.FROM_SOURCES, provenance.OUTSIDE_SOURCES, provenance.INFERRED)
        header = f"{'model':<24}" + "".join(f"{name:>17}" for name in (*columns, provenance.UNACCOUNTED))
        self.stdout.write(header)
        for row in result["models"]:
            figures = "".join(f"{row[name]:>17}" for name in (*columns, provenance.UNACCOUNTED))
            self.stdout.write(f"{row['model']:<24}{figures}")
        for gap in result["unaccounted"]:
            facts = ", ".join(f"{fact['key']} ({fact['label']})" for fact in gap["facts"])
            self.stdout.write(f"UNACCOUNTED {gap['model']} “{gap['slug']}”: {facts}")
        if not result["unaccounted"]:
            self.stdout.write(
                "Every fact of every published record is cited, or marked outside the sources or inferred."
            )
