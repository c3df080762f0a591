"""The five source documents against the portal's records: every linked record found and matched right.

The registry is read from the database after `manage.py load_portal_data`, as the intake pages will read it.
"""

import pytest

from intake.snapshot import Snapshot
from intake.suggest import suggest

from .helpers import SOURCES, linked_records, names_of, plain

FILES = sorted(path.name for path in SOURCES.glob("*.txt"))

# The joint statement names its parties as "the member states of ASEAN"; the data file lists them from the
# ASEAN Charter (outside knowledge, said so in the record). No country name of theirs is in the text.
NOT_IN_THE_TEXT = {
    "003_574c6c3681e209dc.txt": {
        ("country", iso3) for iso3 in ("BRN", "KHM", "IDN", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")
    }
}

# Every date of each document, with the precision the text gives: no year is ever added.
DATES = {
    "000_d51ad02860d2fca6.txt": [("15 Dec", "--12-15", None)],
    "001_2d89edae75c0e3c5.txt": [("July 7", "--07-07", None)],
    "002_3c92728bb01ac018.txt": [
        ("7 July 2025", "2025-07-07", None),
        ("4 July 2025", "2025-07-04", None),
        ("2006", "2006", None),
        ("4 April 2025", "2025-04-04", None),
        ("4 April 2025", "2025-04-04", None),
    ],
    "003_574c6c3681e209dc.txt": [
        ("July 26, 2024", "2024-07-26", None),
        ("1998", "1998", None),
        ("2015", "2015", None),
        ("2021-2025", "2021", "2025"),
        ("2022-2025", "2022", "2025"),
    ],
    "004_d4589bf5409e4db6.txt": [
        ("May 9", "--05-09", None),
        ("2016-2030", "2016", "2030"),
        ("2016-2030", "2016", "2030"),
        ("May 23-27", "--05-23", "--05-27"),
    ],
}


@pytest.fixture
def registry(portal_records):
    return Snapshot.from_database()


def text_of(name):
    return (SOURCES / name).read_text(encoding="utf-8")


def test_the_snapshot_is_read_in_four_queries_whatever_the_registry_holds(portal_records, django_assert_num_queries):
    with django_assert_num_queries(4):
        snapshot = Snapshot.from_database()
    assert len(snapshot.people) == 11 and len(snapshot.organisations) == 24 and len(snapshot.countries) == 16


@pytest.mark.parametrize("name", FILES)
def test_every_record_the_portal_links_to_a_document_is_found_and_matched(registry, name):
    text = text_of(name)
    mentions = suggest(text, registry)
    matched = {(m.kind, m.match) for m in mentions if m.match}
    expected = linked_records()[name]
    absent = {(kind, key) for kind, key in expected if not _named_in(text, kind, key)}
    assert absent == NOT_IN_THE_TEXT.get(name, set())
    assert expected - absent - matched == set()


@pytest.mark.parametrize("name", FILES)
def test_every_date_keeps_its_precision(registry, name):
    dates = [(m.text, m.value, m.end_value) for m in suggest(text_of(name), registry) if m.kind == "date"]
    assert dates == DATES[name]


@pytest.mark.parametrize("name", FILES)
def test_with_only_countries_loaded_nine_in_ten_people_and_organisations_are_offered_as_new(registry, name):
    countries_only = Snapshot(countries=registry.countries, themes=registry.themes)
    mentions = suggest(text_of(name), countries_only)
    offered = {plain(m.text) for m in mentions if m.match is None} | {
        plain(n) for m in mentions if m.match is None for n in (m.name, m.acronym) if n
    }
    wanted = {(kind, key) for kind, key in linked_records()[name] if kind in ("person", "organisation")}
    found = {(kind, key) for kind, key in wanted if any(plain(n) in offered for n in names_of(kind, key))}
    assert len(found) * 10 >= len(wanted) * 9, sorted(wanted - found)


def _named_in(text, kind, key):
    """Whether any recorded name of the record, or of its country for a government, is in the text at all."""
    folded = plain(text)
    names = names_of(kind, key)
    names += [n.removeprefix("Government of ").removeprefix("the ") for n in names if n.startswith("Government of ")]
    return any(plain(n) in folded for n in names)
