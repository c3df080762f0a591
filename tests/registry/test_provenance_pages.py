"""Provenance shown where each fact is shown: numbered references, marks for facts outside the sources,
the API's `provenance` member, the CSV's `facts_not_from_sources` and JSON-LD stating only cited facts."""

import csv
import io
import json
import re

import pytest

from core import provenance
from registry.models import FactNoteKind, KeyFigure, Organisation, Programme
from tests import factories as f

pytestmark = pytest.mark.django_db


def _text(response):
    return response.content.decode()


def test_an_event_page_marks_each_cited_fact_and_lists_the_quotes_once_per_source(client):
    source = f.make_source(text="The workshop gathered 56 participants in Ha Noi. It was held on 4 April 2025.")
    event = f.make_event(participant_count=56, city="Ha Noi")
    f.cite(event, source=source, quote="56 participants", fact="participant_count")
    f.cite(event, source=source, quote="in Ha Noi", fact="city")
    f.cite(event, source=source, quote="in Ha Noi", fact="record")
    html = _text(client.get(event.get_absolute_url()))
    # The number beside the fact links to the quote below, which says which facts it supports, by label.
    mark = re.search(r'<dd>56<sup class="ref"><a href="#ref-(\d)"[^>]*>\[\1\]</a></sup></dd>', html)
    assert mark, "the participant count carries its reference"
    number = mark.group(1)
    item = re.search(rf'<li id="ref-{number}" value="{number}">(.*?)</li>', html, re.S).group(1)
    assert "56 participants" in item and "Supports: Participant count" in item
    assert html.count(f">{source.title}</a></h3>") == 1  # the source's title once, not under every quote
    assert "Supports: City; The record itself" in html  # one quote supporting two facts is listed once
    assert "participant_count" not in html.split('id="sources-heading"')[1]


def test_a_fact_outside_the_sources_carries_a_visible_mark_and_its_note(client):
    country = f.make_country(mine_affected=True)
    f.note_facts(country, ["mine_affected"], note="Landmine Monitor 2024")
    f.note_facts(country, ["other_names"], kind=FactNoteKind.INFERRED, note="The short form.")
    html = _text(client.get(country.get_absolute_url()))
    assert re.search(
        r'yes<sup class="ref fact-note fact-note-outside_sources"><a href="#note-(\d)"[^>]*>†</a></sup>', html
    )
    number = re.search(r'yes<sup class="ref fact-note[^"]*"><a href="#note-(\d)"', html).group(1)
    assert re.search(rf'<li id="note-{number}" class="fact-note-outside_sources">.*Outside the sources.*Affected', html)
    assert re.search(r'<li id="note-\d" class="fact-note-inferred">.*Inferred', html)
    assert "Landmine Monitor 2024" in html


def test_a_draft_source_is_not_named_to_the_public(client):
    event = f.make_event()
    draft = f.make_source(status="draft")
    f.cite(event, source=draft, fact="title")
    assert draft.title not in _text(client.get(event.get_absolute_url()))


def test_the_source_page_names_the_facts_it_supports_by_label(client):
    source = f.make_source()
    event = f.make_event()
    f.cite(event, source=source, fact="participant_count")
    html = _text(client.get(source.get_absolute_url()))
    assert "(Participant count)" in html and "(participant_count)" not in html


def test_a_source_page_leaves_out_what_it_supports_inside_records_the_reader_may_not_see(client, django_user_model):
    """A citation of a row (a participation, a partner) is shown by the rule of the row itself: a row of a
    draft event, or one naming a draft person, is as hidden from the public as the draft."""
    source = f.make_source(
        text="Ms Lan spoke at the closed meeting. Mr Binh was not yet announced. The workshop was public. "
        "The plan cleared 40 hectares."
    )
    draft_event = f.make_event(status="draft")
    f.cite(f.add_participant(draft_event), source=source, quote="Ms Lan spoke at the closed meeting")
    public_event = f.make_event()
    unannounced = f.add_participant(public_event, person=f.make_person(status="draft"))
    f.cite(unannounced, source=source, quote="Mr Binh was not yet announced")
    f.cite(f.add_organisation(public_event), source=source, quote="The workshop was public")
    draft_programme = f.make_programme(status="draft")
    f.cite(f.add_key_figure(draft_programme), source=source, quote="The plan cleared 40 hectares")

    html = _text(client.get(source.get_absolute_url()))
    assert "1 passage cited by the portal is highlighted." in html
    assert "The workshop was public" in html.split('class="citations"')[1]
    assert "closed meeting" not in html.split('class="citations"')[1]
    assert "not yet announced" not in html.split('class="citations"')[1]
    assert "40 hectares" not in html.split('class="citations"')[1]
    assert "Supports: Participant" not in html

    staff = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    client.force_login(staff)
    html = _text(client.get(source.get_absolute_url()))
    assert "4 passages cited by the portal are highlighted." in html
    assert "40 hectares" in html.split('class="citations"')[1]
    assert html.split('class="citations"')[1].count("Supports: Participant") == 2


def test_the_api_gives_each_record_the_status_of_each_fact_it_shows(client):
    source = f.make_source()
    country = f.make_country(mine_affected=True)
    f.cite(country, source=source, quote=source.text[:20], fact="name")
    f.note_facts(country, ["mine_affected"], note="Landmine Monitor")
    member = client.get(f"/api/v1/countries/{country.iso3}/").json()["provenance"]
    assert member["name"] == {
        "status": "from_sources",
        "label": "Name",
        "citations": [{"source": source.slug, "quote": source.text[:20]}],
        "note": None,
    }
    assert member["mine_affected"]["status"] == "outside_sources"
    assert member["mine_affected"]["note"] == "Landmine Monitor"
    assert member["iso2"]["status"] == "unaccounted"
    assert "slug" not in member and "status" not in member


def test_the_event_api_and_its_stored_export_carry_the_provenance_member(client):
    event = f.make_event(city="Ha Noi")
    f.cite(event, fact="city")
    f.note_facts(event, ["kind"], kind=FactNoteKind.INFERRED, note="A workshop by its programme.")
    member = client.get(f"/api/v1/events/{event.slug}/").json()["provenance"]
    assert member["city"]["status"] == "from_sources"
    assert member["kind"] == {
        "status": "inferred",
        "label": "Kind",
        "citations": [],
        "note": "A workshop by its programme.",
    }
    listed = client.get("/api/v1/events/").json()["results"][0]["provenance"]
    assert listed == member


def test_the_csv_names_the_shown_facts_not_from_the_sources(client):
    country = f.make_country(mine_affected=True)
    f.cite(country, fact="record")
    f.note_facts(country, ["mine_affected"], note="Landmine Monitor")
    response = client.get("/api/v1/countries/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    facts = rows[0]["facts_not_from_sources"].split("; ")
    assert "mine_affected" in facts and "iso3" in facts
    assert "name" not in facts  # cited through the record's citation


def test_the_api_provenance_member_keeps_the_query_count_constant(client, django_assert_num_queries):
    for _ in range(3):
        country = f.make_country()
        f.cite(country)
        f.note_facts(country, ["iso3"])
    # The list's own queries, plus one for the citations (with their sources) and one for the fact notes.
    with django_assert_num_queries(6) as captured:
        client.get("/api/v1/countries/")
    few = len(captured)
    for _ in range(5):
        country = f.make_country()
        f.cite(country)
        f.note_facts(country, ["iso3"])
    with django_assert_num_queries(few):
        client.get("/api/v1/countries/")


def test_json_ld_states_only_the_facts_from_the_sources(client):
    event = f.make_event(summary="A summary written by staff.", city="Ha Noi")
    f.cite(event, fact="record")
    f.cite(event, fact="city")
    f.note_facts(event, ["summary"], note="Written by staff.")
    html = _text(client.get(event.get_absolute_url()))
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["name"] == event.title
    assert data["location"]["address"]["addressLocality"] == "Ha Noi"
    assert "description" not in data  # outside the sources: on the page with its mark, not in JSON-LD
    assert "startDate" not in data and "eventStatus" not in data  # not cited


def test_without_a_cited_name_an_event_has_no_json_ld(client):
    html = _text(client.get(f.make_event().get_absolute_url()))
    assert "application/ld+json" not in html


def test_the_home_page_says_whose_key_figures_they_are(client):
    undp = f.make_organisation(name="United Nations Development Programme")
    programme = Programme.objects.create(title="Clearing for Results", slug="cfr", status="published")
    source = f.make_source()
    for subject, value in ((undp, 170), (programme, 384)):
        figure = KeyFigure.objects.create(subject=subject, label="figure", value=value, unit="units")
        f.cite(figure, source=source)
    html = _text(client.get("/"))
    assert "Figures from ARMAC&#x27;s partners" in html or "Figures from ARMAC's partners" in html
    assert "— United Nations Development Programme" in html and "— Clearing for Results" in html
    assert html.count(source.title) >= 2
    assert isinstance(provenance.vocabulary(Organisation), dict)
