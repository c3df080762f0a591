"""Provenance per fact: which facts a record can cite, and whether each fact it shows is accounted for.

Every publishable model has a *vocabulary* of citable facts, each a key and a human label:
"record" (the record as a whole: its existence and its name or title), every shown concrete and
many-to-many field under its field name with its verbose_name as label, the rows inside the record
that carry their own citations (participants, outcomes…), and any named fact the model declares.
A field added later is citable at once under its name; a model leaves technical fields out with
`provenance_exclude` and adds named facts with `provenance_facts = {key: label}`.

A fact the record shows is *from the sources* (a citation names it), *outside the sources* or
*inferred* (a fact note covers it, with where it comes from or the reasoning); anything else is
*unaccounted*, and a record with an unaccounted fact cannot be published. An empty field is not a
shown fact.

This module only reads records: the Citation and FactNote models live in registry (every
publishable record's relations `citations` and `fact_notes`); core must not import them.
"""

import functools
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

RECORD = "record"

FROM_SOURCES = "from_sources"
OUTSIDE_SOURCES = "outside_sources"
INFERRED = "inferred"
UNACCOUNTED = "unaccounted"

# Never citable: how the portal stores and publishes a record rather than what it says.
TECHNICAL_FIELDS = frozenset(
    {
        "id",
        "slug",
        "status",
        "published_at",
        "published_by",
        "created_at",
        "updated_at",
        "text",
        "checksum",
        "year_inferred",  # how honest a date is: said by the date's own inferred note
        "date_note",
        "position",
        "origin_file",
        "content_type",
        "object_id",
    }
)

# Where a page that reads the citations of several records in one query leaves each record's own, as a
# list (registry's CitationQuerySet.attach_to, as Prefetch(to_attr=...) would); `citations_of` reads it.
ATTACHED_CITATIONS = "attached_citations"

# Which field a citation of the whole record also supports (its name or title), by model.
RECORD_FIELD_NAMES = ("title", "name")


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    kind: str = "field"  # "field", "many" (many-to-many), "rows" (related rows with their own citations), "named"


@dataclass
class FactStatus:
    """What a page or the API says about one shown fact."""

    key: str
    label: str
    status: str
    citations: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def note(self):
        return " ".join(note.note for note in self.notes)


def citations_of(record):
    """The record's citations: those its page attached (ATTACHED_CITATIONS), or else its `citations`
    relation (prefetch it to keep a page's query count constant)."""
    attached = getattr(record, ATTACHED_CITATIONS, None)
    return record.citations.all() if attached is None else attached


def _label(text):
    return str(capfirst(text))


@functools.cache
def vocabulary(model):
    """The citable facts of a model, key -> Fact, in the order the model declares its fields."""
    exclude = TECHNICAL_FIELDS | set(getattr(model, "provenance_exclude", ()))
    facts = {RECORD: Fact(RECORD, _label(_("the record itself (its existence and name)")), "named")}
    for model_field in model._meta.concrete_fields:
        if model_field.name in exclude or not model_field.editable:
            continue
        facts[model_field.name] = Fact(model_field.name, _label(model_field.verbose_name))
    for model_field in model._meta.many_to_many:
        if model_field.name not in exclude:
            facts[model_field.name] = Fact(model_field.name, _label(model_field.verbose_name), "many")
    for name in getattr(model, "provenance_rows", ()):
        related = model._meta.get_field(name).related_model
        facts[name] = Fact(name, _label(related._meta.verbose_name_plural), "rows")
    for key, label in getattr(model, "provenance_facts", {}).items():
        facts[key] = Fact(key, _label(label), "named")
    return facts


def fact_choices(model):
    """(key, label) pairs for a select of the model's facts."""
    return [(fact.key, fact.label) for fact in vocabulary(model).values()]


def fact_label(model, key):
    fact = vocabulary(model).get(key)
    return fact.label if fact else key


def unknown_facts(model, keys):
    """The keys that are not facts of the model, in the order given."""
    known = vocabulary(model)
    return [key for key in keys if key not in known]


def record_fields(model):
    """The fields a citation of the whole record supports: its title or name."""
    return [name for name in RECORD_FIELD_NAMES if name in vocabulary(model)]


def subject_models():
    """Every model whose records are published with provenance (registry.PublicRecord's subclasses)."""
    return [model for model in apps.get_models() if getattr(model, "provenance_subject", False)]


def _is_empty(model_field, value):
    if value is None or value == "" or value == [] or value == {}:
        return True
    # A flag left at its default off is not stated (a null-able one, such as "mine-affected", is when False).
    return isinstance(model_field, models.BooleanField) and not model_field.null and value is False


def shown_facts(record, values=None):
    """The keys of the facts the record shows: non-empty fields, many-to-many links and rows.

    `values` overrides stored values by field name (a form's cleaned data before it is saved;
    a many-to-many value is then a list or queryset of the chosen records). Many-to-many fields
    and rows are read through their managers, so prefetch them to keep the query count down.
    """
    values = values or {}
    model = type(record)
    shown = []
    for fact in vocabulary(model).values():
        if fact.kind == "named":
            continue
        if fact.kind == "field":
            model_field = model._meta.get_field(fact.key)
            value = values[fact.key] if fact.key in values else getattr(record, model_field.attname)
            if not _is_empty(model_field, value):
                shown.append(fact.key)
        elif fact.key in values:
            if len(values[fact.key]):
                shown.append(fact.key)
        elif record.pk is not None and len(getattr(record, fact.key).all()):
            shown.append(fact.key)
    # Named facts are shown when stated: a citation or fact note names them.
    named = {key for key, fact in vocabulary(model).items() if fact.kind == "named" and key != RECORD}
    if named:
        stated = {c.fact for c in citations_of(record)}
        for note in record.fact_notes.all():
            stated.update(note.facts)
        shown.extend(sorted(named & stated))
    return shown


def covers(model, keys):
    """The fact keys a citation or note naming `keys` accounts for: "record" covers the name or title too."""
    covered = set(keys)
    if RECORD in covered:
        covered.update(record_fields(model))
    return covered


def fact_statuses(record, values=None, shown=None):
    """key -> FactStatus for every fact the record shows (and "record" when it is cited or marked).

    Reads the record's citations (`citations_of`) and `record.fact_notes.all()` (prefetch them), and for rows
    facts whether every row carries a citation of its own (rows prefetched with their citations).
    """
    model = type(record)
    facts = vocabulary(model)
    shown = shown_facts(record, values) if shown is None else shown
    citations = list(citations_of(record))
    notes = list(record.fact_notes.all())
    result = {}
    for key in [RECORD, *shown]:
        cited = [c for c in citations if key in covers(model, [c.fact])]
        covering = [n for n in notes if key in covers(model, n.facts)]
        if cited:
            status = FROM_SOURCES
        elif covering:
            status = OUTSIDE_SOURCES if any(n.kind == OUTSIDE_SOURCES for n in covering) else INFERRED
        elif facts[key].kind == "rows" and _rows_cited(record, key):
            status = FROM_SOURCES
        elif key == RECORD:
            continue  # the record itself is accounted for by its name or title
        else:
            status = UNACCOUNTED
        result[key] = FactStatus(key, facts[key].label, status, cited, covering)
    return result


def _rows_cited(record, name):
    """Whether every row is cited: by citations of its own, or by the quote it carries (a person's position)."""
    rows = list(getattr(record, name).all())
    return bool(rows) and all(_row_cited(row) for row in rows)


def _row_cited(row):
    if _has_citations(type(row)):
        return bool(len(citations_of(row)))
    return bool(getattr(row, "quote", ""))


def _has_citations(model):
    return any(f.name == "citations" for f in model._meta.get_fields())


def unaccounted_facts(record, values=None):
    """The keys of the shown facts that are neither cited nor marked outside the sources or inferred."""
    return [key for key, status in fact_statuses(record, values).items() if status.status == UNACCOUNTED]


def describe_unaccounted(record, keys):
    """One plain sentence naming the record and its unaccounted facts by their labels."""
    labels = ", ".join(f"“{fact_label(type(record), key)}”" for key in keys)
    return str(
        _("%(kind)s “%(record)s” shows facts neither cited nor marked outside the sources: %(facts)s.")
        % {"kind": capfirst(type(record)._meta.verbose_name), "record": record, "facts": labels}
    )


def provenance_prefetches(model):
    """The prefetch_related lookups fact_statuses reads for a model's records."""
    lookups = ["citations", "fact_notes"]
    for fact in vocabulary(model).values():
        if fact.kind == "many":
            lookups.append(fact.key)
        elif fact.kind == "rows":
            lookups.append(fact.key)
            if _has_citations(model._meta.get_field(fact.key).related_model):
                lookups.append(f"{fact.key}__citations")
    return lookups


def report():
    """Per model, how the facts of its published records stand, and every published record with a gap.

    {"models": [{"model", "label", "records", "from_sources", "outside_sources", "inferred", "unaccounted"}],
     "unaccounted": [{"model", "record", "slug", "url", "facts": [{"key", "label"}]}]}
    Facts of drafts are not counted: they are not shown to anyone outside the staff.
    """
    rows, gaps = [], []
    for model in sorted(subject_models(), key=lambda m: m._meta.label):
        counts = dict.fromkeys((FROM_SOURCES, OUTSIDE_SOURCES, INFERRED, UNACCOUNTED), 0)
        records = model.objects.published().prefetch_related(*provenance_prefetches(model)).order_by("pk")
        total = 0
        for record in records:
            total += 1
            statuses = fact_statuses(record)
            for status in statuses.values():
                counts[status.status] += 1
            missing = [status for status in statuses.values() if status.status == UNACCOUNTED]
            if missing:
                gaps.append(
                    {
                        "model": model._meta.label,
                        "record": str(record),
                        "slug": getattr(record, "slug", str(record.pk)),
                        "url": record.get_absolute_url() if hasattr(record, "get_absolute_url") else "",
                        "facts": [{"key": status.key, "label": status.label} for status in missing],
                    }
                )
        rows.append(
            {"model": model._meta.label, "label": str(capfirst(model._meta.verbose_name_plural)), "records": total}
            | counts
        )
    return {"models": rows, "unaccounted": gaps}


def _field_shown(model, key, record):
    model_field = model._meta.get_field(key)
    return not _is_empty(model_field, getattr(record, model_field.attname))


def api_member(record, citations, notes):
    """The API's `provenance` member: {fact key: {"status", "label", "citations": [{source, quote}], "note"}}.

    `citations` are dicts with "fact", "source" (slug) and "quote"; `notes` are (kind, facts, note)
    triples: plain data, so an export built from prepared rows (events) and one built from model
    instances give the same shape. The facts are the record's non-empty fields, and its links and
    rows that a citation or note names (telling an empty link from a missing one would cost a
    query per record; the publishing gate and provenance_report check those).
    """
    model = type(record)
    facts = vocabulary(model)
    cited, noted = {}, {}
    for citation in citations:
        for key in covers(model, [citation["fact"]]):
            cited.setdefault(key, []).append({"source": citation["source"], "quote": citation["quote"]})
    for kind, keys, text in notes:
        for key in covers(model, keys):
            noted.setdefault(key, []).append((kind, text))
    member = {}
    for key, fact in facts.items():
        if fact.kind == "field":
            if not _field_shown(model, key, record):
                continue
        elif key not in cited and key not in noted:
            continue
        if key in cited:
            status = FROM_SOURCES
        elif key in noted:
            kinds = {kind for kind, _text in noted[key]}
            status = OUTSIDE_SOURCES if OUTSIDE_SOURCES in kinds else INFERRED
        else:
            status = UNACCOUNTED
        note = " ".join(text for _kind, text in noted.get(key, ())) or None
        member[key] = {"status": status, "label": fact.label, "citations": cited.get(key, []), "note": note}
    return member


def not_from_sources(record, cited_keys, noted_keys):
    """The keys of the facts a record shows that no citation supports (outside, inferred or unaccounted)."""
    model = type(record)
    cited = covers(model, cited_keys)
    noted = covers(model, noted_keys)
    keys = []
    for key, fact in vocabulary(model).items():
        shown = _field_shown(model, key, record) if fact.kind == "field" else key in noted and key != RECORD
        if shown and key not in cited:
            keys.append(key)
    return keys
