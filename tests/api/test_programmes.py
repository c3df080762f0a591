"""Programmes are an API resource like the others, with their key figures (issue 15)."""

import csv
import io

import pytest

from core.models import PublicationStatus
from tests.factories import (
    add_key_figure,
    add_programme_organisation,
    cite,
    make_country,
    make_organisation,
    make_programme,
    make_theme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = make_programme(title="Clearing for Results", slug="clearing-for-results", started_on="2006")
    add_programme_organisation(programme, make_organisation(name="UNDP", slug="undp"))
    programme.countries.add(make_country("KHM", iso2="KH", name="Cambodia"))
    programme.themes.add(make_theme(name="Clearance", slug="clearance"))
    figure = add_key_figure(programme, label="land released", value=120, unit="km²", as_of="2024")
    cite(figure)
    make_programme(title="Hidden draft", slug="hidden", status=PublicationStatus.DRAFT)
    return programme


def test_the_programmes_list_has_their_key_figures(client, programme):
    response = client.get("/api/v1/programmes/")
    assert response.status_code == 200
    (record,) = response.json()["results"]
    assert record["slug"] == "clearing-for-results"
    assert record["started_on"] == "2006" and record["started_on_precision"] == "year"
    assert record["organisations"][0]["slug"] == "undp"
    assert record["countries"] == [{"iso3": "KHM", "name": "Cambodia"}]
    assert record["themes"] == [{"slug": "clearance", "name": "Clearance"}]
    (figure,) = record["key_figures"]
    assert figure["label"] == "land released" and figure["value"] == "120.00" and figure["unit"] == "km²"
    assert figure["as_of"] == "2024" and len(figure["citations"]) == 1


def test_a_programme_by_slug_and_filters(client, programme):
    assert client.get("/api/v1/programmes/clearing-for-results/").json()["title"] == "Clearing for Results"
    assert client.get("/api/v1/programmes/hidden/").status_code == 404
    assert client.get("/api/v1/programmes/?country=KHM&theme=clearance").json()["count"] == 1
    assert client.get("/api/v1/programmes/?search=clearing").json()["count"] == 1


def test_the_programmes_csv_carries_the_key_figures(client, programme):
    response = client.get("/api/v1/programmes/?format=csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["slug"] for row in rows] == ["clearing-for-results"]
    assert rows[0]["key_figures"] == "land released: 120 km² (2024)"
    assert rows[0]["countries_iso3"] == "KHM"


def test_the_schema_lists_programmes(client):
    schema = client.get("/api/v1/schema/").content.decode()
    assert "/api/v1/programmes/" in schema
    assert "/api/v1/programmes/{slug}/" in schema


def test_the_programme_list_page_links_its_exports(client, programme):
    body = client.get("/programmes/").content.decode()
    assert 'href="/api/v1/programmes/?format=csv"' in body


def test_a_page_of_programmes_takes_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(5):
        programme = make_programme()
        add_programme_organisation(programme)
        add_key_figure(programme)
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/programmes/").status_code == 200
