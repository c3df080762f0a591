"""Where each fact on a public page comes from, shown as an encyclopaedia does.

`{% fact_marks record "city" %}` puts beside a fact its numbered references ([1], [2]: each a link
to the quote below) and a mark for a fact outside the sources (†) or inferred (‡), linking to its
note. `{% references record %}` lists, once below, each source's title and then its quotes, each
quote numbered and followed by the facts it supports, then the notes. The numbers are the same in
both, because both read one ledger per record and page (`references_for`).

Reads each record's citations with their sources (core.provenance.citations_of: attached by the page, or
`record.citations.all()`) and `record.fact_notes.all()`: prefetch them, as core.views.PublicDetailView
does, to keep a page's query count constant.
"""

from dataclasses import dataclass, field

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from core import provenance
from core.visibility import sees_drafts, shown

register = template.Library()

MARKS = {provenance.OUTSIDE_SOURCES: "†", provenance.INFERRED: "‡"}


@dataclass
class Quote:
    number: int
    text: str
    labels: list = field(default_factory=list)


@dataclass
class SourceGroup:
    source: object
    quotes: list = field(default_factory=list)


@dataclass
class Note:
    number: int
    kind: str
    mark: str
    kind_label: str
    labels: list
    text: str


@dataclass
class Ledger:
    """The references of one record on one page: numbered quotes grouped by source, and the notes."""

    sees_drafts: bool
    groups: dict = field(default_factory=dict)  # source pk -> SourceGroup, in order of first use
    quotes: dict = field(default_factory=dict)  # (source pk, quote) -> Quote
    numbers: dict = field(default_factory=dict)  # fact key, or (row model, row pk) -> [quote numbers]
    notes: list = field(default_factory=list)
    note_marks: dict = field(default_factory=dict)  # fact key -> [Note]

    @property
    def sources(self):
        return list(self.groups.values())

    def add(self, citation, label, keys):
        """Number the citation's quote (once per source and passage) and tie it to `keys`."""
        source = shown(citation.source, self.sees_drafts)
        if source is None:
            return  # a source the reader may not see is not named (core.visibility)
        group = self.groups.setdefault(source.pk, SourceGroup(source))
        quote = self.quotes.get((source.pk, citation.quote))
        if quote is None:
            quote = self.quotes[source.pk, citation.quote] = Quote(len(self.quotes) + 1, citation.quote)
            group.quotes.append(quote)
        if label not in quote.labels:
            quote.labels.append(label)
        for key in keys:
            numbers = self.numbers.setdefault(key, [])
            if quote.number not in numbers:
                numbers.append(quote.number)

    def marks(self, key):
        return self.numbers.get(key, []), self.note_marks.get(key, [])

    def add_row(self, row, rows_label):
        """A row inside the record (a participant, a partner…) with its own citations, numbered on first use."""
        key = (type(row), row.pk)
        if key not in self.numbers:
            self.numbers[key] = []
            for citation in provenance.citations_of(row):
                self.add(citation, f"{rows_label}: {row}", [key])
        return key


def _ledger(record, user):
    model = type(record)
    labels = {key: fact.label for key, fact in provenance.vocabulary(model).items()}
    ledger = Ledger(sees_drafts=sees_drafts(user))
    for citation in provenance.citations_of(record):
        ledger.add(citation, labels.get(citation.fact, citation.fact), provenance.covers(model, [citation.fact]))
    notes, note_marks = ledger.notes, ledger.note_marks
    for index, fact_note in enumerate(record.fact_notes.all(), start=1):
        note = Note(
            index,
            fact_note.kind,
            MARKS.get(fact_note.kind, "*"),
            fact_note.get_kind_display(),
            [labels.get(key, key) for key in fact_note.facts],
            fact_note.note,
        )
        notes.append(note)
        for key in provenance.covers(model, fact_note.facts):
            note_marks.setdefault(key, []).append(note)
    return ledger


def references_for(record, user=None):
    """The record's ledger, built once per record object (a page renders one object per record)."""
    cache = record.__dict__.setdefault("provenance_ledgers", {})
    staff = sees_drafts(user)
    if staff not in cache:
        cache[staff] = _ledger(record, user)
    return cache[staff]


@register.simple_tag(takes_context=True)
def fact_marks(context, record, *keys):
    """The reference marks for the facts `keys` of `record`: [N] per quote, † or ‡ per note."""
    if record is None:
        return ""
    ledger = references_for(record, getattr(context.get("request"), "user", None))
    return _marks(ledger, keys)


@register.simple_tag(takes_context=True)
def row_marks(context, record, rows_key, row):
    """The reference marks of a row inside the record (`rows_key` names the rows, e.g. "participants").

    The row's own citations join the record's references below; the row is marked too when the
    record cites or marks the rows as a whole (that mark sits beside the section's heading).
    """
    ledger = references_for(record, getattr(context.get("request"), "user", None))
    fact = provenance.vocabulary(type(record)).get(rows_key)
    key = ledger.add_row(row, fact.label if fact else rows_key)
    return _marks(ledger, [key])


def _marks(ledger, keys):
    numbers, notes = [], []
    for key in keys:
        found_numbers, found_notes = ledger.marks(key)
        numbers += [n for n in found_numbers if n not in numbers]
        notes += [n for n in found_notes if n not in notes]
    citations = format_html_join(
        "",
        '<sup class="ref"><a href="#ref-{}" aria-label="{}">[{}]</a></sup>',
        ((n, _("Source quote %(n)s") % {"n": n}, n) for n in sorted(numbers)),
    )
    marks = format_html_join(
        "",
        '<sup class="ref fact-note fact-note-{}"><a href="#note-{}" title="{}">{}</a></sup>',
        ((note.kind, note.number, f"{note.kind_label}: {note.text}", note.mark) for note in notes),
    )
    return format_html("{}{}", citations, marks)


@register.inclusion_tag("includes/references.html", takes_context=True)
def references(context, record):
    """The list below the page: each source's title once, then its numbered quotes and the facts they support."""
    request = context.get("request")
    ledger = references_for(record, getattr(request, "user", None))
    return {"ledger": ledger, "request": request}
