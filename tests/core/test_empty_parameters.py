"""An empty query parameter means "not given" everywhere: list pages, their export links and the API (issue 15).

A filter form submitted as it stands sends every field, the empty ones as `name=`; the page must
list everything, its CSV and JSON links must leave the empty fields out, and the API must answer
those links (and any request with empty parameters) as if the fields were absent.
"""

import datetime
import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from events.views import EventListView
from registry import views as registry_views
from tests.factories import (
    make_agreement,
    make_country,
    make_event,
    make_full_event,
    make_organisation,
    make_person,
    make_programme,
    make_source,
    make_study,
)

pytestmark = pytest.mark.django_db

LISTS = {
    "/events/": EventListView,
    "/partners/": registry_views.OrganisationListView,
    "/people/": registry_views.PersonListView,
    "/countries/": registry_views.CountryListView,
    "/agreements/": registry_views.AgreementListView,
    "/studies/": registry_views.StudyListView,
    "/programmes/": registry_views.ProgrammeListView,
    "/sources/": registry_views.SourceDocumentListView,
}


@pytest.fixture
def one_of_each():
    make_full_event(country=make_country("VNM", iso2="VN", name="Viet Nam"))
    make_organisation()
    make_person()
    make_agreement()
    make_study()
    make_programme()
    make_source()


def submitted_as_it_stands(view):
    """The query string a browser sends for the list's filter form with nothing filled in."""
    form = view.filterset_class().form
    return urlencode(dict.fromkeys(form.fields, ""))


def export_links(content):
    return [html.unescape(href) for href in re.findall(r'href="([^"]*format=(?:csv|json)[^"]*)"', content)]


@pytest.mark.parametrize("path", LISTS)
def test_an_empty_form_submission_lists_everything_and_its_export_links_answer(client, one_of_each, path):
    query = submitted_as_it_stands(LISTS[path])
    assert "=&" in query  # really every field, empty
    unfiltered = client.get(path)
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response.context["paginator"].count == unfiltered.context["paginator"].count >= 1

    links = export_links(response.content.decode())
    if LISTS[path].api_path:
        assert len(links) == 2
    for link in links:
        parameters = parse_qsl(urlsplit(link).query, keep_blank_values=True)
        assert all(value for _, value in parameters), f"{link} carries an empty parameter"
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("path", [path for path, view in LISTS.items() if view.api_path])
def test_the_api_reads_empty_parameters_as_not_given(client, one_of_each, path):
    api_path = LISTS[path].api_path
    query = submitted_as_it_stands(LISTS[path])
    for extra in ("", "&page=&page_size=", "&format="):
        response = client.get(f"{api_path}?{query}{extra}")
        assert response.status_code == 200, response.content.decode()[:500]
    csv = client.get(f"{api_path}?{query}&format=csv")
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")


def test_an_empty_parameter_on_a_detail_is_not_an_unknown_parameter(client, one_of_each):
    organisation = make_organisation(slug="armac")
    assert client.get(f"/api/v1/organisations/{organisation.slug}/?format=&search=").status_code == 200
    assert client.get(f"/api/v1/organisations/{organisation.slug}/?search=armac").status_code == 400


def test_a_filled_parameter_still_filters_beside_empty_ones(client, one_of_each):
    response = client.get("/api/v1/countries/?search=Viet&asean_relation=&mine_affected=")
    assert [country["iso3"] for country in response.json()["results"]] == ["VNM"]


def test_the_event_feed_reads_empty_parameters_as_not_given(client, one_of_each):
    # The feed holds the events from twelve months ago onward (events.ical): one of next year's.
    make_event(start=str(datetime.date.today().year + 1))
    response = client.get("/events/feed.ics?" + submitted_as_it_stands(EventListView))
    assert response.status_code == 200
    assert b"BEGIN:VEVENT" in b"".join(response.streaming_content)


def test_a_malformed_page_size_is_refused_for_the_whole_csv_list_too(client, one_of_each):
    # The CSV ignores paging, but schemathesis found `page_size=true&format=csv` accepted silently.
    assert client.get("/api/v1/programmes/?format=csv&page_size=true").status_code == 400
    assert client.get("/api/v1/events/?format=csv&page=first").status_code == 400
    assert client.get("/api/v1/events/?format=csv&page=&page_size=").status_code == 200
