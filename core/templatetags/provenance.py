"""Where each fact on a public page comes from, shown as an encyclopaedia does.

`{% fact_marks record "city" %}` puts beside a fact its numbered references ([1], [2]: each a link
to the quote below) and a mark for a fact outside the sources (†) or inferred (‡), linking to its
note. `{% references record %}` lists, once below, each source's title and then its quotes, each
quote numbered and followed by the facts it supports, then the notes. The numbers are the same in
both, because both read one ledger per record and page (`references_for`).

Reads `record.citations.all()` (with each citation's source) and `record.fact_notes.all()`:
prefetch them, as core.views.PublicDetailView does, to keep a page's query count constant.
"""

from dataclasses import dataclass, field

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from core import provenance

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

    sources: list
    notes: list
    numbers: dict  # fact key -> [quote numbers]
    note_marks: dict  # fact key -> [Note]

    def marks(self, key):
        return self.numbers.get(key, []), self.note_marks.get(key, [])


def _ledger(record, user):
    model = type(record)
    labels = {key: fact.label for key, fact in provenance.vocabulary(model).items()}
    sees_drafts = getattr(user, "is_staff", False)
    groups, quotes, numbers = {}, {}, {}
    for citation in record.citations.all():
        source = citation.source
        if not (source.is_published or sees_drafts):
            continue  # a draft source is not named to the public
        group = groups.setdefault(source.pk, SourceGroup(source))
        quote = quotes.get((source.pk, citation.quote))
        if quote is None:
            quote = quotes[source.pk, citation.quote] = Quote(len(quotes) + 1, citation.quote)
            group.quotes.append(quote)
        label = labels.get(citation.fact, citation.fact)
        if label not in quote.labels:
            quote.labels.append(label)
        for key in provenance.covers(model, [citation.fact]):
            numbers.setdefault(key, [])
            if quote.number not in numbers[key]:
                numbers[key].append(quote.number)
    notes, note_marks = [], {}
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
    return Ledger(list(groups.values()), notes, numbers, note_marks)


def references_for(record, user=None):
    """The record's ledger, built once per record object (a page renders one object per record)."""
    cache = record.__dict__.setdefault("provenance_ledgers", {})
    staff = bool(getattr(user, "is_staff", False))
    if staff not in cache:
        cache[staff] = _ledger(record, user)
    return cache[staff]


@register.simple_tag(takes_context=True)
def fact_marks(context, record, *keys):
    """The reference marks for the facts `keys` of `record`: [N] per quote, † or ‡ per note."""
    if record is None:
        return ""
    ledger = references_for(record, getattr(context.get("request"), "user", None))
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
