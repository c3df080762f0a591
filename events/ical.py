"""iCalendar (RFC 5545) output for events: one builder shared by the HTML feed, per-event files and the API.

Only what the sources state goes into a calendar. An event whose year is not known (no
``start_date``) cannot be placed on a calendar and is left out rather than guessed.

The feed (/events/feed.ics) and the API's `?format=ics` are bounded and streamed, so neither costs
more than a fixed amount however many events the portal holds (bench/feed.py measures it):

- without a date filter they hold the events starting from twelve months ago onward (FEED_WINDOW_DAYS);
- `date_from`, `date_to` or `year` (the list's own filters) choose another span instead, back to any year;
- whatever the span, at most FEED_MAX_EVENTS events: more answers 400 saying how to narrow it;
- the document is written a chunk of events at a time (StreamingHttpResponse), read from the
  database with an iterator, never built whole in memory.
"""

import datetime as dt
import re
from types import SimpleNamespace

from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import DatePrecision
from core.visibility import shown, visible_value

from .models import Event, EventStatus

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//ASEAN Regional Mine Action Centre//ARMAC Portal//EN"
UID_DOMAIN = "armac-portal"
LINE_LIMIT = 75  # octets per content line, before the CRLF (RFC 5545 §3.1)

# What a calendar without a date filter holds: the events starting this many days ago or later.
FEED_WINDOW_DAYS = 365
# The most events one calendar holds, whatever span its filters ask for (bench/feed.py: well under
# a second and 20 MB at this size).
FEED_MAX_EVENTS = 10_000
# Events written per streamed chunk, and read per database round trip.
CHUNK_EVENTS = 500
# The list filters that choose the calendar's span themselves (events.filters.EventFilterSet).
DATE_FILTERS = ("date_from", "date_to", "year")

# Control characters other than tab are not allowed in TEXT values (RFC 5545 §3.3.11).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value):
    """Escape a TEXT value: backslash, semicolon, comma and newlines; drop other control characters."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return _CONTROL.sub("", text)


def fold(line):
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    if len(line) <= LINE_LIMIT and line.isascii():
        return line  # most lines: no encoding needed to know they fit
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_LIMIT:
        return line
    # Cut the bytes, stepping back from a cut that falls on a UTF-8 continuation byte (10xxxxxx):
    # one pass over the line's bytes rather than one encode per character.
    chunks = []
    start, limit = 0, LINE_LIMIT
    while len(encoded) - start > limit:
        cut = start + limit
        while encoded[cut] & 0xC0 == 0x80:
            cut -= 1
        chunks.append(encoded[start:cut])
        start, limit = cut, LINE_LIMIT - 1  # continuation lines start with one space
    chunks.append(encoded[start:])
    return b"\r\n ".join(chunks).decode("utf-8")


def _date(value):
    return value.strftime("%Y%m%d")


def _utc(moment):
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


class _Writer:
    """Writes the VEVENTs of one calendar; what is the same for every event is worked out once.

    At thousands of events a calendar, a translation lookup or a URL reverse per event was most of
    the feed's time (bench/feed.py), so the texts and the event address pattern are looked up here.
    """

    def __init__(self, build_url=None, stamp=None):
        self.build_url = build_url
        self.stamp = stamp
        self.cancelled = _("Cancelled: %(title)s")
        self.postponed = _("Postponed: %(title)s")
        self.online = _("online")
        self.date_as_given = _("Date as the sources give it: %(date)s.")
        self.year_inferred = _("The year is inferred: %(note)s")
        # An event's address is its slug in one fixed pattern; slugs are URL-safe, so no quoting is lost.
        self.path_head, self.path_tail = reverse("events:detail", kwargs={"slug": "SLUG"}).rsplit("SLUG", 1)

    def location(self, event):
        parts = [part for part in (event.city, event.country_name) if part]
        if event.online:
            parts.append(self.online)
        return ", ".join(parts)

    def summary(self, event):
        if event.event_status == EventStatus.CANCELLED:
            return self.cancelled % {"title": event.title}
        if event.event_status == EventStatus.POSTPONED:
            return self.postponed % {"title": event.title}
        return event.title

    def description(self, event):
        lines = []
        if event.start and event.start.precision != DatePrecision.DAY:
            # A month- or year-precise date fills its whole span on a calendar; say what the source states.
            lines.append(self.date_as_given % {"date": event.start.display()})
        if event.year_inferred:
            lines.append(self.year_inferred % {"note": event.date_note})
        if event.summary:
            lines.append(event.summary)
        return "\n\n".join(lines)

    def lines(self, event):
        """The content lines of one VEVENT (unfolded), or [] when the event's year is not known."""
        if event.start_date is None:
            return []
        last_day = event.end_date or (event.start.latest() if event.start else None) or event.start_date
        last_day = max(last_day, event.start_date)
        updated = _utc(event.updated_at) if event.updated_at else None
        lines = [
            "BEGIN:VEVENT",
            f"UID:{event.slug}@{UID_DOMAIN}",
            f"DTSTAMP:{_utc(self.stamp) if self.stamp else updated or _utc(timezone.now())}",
            f"DTSTART;VALUE=DATE:{_date(event.start_date)}",
            # DTEND of an all-day event is the day after the last day (exclusive).
            f"DTEND;VALUE=DATE:{_date(last_day + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(self.summary(event))}",
            f"STATUS:{_status(event)}",
        ]
        location = self.location(event)
        if location:
            lines.append(f"LOCATION:{escape_text(location)}")
        description = self.description(event)
        if description:
            lines.append(f"DESCRIPTION:{escape_text(description)}")
        if self.build_url is not None:
            url = self.build_url(self.path_head + event.slug + self.path_tail)
            lines.append(f"URL:{_CONTROL.sub('', url).replace(chr(10), '').replace(chr(9), '')}")
        if updated:
            lines.append(f"LAST-MODIFIED:{updated}")
        lines.append("END:VEVENT")
        return lines


def _status(event):
    if event.event_status == EventStatus.CANCELLED:
        return "CANCELLED"
    if event.event_status == EventStatus.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


# What a calendar entry reads of an event, as values() rows: turning rows into model instances (an
# event and its country each) was half the feed's time at thousands of events (bench/feed.py).
ROW_FIELDS = (
    "slug", "title", "summary", "start", "start_date", "end_date", "event_status", "city", "online",
    "year_inferred", "date_note", "updated_at",
)  # fmt: skip


def as_row(event):
    """A calendar row (what `streamed` reads from the database) for an Event instance."""
    row = {name: getattr(event, name) for name in ROW_FIELDS}
    # A calendar is the public's (feeds are shared): a draft country is left out, as on the public pages.
    country = shown(event.country, drafts=False)
    return SimpleNamespace(**row, country_name=country.name if country else "")


def event_lines(event, build_url=None, stamp=None):
    """The content lines of one VEVENT (unfolded), or [] when the event's year is not known."""
    return _Writer(build_url, stamp).lines(as_row(event))


def _text(lines):
    return "".join(fold(line) + "\r\n" for line in lines)


def calendar_chunks(events, *, build_url=None, name=None):
    """An RFC 5545 text/calendar document as UTF-8 byte chunks, CHUNK_EVENTS events per chunk.

    `build_url` turns a site path into an absolute address (see `site_url`); without it the events
    carry no URL property. Events whose year is not known are left out.
    """
    header = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name or _('ARMAC events'))}",
    ]
    yield _text(header).encode("utf-8")
    writer = _Writer(build_url)
    lines = []
    for count, event in enumerate(events, start=1):
        lines.extend(writer.lines(event if isinstance(event, SimpleNamespace) else as_row(event)))
        if count % CHUNK_EVENTS == 0:
            yield _text(lines).encode("utf-8")
            lines = []
    lines.append("END:VCALENDAR")
    yield _text(lines).encode("utf-8")


def build_calendar(events, *, build_url=None, name=None):
    """The whole document as one str (a single event's file; tests)."""
    return b"".join(calendar_chunks(events, build_url=build_url, name=name)).decode("utf-8")


def site_url(request):
    """A `build_url` for calendar_chunks: the site's address worked out once, not once per event."""
    root = request.build_absolute_uri("/").rstrip("/")
    return lambda path: root + path


class FeedTooLarge(ValueError):
    """More events than one calendar holds; the message says how to narrow them."""


def window_start(today=None):
    """The first day a calendar without a date filter holds."""
    return (today or timezone.localdate()) - dt.timedelta(days=FEED_WINDOW_DAYS)


def bounded_events(events, params, today=None):
    """The events of a calendar: `events` (already filtered) bounded to its span and size, a QuerySet.

    `params` are the request's query parameters: with none of DATE_FILTERS the span is the last
    FEED_WINDOW_DAYS days onward. Raises FeedTooLarge when more than FEED_MAX_EVENTS remain.
    """
    dated_by_filter = any(params.get(name) for name in DATE_FILTERS)
    events = events.on_calendar(since=None if dated_by_filter else window_start(today))
    count = events.order_by().count()
    if count > FEED_MAX_EVENTS:
        raise FeedTooLarge(
            _(
                "The calendar would hold %(count)s events; it holds at most %(limit)s. Narrow it with "
                "date_from and date_to (YYYY-MM-DD), year or the other list filters."
            )
            % {"count": f"{count:,}", "limit": f"{FEED_MAX_EVENTS:,}"}
        )
    return events


def streamed(events, *, build_url=None, name=None):
    """The calendar's byte chunks for a QuerySet of events, read CHUNK_EVENTS rows at a time."""
    rows = events.values(
        *ROW_FIELDS, country_name=Coalesce(visible_value(Event, "country__name", drafts=False), Value(""))
    ).iterator(chunk_size=CHUNK_EVENTS)
    return calendar_chunks((SimpleNamespace(**row) for row in rows), build_url=build_url, name=name)
