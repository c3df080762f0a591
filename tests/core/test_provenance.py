"""Provenance per fact: the vocabulary, citations and fact notes checked against it, the publishing gate,
the loader's refusal and provenance_report (core/provenance.py)."""

import io
import json
import shutil

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from armac_portal.loading import DataError, load_portal_data
from core import provenance
from core.models import PublicationStatus
from events.models import Event
from registry.models import Citation, Country, FactNote, FactNoteKind
from tests import factories as f
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

FIXTURES = settings.BASE_DIR / "fixtures"


# --- the vocabulary ---------------------------------------------------------------------------------


def test_every_public_field_is_a_fact_with_its_human_label_and_technical_fields_are_not():
    facts = provenance.vocabulary(Event)
    assert facts["participant_count"].label == "Participant count"
    assert facts["record"].kind == "named"
    assert facts["themes"].kind == "many"
    assert facts["participants"].kind == "rows"
    for technical in ("slug", "status", "published_at", "created_at", "updated_at", "id", "start_date"):
        assert technical not in facts
    assert "text" not in provenance.vocabulary(type(f.make_source())) and "checksum" not in provenance.vocabulary(
        type(f.make_source())
    )


def test_an_empty_field_is_not_a_shown_fact():
    event = f.make_event(city="", participant_count=None, summary="Held in Ha Noi.")
    shown = provenance.shown_facts(event)
    assert "summary" in shown and "title" in shown
    assert "city" not in shown and "participant_count" not in shown and "online" not in shown


def test_a_false_mine_affected_is_shown_but_an_unknown_one_is_not():
    assert "mine_affected" in provenance.shown_facts(f.make_country(mine_affected=False))
    assert "mine_affected" not in provenance.shown_facts(f.make_country(mine_affected=None))


# --- citations and notes refuse unknown facts -------------------------------------------------------------


def test_a_citation_of_an_unknown_fact_is_refused():
    country = f.make_country()
    with pytest.raises(ValidationError) as error:
        f.cite(country, fact="locaton_typo")
    assert "locaton_typo" in str(error.value)
    assert not Citation.objects.filter(fact="locaton_typo").exists()


def test_a_citation_must_name_a_fact():
    with pytest.raises(ValidationError):
        f.cite(f.make_country(), fact="")


def test_a_fact_note_of_an_unknown_fact_or_of_none_is_refused():
    country = f.make_country()
    with pytest.raises(ValidationError):
        f.note_facts(country, ["mine_afected"])
    with pytest.raises(ValidationError):
        f.note_facts(country, [])
    assert not FactNote.objects.exists()


def test_the_citation_inline_offers_the_records_facts_by_label_and_refuses_another(admin_client):
    country = f.make_country()
    page = admin_client.get(admin_url(Country, "change", country.pk))
    html = page.content.decode()
    assert '<option value="mine_affected">Affected by mines/ERW</option>' in html or "mine_affected" in html
    source = f.make_source()
    data = changeform_data(page)
    prefix = "registry-citation-content_type-object_id"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-fact": "locaton_typo",
            f"{prefix}-0-source": str(source.pk),
            f"{prefix}-0-quote": source.text[:20],
        }
    )
    response = admin_client.post(admin_url(Country, "change", country.pk), data)
    assert response.status_code == 200  # the form again, with the error
    assert "Select a valid choice" in response.content.decode()
    assert not Citation.objects.exists()


# --- statuses ---------------------------------------------------------------------------------------


def test_each_shown_fact_is_cited_outside_inferred_or_unaccounted():
    country = f.make_country(mine_affected=True, other_names=["Laos"])
    f.cite(country, fact="record")
    f.note_facts(country, ["iso3", "iso2", "asean_relation"], note="ISO 3166-1")
    f.note_facts(country, ["other_names"], kind=FactNoteKind.INFERRED, note="The short form the sources use.")
    statuses = provenance.fact_statuses(country)
    assert statuses["name"].status == provenance.FROM_SOURCES  # a citation of the record supports its name
    assert statuses["iso3"].status == provenance.OUTSIDE_SOURCES
    assert statuses["other_names"].status == provenance.INFERRED
    assert statuses["mine_affected"].status == provenance.UNACCOUNTED
    assert provenance.unaccounted_facts(country) == ["mine_affected"]


def test_rows_are_accounted_for_when_each_row_cites_its_source():
    event = f.make_event()
    row = f.add_organisation(event)
    assert "organisations" in provenance.unaccounted_facts(event)
    f.cite(row)
    assert "organisations" not in provenance.unaccounted_facts(event)


# --- the publishing gate --------------------------------------------------------------------------


def test_publishing_an_unaccounted_record_is_refused_with_its_facts_in_plain_words(admin_client):
    event = f.make_event(status=PublicationStatus.DRAFT, participant_count=56)
    response = admin_client.post(
        admin_url(Event, "changelist"), {"action": "publish", "_selected_action": [event.pk]}, follow=True
    )
    messages = [str(m) for m in get_messages(response.wsgi_request)] or [str(m) for m in response.context["messages"]]
    event.refresh_from_db()
    assert event.status == PublicationStatus.DRAFT
    refusal = next(m for m in messages if "neither cited nor marked" in m)
    assert "“Participant count”" in refusal and "“Title”" in refusal
    assert "participant_count" not in refusal  # labels, not field names


def test_publishing_an_accounted_record_goes_through(admin_client):
    event = f.make_event(status=PublicationStatus.DRAFT)
    f.cite(event)
    f.account_for(event)
    admin_client.post(admin_url(Event, "changelist"), {"action": "publish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == PublicationStatus.PUBLISHED


def test_the_change_form_keeps_an_unaccounted_record_a_draft_and_says_why(admin_client):
    country = f.make_country(status=PublicationStatus.DRAFT)
    page = admin_client.get(admin_url(Country, "change", country.pk))
    data = changeform_data(page)
    data["status"] = PublicationStatus.PUBLISHED
    response = admin_client.post(admin_url(Country, "change", country.pk), data, follow=True)
    country.refresh_from_db()
    assert country.status == PublicationStatus.DRAFT
    text = response.content.decode()
    assert "Not published, kept as a draft." in text and "ISO 3166-1 alpha-3" in text


def test_the_change_form_publishes_with_the_notes_added_in_the_same_submission(admin_client):
    country = f.make_country(status=PublicationStatus.DRAFT)
    page = admin_client.get(admin_url(Country, "change", country.pk))
    data = changeform_data(page)
    data["status"] = PublicationStatus.PUBLISHED
    prefix = "registry-factnote-content_type-object_id"
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-kind": FactNoteKind.OUTSIDE_SOURCES,
            f"{prefix}-0-facts": provenance.shown_facts(country),
            f"{prefix}-0-note": "ISO 3166-1",
        }
    )
    response = admin_client.post(admin_url(Country, "change", country.pk), data)
    assert response.status_code == 302
    country.refresh_from_db()
    assert country.status == PublicationStatus.PUBLISHED


# --- the loader ------------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path):
    """A copy of the data file beside a copy of the sources, to be edited by a test."""
    shutil.copytree(FIXTURES / "sources", tmp_path / "sources")
    data = json.loads((FIXTURES / "portal_data.json").read_text(encoding="utf-8"))
    path = tmp_path / "portal_data.json"

    def write(change):
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return path

    return write


def _country(data, iso3):
    return next(entry for entry in data["countries"] if entry["iso3"] == iso3)


def test_the_loader_refuses_a_published_record_with_a_fact_neither_cited_nor_marked(data_copy):
    def drop_iso_note(data):
        entry = _country(data, "LAO")
        entry["outside_sources"] = [n for n in entry.get("outside_sources", []) if "iso2" not in n["facts"]]

    with pytest.raises(DataError) as error, f.one_export_rebuild():
        load_portal_data(data_copy(drop_iso_note))
    assert "“lao”" in str(error.value) and "iso2" in str(error.value)
    assert not Country.objects.exists()  # one transaction: nothing half-loaded


def test_the_loader_refuses_an_unknown_fact_key(data_copy):
    def misspell(data):
        _country(data, "LAO")["citations"][0]["fact"] = "locaton_typo"

    with pytest.raises(DataError) as error, f.one_export_rebuild():
        load_portal_data(data_copy(misspell))
    assert "locaton_typo" in str(error.value) and "lao" in str(error.value)


def test_the_loader_refuses_the_old_outside_knowledge_text(data_copy):
    def old(data):
        _country(data, "LAO")["outside_knowledge"] = "ISO 3166-1"

    with pytest.raises(DataError, match="outside_knowledge"), f.one_export_rebuild():
        load_portal_data(data_copy(old))


# --- provenance_report -------------------------------------------------------------------------------


def report(*args):
    out = io.StringIO()
    call_command("provenance_report", *args, stdout=out)
    return out.getvalue()


def test_the_report_exits_zero_on_the_loaded_data_and_counts_per_model():
    with f.one_export_rebuild():
        load_portal_data(FIXTURES / "portal_data.json")
    result = json.loads(report("--format", "json"))
    assert result["unaccounted"] == []
    countries = next(row for row in result["models"] if row["model"] == "registry.Country")
    assert countries["records"] == Country.objects.published().count()
    assert countries["from_sources"] > 0 and countries["outside_sources"] > 0 and countries["unaccounted"] == 0
    assert "registry.Country" in report()


def test_the_report_exits_non_zero_naming_record_and_fact_once_a_citation_is_removed():
    with f.one_export_rebuild():
        load_portal_data(FIXTURES / "portal_data.json")
    citation = Citation.objects.filter(
        content_type__model="event", fact="participant_count", object_id__in=Event.objects.published()
    ).first()
    event = citation.subject
    Citation.objects.filter(content_type=citation.content_type, object_id=event.pk, fact="participant_count").delete()
    with pytest.raises(CommandError) as error:
        report()
    assert event.slug in str(error.value) and "participant_count" in str(error.value)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("provenance_report", "--format", "json", stdout=out)
    gap = json.loads(out.getvalue())["unaccounted"][0]
    assert gap["slug"] == event.slug and gap["facts"] == [{"key": "participant_count", "label": "Participant count"}]


def test_the_report_is_an_admin_page_for_staff_only(admin_client, client):
    event = f.make_event()
    page = admin_client.get("/" + settings.ADMIN_URL + "provenance/")
    assert page.status_code == 200
    assert event.title in page.content.decode()  # it has unaccounted facts
    assert client.get("/" + settings.ADMIN_URL + "provenance/").status_code == 302  # to the login
    assert "/provenance/" in admin_client.get("/" + settings.ADMIN_URL).content.decode()
