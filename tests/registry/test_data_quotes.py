"""The data file read against its five source texts, without a database.

Every quote must stand verbatim in the part of the source file its document covers; every fact a
citation or a note names must be one its record can state (a field of its model, or "record"); and every
fact a top-level record shows must be cited, marked outside the sources, or inferred.
"""

import json

import pytest
from django.conf import settings

from events.models import Event, EventOrganisation, EventParticipant, Outcome
from registry.models import (
    Agreement,
    Country,
    KeyFigure,
    Organisation,
    Person,
    Programme,
    ProgrammeOrganisation,
    SourceDocument,
    Study,
    StudyPartner,
)

FIXTURES = settings.BASE_DIR / "fixtures"
DATA = json.loads((FIXTURES / "portal_data.json").read_text(encoding="utf-8"))

SECTIONS = {
    "countries": Country,
    "organisations": Organisation,
    "documents": SourceDocument,
    "people": Person,
    "agreements": Agreement,
    "studies": Study,
    "programmes": Programme,
    "events": Event,
}
# Rows nested in a record that carry citations of their own.
ROWS = {
    ("events", "organisations"): EventOrganisation,
    ("events", "participants"): EventParticipant,
    ("events", "outcomes"): Outcome,
    ("studies", "partners"): StudyPartner,
    ("programmes", "organisations"): ProgrammeOrganisation,
    ("organisations", "key_figures"): KeyFigure,
    ("programmes", "key_figures"): KeyFigure,
}
# Data keys that are not facts shown about the record: natural keys of the file, technical fields,
# the notes on dates (shown beside the date they explain), and nested rows checked on their own.
NOT_FACTS = {
    "slug",
    "file",
    "begins",
    "ends",
    "year_inferred",
    "date_note",
    "citations",
    "outside_sources",
    "inferred",
    "positions",
    "commitments",
    "organisations",
    "participants",
    "outcomes",
    "partners",
    "key_figures",
}


def document_texts():
    """Each document's exact text: its file, or the part of it from `begins` through `ends`."""
    texts = {}
    for entry in DATA["documents"]:
        whole = (FIXTURES / "sources" / entry["file"]).read_text(encoding="utf-8")
        start = whole.index(entry["begins"]) if "begins" in entry else 0
        stop = whole.index(entry["ends"]) + len(entry["ends"]) if "ends" in entry else len(whole)
        texts[entry["slug"]] = whole[start:stop]
    return texts


TEXTS = document_texts()


def vocabulary(model):
    """The fact keys a record of this model can be cited for: its fields and relations, and "record"."""
    return {field.name for field in model._meta.get_fields()} | {"record"}


def records():
    for section, model in SECTIONS.items():
        for entry in DATA[section]:
            yield section, model, entry


def rows():
    for (section, key), model in ROWS.items():
        for entry in DATA[section]:
            for row in entry.get(key, []):
                yield f"{section}/{entry.get('slug')}/{key}", model, row


def label(entry):
    return entry.get("slug") or entry.get("iso3")


def all_quotes():
    """(where, source slug, quote) for every citation, position and commitment text in the file."""
    found = []

    def walk(node, where):
        if isinstance(node, dict):
            for citation in node.get("citations", []):
                found.append((where, citation["source"], citation["quote"]))
            for position in node.get("positions", []):
                found.append((f"{where}/positions", position["source"], position["quote"]))
            for commitment in node.get("commitments", []):
                for text in commitment["texts"].values():
                    found.append((f"{where}/commitment {commitment['number']}", commitment["source"], text))
            for key, value in node.items():
                if key not in ("citations", "positions", "commitments"):
                    walk(value, f"{where}/{label(node) or key}")
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    walk(DATA, "")
    return found


def test_the_data_file_holds_quotes_to_check():
    assert len(all_quotes()) > 200


@pytest.mark.parametrize(("where", "source", "quote"), all_quotes())
def test_every_quote_is_verbatim_in_its_document(where, source, quote):
    assert source in TEXTS, f"{where}: unknown document {source}"
    assert quote.strip() and quote in TEXTS[source], f"{where}: not verbatim in {source}: {quote}"


def test_no_record_keeps_the_old_free_text_note():
    assert not [label(entry) for _, _, entry in records() if "outside_knowledge" in entry]


def test_every_fact_named_is_one_its_record_can_state():
    wrong = []
    for section, model, entry in records():
        known = vocabulary(model)
        named = [c.get("fact") for c in entry.get("citations", [])]
        named += [
            fact for key in ("outside_sources", "inferred") for note in entry.get(key, []) for fact in note["facts"]
        ]
        wrong += [f"{section}/{label(entry)}: {fact}" for fact in named if fact not in known]
    for where, model, row in rows():
        wrong += [
            f"{where}: {c.get('fact')}" for c in row.get("citations", []) if c.get("fact") not in vocabulary(model)
        ]
    assert not wrong


def test_every_note_says_where_the_fact_comes_from_or_why():
    for _, _, entry in records():
        for key in ("outside_sources", "inferred"):
            for note in entry.get(key, []):
                assert note["facts"] and note["note"].strip(), label(entry)


def shown_facts(model, entry):
    """The facts a record shows: its fields with a value (an empty field, or False, shows nothing)."""
    fields = vocabulary(model)
    return {
        key
        for key, value in entry.items()
        if key not in NOT_FACTS and key in fields and value not in (None, "", [], {}, False)
    }


def test_every_shown_fact_is_cited_outside_the_sources_or_inferred():
    unaccounted = []
    for section, model, entry in records():
        accounted = {c["fact"] for c in entry.get("citations", [])}
        accounted |= {
            f for key in ("outside_sources", "inferred") for note in entry.get(key, []) for f in note["facts"]
        }
        if "record" in accounted:
            accounted |= {"name", "title"}  # "record" stands for the record's existence and its name or title
        else:
            unaccounted.append(f"{section}/{label(entry)}: record")
        unaccounted += [f"{section}/{label(entry)}: {fact}" for fact in sorted(shown_facts(model, entry) - accounted)]
    assert not unaccounted, "\n".join(unaccounted)


def test_every_nested_row_is_cited():
    assert not [where for where, _, row in rows() if not row.get("citations")]


def test_a_misspelling_of_the_source_is_kept_apart_from_the_other_names():
    (person,) = [p for p in DATA["people"] if p["slug"] == "armida-salsiah-alisjahbana"]
    assert person["misspellings"] == ["Alisjashbana"]
    assert "Alisjashbana" not in person["other_names"]
    assert "Alisjashbana" in TEXTS["cmaa-requests-unescap-support-for-demining"]
