"""The iCalendar builder: valid RFC 5545 that a standard parser reads back exactly."""

import datetime as dt

import icalendar
import pytest

from events.ical import build_calendar, escape_text, fold
from events.models import Event, EventStatus
from tests.factories import make_country, make_event

pytestmark = pytest.mark.django_db


def parse(text):
    return icalendar.Calendar.from_ical(text)


def vevents(text):
    return [c for c in parse(text).walk() if c.name == "VEVENT"]


def test_calendar_uses_crlf_and_no_line_exceeds_75_octets():
    make_event(title="A very long title " * 12 + "with Khmer ព្រះរាជាណាចក្រកម្ពុជា and Chinese 中华人民共和国")
    text = build_calendar(Event.objects.all())
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_folding_never_splits_a_multibyte_character():
    line = "SUMMARY:" + "中" * 60
    folded = fold(line)
    for part in folded.split("\r\n"):
        part.encode("utf-8").decode("utf-8")  # raises if a character was cut
        assert len(part.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == line


def test_text_values_escape_special_characters():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("bell\x07") == "bell"


def test_event_round_trips_through_a_standard_parser():
    country = make_country(iso3="KHM", iso2="KH", name="Cambodia")
    event = make_event(
        slug="regional-dialogue",
        title="Dialogue; with, commas \\ and\nnewlines",
        start="2025-12-15",
        end="2025-12-16",
        city="Phnom Penh",
        country=country,
        summary="Line one\nLine two, with comma",
    )
    text = build_calendar([event], build_url=lambda path: "https://portal.example" + path)
    (vevent,) = vevents(text)
    assert str(vevent["UID"]) == "regional-dialogue@armac-portal"
    assert vevent.decoded("DTSTART") == dt.date(2025, 12, 15)
    assert vevent.decoded("DTEND") == dt.date(2025, 12, 17)  # exclusive: the day after the last day
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["LOCATION"]) == "Phnom Penh, Cambodia"
    assert "Line two, with comma" in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]) == "https://portal.example/events/regional-dialogue/"
    assert str(vevent["STATUS"]) == "CONFIRMED"


def test_event_without_a_known_year_is_left_out():
    known = make_event(start="2025-05-09")
    unknown = make_event(start="--12-15")
    text = build_calendar([known, unknown])
    uids = [str(v["UID"]) for v in vevents(text)]
    assert uids == [f"{known.slug}@armac-portal"]


def test_cancelled_event_is_marked_cancelled():
    event = make_event(event_status=EventStatus.CANCELLED, title="Workshop")
    (vevent,) = vevents(build_calendar([event]))
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert "Cancelled" in str(vevent["SUMMARY"])


def test_month_precision_event_spans_the_month_and_says_so():
    event = make_event(start="2025-07")
    (vevent,) = vevents(build_calendar([event]))
    assert vevent.decoded("DTSTART") == dt.date(2025, 7, 1)
    assert vevent.decoded("DTEND") == dt.date(2025, 8, 1)
    assert "July 2025" in str(vevent["DESCRIPTION"])


def test_empty_calendar_is_still_valid():
    calendar = parse(build_calendar([]))
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]
