"""The published OpenAPI 3 schema is valid, and the docs page works without a CDN under a strict CSP."""

import re

import pytest
import yaml
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def test_schema_is_valid_openapi_3_and_lists_every_resource(client_api):
    response = client_api.get("/api/v1/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)
    for resource in ["organisations", "people", "countries", "events", "agreements", "studies", "sources", "themes"]:
        assert f"/api/v1/{resource}/" in schema["paths"]
    assert "/api/v1/countries/{iso3}/" in schema["paths"]


def test_schema_documents_the_event_filters_and_formats(client_api):
    schema = yaml.safe_load(client_api.get("/api/v1/schema/").content)
    operation = schema["paths"]["/api/v1/events/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    wanted = {"kind", "country", "date_from", "date_to", "theme", "partner", "parent", "search", "ordering"}
    assert wanted | {"modified_since", "page", "page_size", "format"} <= names
    assert {"application/json", "text/csv", "text/calendar"} <= set(operation["responses"]["200"]["content"])
    assert {"304", "400", "429"} <= set(operation["responses"])


def test_docs_page_loads_nothing_inline_and_nothing_from_elsewhere(client_api):
    page = client_api.get("/api/v1/docs/").content.decode()
    assert "<style" not in page
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", page, flags=re.S)
    assert scripts
    assert all('src="/' in attributes and not body.strip() for attributes, body in scripts)
    assert "http://" not in page and "https://" not in page and "//cdn" not in page


def test_docs_init_script_is_served_as_javascript_from_our_origin(client_api):
    page = client_api.get("/api/v1/docs/").content.decode()
    init = re.search(r'<script src="(/api/v1/docs/\?[^"]*script[^"]*)"', page).group(1)
    response = client_api.get(init.replace("&amp;", "&"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()
