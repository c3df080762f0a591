"""Snapshots built from the portal's data file, and what the data file links to each source document."""

import json
from collections import defaultdict

from django.conf import settings

from intake.snapshot import CountryRecord, OrganisationRecord, PersonRecord, Snapshot, ThemeRecord
from intake.tokens import fold

FIXTURES = settings.BASE_DIR / "fixtures"
SOURCES = FIXTURES / "sources"
DOCUMENTS = settings.BASE_DIR / "tests" / "intake" / "documents"


def portal_data():
    return json.loads((FIXTURES / "portal_data.json").read_text(encoding="utf-8"))


def fixture_snapshot(*, records=True):
    """The data file's records as a snapshot; with records=False only its countries and themes."""
    data = portal_data()
    countries = tuple(CountryRecord(c["iso3"], c["name"], tuple(c.get("other_names", []))) for c in data["countries"])
    themes = tuple(ThemeRecord(t["slug"], t["name"]) for t in data["themes"])
    if not records:
        return Snapshot(countries=countries, themes=themes)
    return Snapshot(
        people=tuple(
            PersonRecord(p["slug"], p["name"], tuple(p.get("other_names", [])), p.get("honorific", ""))
            for p in data["people"]
        ),
        organisations=tuple(
            OrganisationRecord(o["slug"], o["name"], o.get("acronym", ""), tuple(o.get("other_names", [])))
            for o in data["organisations"]
        ),
        countries=countries,
        themes=themes,
    )


_REFERENCES = {
    "person": "person",
    "organisation": "organisation",
    "country": "country",
    "party": "organisation",
    "lead_organisation": "organisation",
    "place_country": "country",
}


def linked_records():
    """{source file: {(kind, slug or ISO code)}}: every person, organisation and country the data file ties to it.

    A record is tied to a document when it is cited from it, when a row naming it (position, participant,
    party, signatory, partner, role) is cited from it, when a record cited from it names it (a study's
    lead organisation, an agreement's place), or when it publishes it.
    """
    data = portal_data()
    links = defaultdict(set)

    def sources(entry):
        found = {c["source"] for c in entry.get("citations", []) if isinstance(c, dict) and "source" in c}
        if isinstance(entry.get("source"), str):
            found.add(entry["source"])
        return found

    def walk(entry, inherited):
        own = sources(entry) or inherited
        for key, value in entry.items():
            if key in _REFERENCES and isinstance(value, str) and value:
                for source in own:
                    links[source].add((_REFERENCES[key], value))
            if key == "countries" and isinstance(value, list):
                for source in own:
                    links[source].update(("country", code) for code in value)
            if isinstance(value, list) and key != "citations":
                for row in value:
                    if isinstance(row, dict):
                        walk(row, own)

    for section, key, kind in (
        ("countries", "iso3", "country"),
        ("organisations", "slug", "organisation"),
        ("people", "slug", "person"),
    ):
        for entry in data[section]:
            for source in sources(entry):
                links[source].add((kind, entry[key]))
            walk(entry, sources(entry))
    for section in ("agreements", "studies", "programmes", "events"):
        for entry in data[section]:
            walk(entry, sources(entry))
    for document in data["documents"]:
        for publisher in document.get("publishers", []):
            links[document["slug"]].add(("organisation", publisher))
    by_file = defaultdict(set)
    for document in data["documents"]:
        by_file[document["file"]] |= links[document["slug"]]
    return dict(by_file)


def names_of(kind, key):
    """Every way the data file writes a record's name (and its acronym)."""
    data = portal_data()
    section, field = {
        "person": ("people", "slug"),
        "organisation": ("organisations", "slug"),
        "country": ("countries", "iso3"),
    }[kind]
    entry = next(e for e in data[section] if e[field] == key)
    names = [entry["name"], *entry.get("other_names", [])]
    if entry.get("acronym"):
        names.append(entry["acronym"])
    return names


def plain(text):
    return " ".join(fold(text).replace("’", "'").replace(".", " ").replace("-", " ").split())
