"""manage.py suggest_records PATH [--format json]: the records a document mentions, stored nowhere."""

import json
import sys

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from intake.extract import ExtractionRefused, text_from_path
from intake.mentions import MentionKind
from intake.snapshot import Snapshot
from intake.suggest import suggest


class Command(BaseCommand):
    """Print the suggestions for a .txt, .html, .docx or .pdf file against the registry; nothing is stored.

    Offsets index the text as intake would store it (for a .txt file, the file's text unchanged), so
    every mention's `text == document[start:end]`. JSON: {"mentions": [{kind, text, start, end, match,
    value, end_value, ...}]}. A file that cannot be taken exits with status 2 and one sentence on stderr.
    """

    help = "Print the people, organisations, countries, themes, dates and figures a document mentions."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .txt, .html, .docx or .pdf file.")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="Output format (default: text).")

    def handle(self, *args, path, format, **options):
        try:
            document = text_from_path(path)
            mentions = suggest(document, Snapshot.from_database())
        except ExtractionRefused as error:
            self._refuse(str(error))
        except DatabaseError as error:
            self._refuse(f"The registry could not be read ({str(error).strip().splitlines()[0]}).")
        if format == "json":
            self.stdout.write(json.dumps({"mentions": [m.as_json() for m in mentions]}, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(_table(mentions))

    def _refuse(self, sentence):
        self.stderr.write(sentence)
        sys.exit(2)


def _table(mentions):
    """One line per mention: where, what kind, the passage, and what it is matched or would be."""
    if not mentions:
        return "No mentions found."
    lines = [f"{'where':>13}  {'kind':<12}  {'text':<42}  match / suggestion"]
    for mention in mentions:
        passage = " ".join(mention.text.split())
        passage = passage if len(passage) <= 42 else passage[:41] + "…"
        if mention.kind in (MentionKind.DATE, MentionKind.FIGURE):
            what = str(mention.value) + (f" – {mention.end_value}" if mention.end_value else "")
            if mention.kind == MentionKind.FIGURE:
                what = " ".join(filter(None, [mention.qualifier, what, mention.unit]))
        elif mention.match:
            what = f"{mention.match} ({mention.how})"
        else:
            label = mention.name or mention.acronym
            if mention.name and mention.acronym:
                label = f"{mention.name} ({mention.acronym})"
            what = f"new: {label}" + (f" [{mention.how}]" if mention.how not in ("new", "") else "")
        lines.append(f"{mention.start:>6}–{mention.end:<6}  {mention.kind:<12}  {passage:<42}  {what}")
    return "\n".join(lines)
