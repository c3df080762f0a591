"""CSV and iCalendar exports: the whole filtered list, UTF-8 with a BOM, nested parts flattened."""

import csv
import datetime as dt
import io

import pytest
from django.test import override_settings
from django.utils import timezone

from .records import (
    DRAFT,
    full_agreement,
    full_person,
    full_study,
    make_country,
    make_event,
    make_full_event,
    make_organisation,
    make_source,
    make_theme,
    many_full_events,
    viet_nam,
)

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.status_code == 200, getattr(response, "content", b"")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "a byte-order mark lets spreadsheets read UTF-8"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_events_in_viet_nam_since_2025_export_with_one_url(client_api):
    wanted = make_full_event(country=viet_nam(), start="2025-03-02")
    make_full_event(country=viet_nam(), start="2024-12-31")
    make_full_event(country=make_country("KHM", iso2="KH", name="Cambodia"), start="2025-05-05")
    response = client_api.get("/api/v1/events/?country=VNM&date_from=2025-01-01&format=csv")
    rows = read_csv(response)
    assert [row["slug"] for row in rows] == [wanted.slug]
    assert response["Content-Disposition"] == 'attachment; filename="events.csv"'


@override_settings(API_PAGE_SIZE=5, API_MAX_PAGE_SIZE=10)
def test_csv_holds_the_whole_list_not_one_page(client_api):
    events = many_full_events(23)
    rows = read_csv(client_api.get("/api/v1/events/", {"format": "csv", "page_size": 5}))
    assert len(rows) == 23
    assert {row["slug"] for row in rows} == {event.slug for event in events}


def test_event_row_flattens_people_organisations_themes_and_provenance(client_api):
    event = make_full_event(country=viet_nam(), start="2025-07", year_inferred=True, date_note="From the post.")
    row = read_csv(client_api.get("/api/v1/events/?format=csv"))[0]
    participant = event.participants.get()
    organisation = event.organisations.get()
    citation = event.citations.get()
    assert row["country_iso3"] == "VNM"
    assert (row["start"], row["start_precision"], row["year_inferred"]) == ("2025-07", "month", "true")
    assert row["date_note"] == "From the post."
    assert participant.person.slug in row["participants"]
    assert "Executive Director" in row["participants"]
    assert f"({organisation.organisation.slug}): organiser" in row["organisations"]
    assert row["themes"] == event.themes.get().slug
    assert row["sources"] == citation.source.slug
    assert citation.quote in row["citations"]


def test_several_related_rows_are_joined_with_semicolons(client_api):
    event = make_event()
    first, second = make_theme(), make_theme()
    event.themes.add(first, second)
    row = read_csv(client_api.get("/api/v1/events/?format=csv"))[0]
    assert sorted(row["themes"].split("; ")) == sorted([first.slug, second.slug])


def test_csv_keeps_non_latin_text_intact(client_api):
    title = "Hội thảo về hỗ trợ nạn nhân — 受害者援助"
    make_event(title=title)
    assert read_csv(client_api.get("/api/v1/events/?format=csv"))[0]["title"] == title


def test_csv_export_hides_drafts_from_anonymous_clients(client_api, staff_client):
    make_event(status=DRAFT)
    published = make_event()
    assert [row["slug"] for row in read_csv(client_api.get("/api/v1/events/?format=csv"))] == [published.slug]
    assert len(read_csv(staff_client.get("/api/v1/events/?format=csv"))) == 2


def test_csv_leaves_out_quotes_from_draft_sources_for_anonymous_clients(client_api, staff_client):
    from .records import cite

    event = make_event()
    cite(event, source=make_source(status=DRAFT))
    assert read_csv(client_api.get("/api/v1/events/?format=csv"))[0]["sources"] == ""
    assert read_csv(staff_client.get("/api/v1/events/?format=csv"))[0]["sources"]


@pytest.mark.parametrize(
    ("resource", "maker", "columns"),
    [
        ("organisations", make_organisation, {"slug", "name", "country_iso3", "sources", "citations"}),
        ("people", full_person, {"slug", "name", "positions", "sources"}),
        ("countries", viet_nam, {"iso3", "iso2", "slug", "name"}),
        ("agreements", full_agreement, {"slug", "parties", "signatories", "commitments", "sources"}),
        ("studies", full_study, {"slug", "partners", "countries_iso3", "themes", "sources"}),
        ("sources", make_source, {"slug", "title", "checksum", "text"}),
        ("themes", make_theme, {"slug", "name", "kind"}),
    ],
)
def test_every_resource_exports_as_csv(client_api, resource, maker, columns):
    maker()
    response = client_api.get(f"/api/v1/{resource}/?format=csv")
    rows = read_csv(response)
    assert rows
    assert columns <= set(rows[0])
    assert response["Content-Disposition"] == f'attachment; filename="{resource}.csv"'


def test_agreement_row_has_commitments_in_each_language(client_api):
    full_agreement()
    row = read_csv(client_api.get("/api/v1/agreements/?format=csv"))[0]
    assert "1 [en] agree to share data" in row["commitments"]
    assert "1 [zh] 双方同意共享数据" in row["commitments"]
    assert "Rothna Buth" in row["signatories"]
    assert "Viet Nam (VNM)" in row["parties"]


def test_one_record_exports_as_csv_too(client_api):
    event = make_full_event()
    response = client_api.get(f"/api/v1/events/{event.slug}/?format=csv")
    assert [row["slug"] for row in read_csv(response)] == [event.slug]
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.csv"'


def test_events_export_as_icalendar(client_api):
    from icalendar import Calendar

    # A calendar without a date filter holds the last twelve months onward (events.ical).
    recent = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    make_full_event(title="Regional workshop", start=recent, country=viet_nam())
    make_event(start="--12-15")  # no year stated: cannot be placed on a calendar
    response = client_api.get("/api/v1/events/?format=ics&country=VNM")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(b"".join(response.streaming_content))
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Regional workshop"]


def test_events_as_icalendar_are_bounded_as_the_feed_is(client_api, monkeypatch):
    from icalendar import Calendar

    from events import ical

    today = timezone.localdate()
    make_event(title="Long ago", start=(today - dt.timedelta(days=ical.FEED_WINDOW_DAYS + 1)).isoformat())
    make_event(title="Last month", start=(today - dt.timedelta(days=30)).isoformat())

    def summaries(url):
        response = client_api.get(url)
        assert response.status_code == 200, url
        calendar = Calendar.from_ical(b"".join(response.streaming_content))
        return sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))

    assert summaries("/api/v1/events/?format=ics") == ["Last month"]
    assert summaries("/api/v1/events/?format=ics&date_from=2000-01-01") == ["Last month", "Long ago"]

    monkeypatch.setattr(ical, "FEED_MAX_EVENTS", 1)
    response = client_api.get("/api/v1/events/?format=ics&date_from=2000-01-01")
    assert response.status_code == 400
    assert "it holds at most 1" in response.json()["errors"]["parameters"][0]
    bad = client_api.get("/api/v1/events/?format=ics&date_from=someday")
    assert bad.status_code == 400
    assert "date_from" in bad.json()["errors"]


def test_icalendar_is_only_for_events(client_api):
    response = client_api.get("/api/v1/organisations/?format=ics")
    assert response.status_code == 400
    assert "format" in response.json()["errors"]


def test_hxl_row_under_the_header_of_every_csv(client_api):
    make_full_event(country=viet_nam(), start="2025-03-02")
    for resource in ["events", "countries", "organisations", "people", "sources", "agreements", "studies", "themes"]:
        response = client_api.get(f"/api/v1/{resource}/", {"format": "csv", "hxl": "1"})
        assert response.status_code == 200, resource
        lines = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        assert len(lines[1]) == len(lines[0]) and all(tag.startswith("#") for tag in lines[1]), resource


def test_hxl_read_back_with_the_hxl_library_and_bad_value_refused(client_api):
    import hxl

    event = make_full_event(country=viet_nam(), start="2025-03-02")
    body = b"".join(client_api.get("/api/v1/events/", {"format": "csv", "hxl": "1"}).streaming_content)
    data = hxl.data(io.BytesIO(body))
    assert [row.get("#event+name") for row in data] == [event.title]
    assert client_api.get("/api/v1/events/", {"format": "csv", "hxl": "yes"}).status_code == 400
    plain = b"".join(client_api.get("/api/v1/events/", {"format": "csv", "hxl": "0"}).streaming_content)
    assert b"#event+name" not in plain
