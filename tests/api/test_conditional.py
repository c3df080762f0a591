"""Conditional requests: an unchanged list, record or export answers 304."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.http import http_date

from events.models import Event

from .records import make_event

pytestmark = pytest.mark.django_db

URLS = ["/api/v1/events/", "/api/v1/events/?format=csv", "/api/v1/events/?format=ics", "/api/v1/themes/"]


@pytest.mark.parametrize("url", URLS)
def test_same_etag_answers_304(client_api, url):
    make_event()
    first = client_api.get(url)
    assert first.status_code == 200
    again = client_api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_detail_etag_answers_304(client_api):
    event = make_event()
    first = client_api.get(f"/api/v1/events/{event.slug}/")
    assert client_api.get(f"/api/v1/events/{event.slug}/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_change_gives_a_new_etag(client_api):
    event = make_event()
    for url in ["/api/v1/events/", "/api/v1/events/?format=csv"]:
        etag = client_api.get(url)["ETag"]
        event.title = f"Renamed for {url}"
        event.save()
        response = client_api.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200, url
        assert response["ETag"] != etag


@pytest.mark.parametrize("url", ["/api/v1/events/", "/api/v1/events/?format=csv"])
def test_if_modified_since_answers_304_until_something_changes(client_api, url):
    event = make_event()
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now() - dt.timedelta(days=2))
    response = client_api.get(url)
    assert response["Last-Modified"]
    since = http_date((timezone.now() - dt.timedelta(days=1)).timestamp())
    assert client_api.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    event.save()  # updated_at becomes now
    assert client_api.get(url, HTTP_IF_MODIFIED_SINCE=since).status_code == 200


def test_detail_carries_last_modified(client_api):
    event = make_event()
    response = client_api.get(f"/api/v1/events/{event.slug}/")
    assert response["Last-Modified"] == http_date(int(event.updated_at.timestamp()))


def test_staff_and_anonymous_exports_do_not_share_an_etag(client_api, staff_client):
    make_event()
    anonymous = client_api.get("/api/v1/events/?format=csv")["ETag"]
    assert staff_client.get("/api/v1/events/?format=csv", HTTP_IF_NONE_MATCH=anonymous).status_code == 200
