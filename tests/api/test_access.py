"""Who sees what, and what nobody may do: drafts, tokens, writes and throttling."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from .records import DRAFT, make_event, make_organisation

pytestmark = pytest.mark.django_db


def test_anonymous_clients_see_published_records_only(client_api):
    make_event(status=DRAFT)
    published = make_event()
    body = client_api.get("/api/v1/events/").json()
    assert [record["slug"] for record in body["results"]] == [published.slug]


def test_draft_detail_is_a_404_for_anonymous_clients(client_api):
    draft = make_organisation(status=DRAFT)
    assert client_api.get(f"/api/v1/organisations/{draft.slug}/").status_code == 404


def test_staff_with_a_token_also_see_drafts(staff_client):
    draft = make_event(status=DRAFT)
    make_event()
    assert staff_client.get("/api/v1/events/").json()["count"] == 2
    response = staff_client.get(f"/api/v1/events/{draft.slug}/")
    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_a_token_of_someone_not_staff_shows_no_drafts(member_client):
    draft = make_event(status=DRAFT)
    assert member_client.get(f"/api/v1/events/{draft.slug}/").status_code == 404


def test_an_invalid_token_is_a_401(client_api):
    client_api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client_api.get("/api/v1/events/").status_code == 401


def test_responses_vary_on_the_authorization_header(client_api):
    make_event()
    assert "Authorization" in client_api.get("/api/v1/events/")["Vary"]


WRITES = ["post", "put", "patch", "delete"]


@pytest.mark.parametrize("method", WRITES)
@pytest.mark.parametrize("who", ["client_api", "staff_client"])
def test_writes_are_refused_on_lists_and_details(request, method, who):
    client = request.getfixturevalue(who)
    event = make_event()
    for url in ["/api/v1/events/", f"/api/v1/events/{event.slug}/", "/api/v1/organisations/"]:
        response = getattr(client, method)(url, {"title": "changed"}, format="json")
        assert response.status_code == 405, (url, response.status_code)
        assert "POST" not in response["Allow"]
    event.refresh_from_db()
    assert event.title != "changed"


def test_options_and_head_are_allowed(client_api):
    make_event()
    assert client_api.options("/api/v1/events/").status_code == 200
    assert client_api.head("/api/v1/events/").status_code == 200


@pytest.fixture
def tiny_anonymous_rate(monkeypatch):
    """Two anonymous requests a minute; the rates are read when a throttle is created."""
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "2/minute"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()


def test_anonymous_clients_are_throttled_with_retry_after(client_api, tiny_anonymous_rate):
    assert client_api.get("/api/v1/themes/").status_code == 200
    assert client_api.get("/api/v1/themes/").status_code == 200
    response = client_api.get("/api/v1/themes/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["detail"]


def test_staff_tokens_are_not_held_to_the_anonymous_rate(staff_client, tiny_anonymous_rate):
    for _ in range(4):
        assert staff_client.get("/api/v1/themes/").status_code == 200


def test_throttle_ignores_an_invented_forwarded_for_header(client_api, tiny_anonymous_rate):
    statuses = [client_api.get("/api/v1/themes/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]


@override_settings(DEBUG=False)
def test_nothing_answers_500_for_odd_input(client_api):
    make_event()
    for url in [
        "/api/v1/events/?year=-1",
        "/api/v1/events/?page=99999999999999999999",
        "/api/v1/events/?modified_since=2025-02-30T00:00:00",
        "/api/v1/events/?date_from=0000-01-01",
        "/api/v1/events/?search=" + "x" * 5000,
        "/api/v1/countries/%00/",
        "/api/v1/events/?ordering=title,-title,date",
    ]:
        assert client_api.get(url).status_code < 500, url
