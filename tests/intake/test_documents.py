"""Documents nobody here wrote the engine for: press releases and news in other styles (see documents/*.json).

Each document's JSON lists every person, organisation and country it names, its dates and figures, and
capitalised words that must not be read as people. They are read with only the portal's countries and
themes loaded, so every person and organisation must be found as a new-record suggestion.
"""

import json

import pytest

from intake.mentions import MatchHow
from intake.snapshot import PersonRecord, Snapshot
from intake.suggest import suggest
from intake.tokens import tokenize

from .helpers import DOCUMENTS, fixture_snapshot, plain

NAMES = sorted(path.stem for path in DOCUMENTS.glob("*.txt"))


def load(name):
    text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8"))
    return text, expected, suggest(text, fixture_snapshot(records=False))


def person_key(name):
    return sorted(t.norm for t in tokenize(name))


@pytest.mark.parametrize("name", NAMES)
def test_every_person_is_offered_as_a_new_record(name):
    _, expected, mentions = load(name)
    offered = [person_key(m.name) for m in mentions if m.kind == "person" and m.how == MatchHow.NEW]
    assert [p for p in expected["people"] if person_key(p) not in offered] == []


@pytest.mark.parametrize("name", NAMES)
def test_every_organisation_is_offered_as_a_new_record(name):
    _, expected, mentions = load(name)
    offered = {plain(n) for m in mentions if m.kind == "organisation" for n in (m.text, m.name, m.acronym) if n}
    assert [o for o in expected["organisations"] if plain(o) not in offered] == []


@pytest.mark.parametrize("name", NAMES)
def test_every_country_is_found(name):
    _, expected, mentions = load(name)
    assert {m.match or m.acronym for m in mentions if m.kind == "country"} >= set(expected["countries"])


@pytest.mark.parametrize("name", NAMES)
def test_dates_and_figures_are_read_as_stated(name):
    _, expected, mentions = load(name)
    assert [[m.text, m.value, m.end_value] for m in mentions if m.kind == "date"] == expected["dates"]
    assert [[m.text, m.value, m.unit] for m in mentions if m.kind == "figure"] == expected["figures"]


@pytest.mark.parametrize("name", NAMES)
def test_no_false_people(name):
    _, expected, mentions = load(name)
    people = {plain(m.text) for m in mentions if m.kind == "person"}
    assert [w for w in expected["not_people"] if plain(w) in people] == []
    wanted = {plain(word) for person in expected["people"] for word in person.split()}
    assert [m.text for m in mentions if m.kind == "person" and not set(plain(m.text).split()) <= wanted] == []


def test_a_person_the_registry_holds_is_matched_in_another_document_style():
    text, _, _ = load("indonesia_armac_training_uk_style")
    registry = Snapshot(
        people=(PersonRecord("rothna-buth", "Rothna Buth", ("Buth Rothna",), "Ms"),),
        countries=fixture_snapshot(records=False).countries,
    )
    assert {m.match for m in suggest(text, registry) if m.kind == "person" and "Buth" in m.text} == {"rothna-buth"}
