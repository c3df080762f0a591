"""No N+1: an endpoint's query count is the same for 5 rows and for 60 (more than one page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event
from tests.factories import one_export_rebuild

from .records import (
    full_agreement,
    full_person,
    full_study,
    make_full_event,
    make_organisation,
    make_source,
    make_theme,
)

# These count the views' own queries on a repeated request: the public cache must not answer it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("views_uncached")]


MAKERS = {
    "events": make_full_event,
    "organisations": make_organisation,
    "people": full_person,
    "agreements": full_agreement,
    "studies": full_study,
    "sources": make_source,
    "themes": make_theme,
}


def fill(resource, count):
    with one_export_rebuild():
        for _ in range(count):
            MAKERS[resource]()


def count_queries(client, url):
    # Savepoints (ATOMIC_REQUESTS) count too; content types are looked up once per process, so warm up first.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("resource", sorted(MAKERS))
def test_list_query_count_does_not_grow_with_rows_or_page_size(client_api, resource, django_assert_num_queries):
    fill(resource, 5)
    small = count_queries(client_api, f"/api/v1/{resource}/?page_size=5")
    fill(resource, 55)
    assert count_queries(client_api, f"/api/v1/{resource}/?page_size=5") == small
    with django_assert_num_queries(small):
        response = client_api.get(f"/api/v1/{resource}/?page_size=60")
    assert len(response.json()["results"]) == 60


@pytest.mark.parametrize("resource", sorted(MAKERS))
def test_csv_query_count_does_not_grow_with_rows(client_api, resource):
    fill(resource, 5)
    small = count_queries(client_api, f"/api/v1/{resource}/?format=csv")
    fill(resource, 55)
    assert count_queries(client_api, f"/api/v1/{resource}/?format=csv") == small


def test_event_list_page_takes_a_fixed_handful_of_queries(client_api, django_assert_num_queries):
    with one_export_rebuild():
        for _ in range(60):
            make_full_event()
    client_api.get("/api/v1/events/?page_size=50")
    # count, the page, its events' stored exports (events.exports); the request's savepoint and its
    # release. tests/events/test_exports.py counts a page whose exports are missing.
    with django_assert_num_queries(5):
        response = client_api.get("/api/v1/events/?page_size=50")
    assert len(response.json()["results"]) == 50


def test_event_detail_query_count(client_api, django_assert_num_queries):
    event = make_full_event()
    client_api.get(f"/api/v1/events/{event.slug}/")
    # One more than before provenance per fact: the event's fact notes (events.models.attach_export_rows).
    with django_assert_num_queries(8):
        client_api.get(f"/api/v1/events/{event.slug}/")
    assert Event.objects.count() == 1
