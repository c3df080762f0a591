"""Every endpoint of the export API answers, and a record carries what an export needs."""

import pytest

from registry.models import OrganisationRole

from .records import (
    cite,
    full_agreement,
    full_person,
    full_study,
    make_country,
    make_event,
    make_full_event,
    make_organisation,
    make_source,
    make_theme,
    viet_nam,
)

pytestmark = pytest.mark.django_db

RESOURCES = ["organisations", "people", "countries", "events", "agreements", "studies", "sources", "themes"]


@pytest.fixture
def one_of_each():
    """One published record of every resource, with its relations and citations."""
    event = make_full_event(country=viet_nam())
    organisation = make_organisation(country=viet_nam())
    cite(organisation)
    return {
        "events": event.slug,
        "organisations": organisation.slug,
        "people": full_person().slug,
        "countries": "VNM",
        "agreements": full_agreement().slug,
        "studies": full_study().slug,
        "sources": make_source().slug,
        "themes": make_theme().slug,
    }


def test_root_lists_every_resource_with_the_schema_and_docs(client_api):
    body = client_api.get("/api/v1/").json()
    assert set(RESOURCES) <= set(body)
    assert body["events"].endswith("/api/v1/events/")
    assert body["schema"].endswith("/api/v1/schema/")
    assert body["docs"].endswith("/api/v1/docs/")


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_list_answers_count_next_previous_results(client_api, one_of_each, resource):
    response = client_api.get(f"/api/v1/{resource}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] >= 1
    assert any(
        record.get("slug") == one_of_each[resource] or record.get("iso3") == one_of_each[resource]
        for record in body["results"]
    )


@pytest.mark.parametrize("resource", RESOURCES)
def test_each_detail_is_found_by_its_slug_or_iso_code(client_api, one_of_each, resource):
    response = client_api.get(f"/api/v1/{resource}/{one_of_each[resource]}/")
    assert response.status_code == 200
    body = response.json()
    assert one_of_each[resource] in {body.get("slug"), body.get("iso3")}
    assert "updated_at" in body


@pytest.mark.parametrize("resource", [r for r in RESOURCES if r != "themes"])
def test_every_public_record_lists_its_sources_and_quotes(client_api, one_of_each, resource):
    if resource == "countries":
        cite(viet_nam())
    body = client_api.get(f"/api/v1/{resource}/{one_of_each[resource]}/").json()
    if resource == "sources":
        assert body["text"] and body["checksum"]
        return
    assert body["citations"], resource
    citation = body["citations"][0]
    assert set(citation) == {"source", "source_title", "quote", "fact"}
    assert citation["quote"]


def test_country_detail_takes_the_code_in_any_case(client_api):
    viet_nam()
    assert client_api.get("/api/v1/countries/vnm/").json()["iso3"] == "VNM"


def test_unknown_slug_is_a_json_404(client_api):
    response = client_api.get("/api/v1/events/no-such-event/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("slug", "status"), [("bad%00slug", 400), ("white space", 404), ("a" * 200, 404), ("dots.and.more", 404)]
)
def test_malformed_slug_is_a_json_error_not_a_500(client_api, slug, status):
    # A NUL character is refused before routing (RefuseNulCharactersMiddleware); other odd slugs match nothing.
    response = client_api.get(f"/api/v1/events/{slug}/")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"


def test_event_carries_place_people_organisations_themes_citations_and_dates(client_api):
    event = make_full_event(country=viet_nam(), start="2025-07", year_inferred=True, date_note="The post gives July.")
    body = client_api.get(f"/api/v1/events/{event.slug}/").json()
    assert body["place"] == {"city": "Ha Noi", "country": {"iso3": "VNM", "name": "Viet Nam"}, "online": False}
    assert body["start"] == "2025-07"
    assert body["start_precision"] == "month"
    assert body["start_date"] == "2025-07-01"
    assert body["year_inferred"] is True
    assert body["date_note"] == "The post gives July."
    participant = body["participants"][0]
    assert set(participant) == {"person", "name", "role", "title_held", "organisation"}
    assert participant["title_held"] == "Executive Director"
    organisation = body["organisations"][0]
    assert organisation["role"] == OrganisationRole.ORGANISER
    assert organisation["iati_role_code"] is None
    assert body["themes"][0]["slug"]
    assert body["citations"][0]["source"]


@pytest.mark.parametrize("complete", [True, False], ids=["every-field-set", "bare"])
def test_the_event_serializers_own_rendering_matches_drf_rendering_its_declared_fields(complete):
    from rest_framework import serializers

    from events.models import Event, attach_export_rows
    from events.serializers import EventSerializer

    if complete:
        event = make_full_event(country=viet_nam(), start="2025-07", end="2025-08", date_note="July.")
        event.parent = make_event(title="The dialogue")
        event.agreement = full_agreement()
        event.study = full_study()
        event.save()
    else:
        event = make_event(start="--12-15", summary="", date_note="No year.")
    (event,) = attach_export_rows(list(Event.objects.with_api_relations().filter(pk=event.pk)))
    serializer = EventSerializer()
    drf_rendering = serializers.ModelSerializer.to_representation(serializer, event)
    assert serializer.to_representation(event) == drf_rendering
    assert list(serializer.to_representation(event)) == EventSerializer.Meta.fields


def test_funding_role_carries_its_iati_code(client_api):
    from tests.factories import add_organisation

    event = make_full_event()
    add_organisation(event, role=OrganisationRole.FUNDING)
    body = client_api.get(f"/api/v1/events/{event.slug}/").json()
    codes = {organisation["role"]: organisation["iati_role_code"] for organisation in body["organisations"]}
    assert codes == {"funding": "1", "organiser": None}


def test_agreement_carries_parties_signatories_and_commitments_in_each_language(client_api):
    agreement = full_agreement()
    body = client_api.get(f"/api/v1/agreements/{agreement.slug}/").json()
    assert body["parties"][0]["organisation"]["name"] == "ARMAC"
    assert body["parties"][1]["country"]["iso3"] == "VNM"
    assert body["signatories"] == [
        {
            "person": body["signatories"][0]["person"],
            "name": "Rothna Buth",
            "title_at_signing": "Executive Director",
            "party": "ARMAC",
        }
    ]
    texts = {text["language"]: text["text"] for text in body["commitments"][0]["texts"]}
    assert texts == {"en": "agree to share data", "zh": "双方同意共享数据"}
    assert body["commitments"][0]["texts"][0]["source"]


def test_person_carries_titles_with_their_source_and_quote(client_api):
    person = full_person()
    position = client_api.get(f"/api/v1/people/{person.slug}/").json()["positions"][0]
    assert position["title"] == "Executive Director"
    assert position["stated_on"] == "2025-04"
    assert position["stated_on_precision"] == "month"
    assert position["quote"] == "Executive Director of ARMAC"


def test_study_carries_lead_partners_countries_and_themes(client_api):
    study = full_study()
    body = client_api.get(f"/api/v1/studies/{study.slug}/").json()
    assert body["lead_organisation"]["slug"]
    assert body["partners"][0]["iati_role_code"] == "1"
    assert body["countries"] == [{"iso3": "VNM", "name": "Viet Nam"}]
    assert body["themes"]


def test_source_document_leaves_out_its_untrusted_original_address(client_api):
    source = make_source(original_address="https://example.invalid/never-fetched")
    body = client_api.get(f"/api/v1/sources/{source.slug}/").json()
    assert "original_address" not in body
    assert "example.invalid" not in str(body)


def test_country_list_carries_iso_codes(client_api):
    make_country("KHM", iso2="KH", name="Cambodia")
    record = client_api.get("/api/v1/countries/").json()["results"][0]
    assert (record["iso3"], record["iso2"]) == ("KHM", "KH")
