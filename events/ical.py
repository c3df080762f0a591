"""iCalendar (RFC 5545) output for events: one builder shared by the HTML feed, per-event files and the API.

Only what the sources state goes into a calendar. An event whose year is not known (no
``start_date``) cannot be placed on a calendar and is left out rather than guessed.
"""

import datetime as dt
import re

from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import DatePrecision
from core.visibility import shown

from .models import EventStatus

CONTENT_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//ASEAN Regional Mine Action Centre//ARMAC Portal//EN"
UID_DOMAIN = "armac-portal"
LINE_LIMIT = 75  # octets per content line, before the CRLF (RFC 5545 §3.1)

# Control characters other than tab are not allowed in TEXT values (RFC 5545 §3.3.11).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def escape_text(value):
    """Escape a TEXT value: backslash, semicolon, comma and newlines; drop other control characters."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return _CONTROL.sub("", text)


def fold(line):
    """Fold a content line into chunks of at most 75 octets, never splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= LINE_LIMIT:
        return line
    chunks = []
    current = ""
    size = 0
    limit = LINE_LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
            limit = LINE_LIMIT - 1  # continuation lines start with one space
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _date(value):
    return value.strftime("%Y%m%d")


def _utc(moment):
    return timezone.localtime(moment, dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(event):
    # A calendar is the public's (feeds are shared): a draft country is left out, as on the public pages.
    country = shown(event.country, drafts=False)
    parts = [part for part in (event.city, country.name if country else "") if part]
    if event.online:
        parts.append(_("online"))
    return ", ".join(parts)


def _summary(event):
    if event.event_status == EventStatus.CANCELLED:
        return _("Cancelled: %(title)s") % {"title": event.title}
    if event.event_status == EventStatus.POSTPONED:
        return _("Postponed: %(title)s") % {"title": event.title}
    return event.title


def _description(event):
    lines = []
    if event.start and event.start.precision != DatePrecision.DAY:
        # A month- or year-precise date fills its whole span on a calendar; say what the source states.
        lines.append(_("Date as the sources give it: %(date)s.") % {"date": event.start.display()})
    if event.year_inferred:
        lines.append(_("The year is inferred: %(note)s") % {"note": event.date_note})
    if event.summary:
        lines.append(event.summary)
    return "\n\n".join(lines)


def _status(event):
    if event.event_status == EventStatus.CANCELLED:
        return "CANCELLED"
    if event.event_status == EventStatus.POSTPONED:
        return "TENTATIVE"
    return "CONFIRMED"


def event_lines(event, build_url=None, stamp=None):
    """The content lines of one VEVENT (unfolded), or [] when the event's year is not known."""
    if event.start_date is None:
        return []
    last_day = event.end_date or (event.start.latest() if event.start else None) or event.start_date
    last_day = max(last_day, event.start_date)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{event.slug}@{UID_DOMAIN}",
        f"DTSTAMP:{_utc(stamp or event.updated_at or timezone.now())}",
        f"DTSTART;VALUE=DATE:{_date(event.start_date)}",
        # DTEND of an all-day event is the day after the last day (exclusive).
        f"DTEND;VALUE=DATE:{_date(last_day + dt.timedelta(days=1))}",
        f"SUMMARY:{escape_text(_summary(event))}",
        f"STATUS:{_status(event)}",
    ]
    location = _location(event)
    if location:
        lines.append(f"LOCATION:{escape_text(location)}")
    description = _description(event)
    if description:
        lines.append(f"DESCRIPTION:{escape_text(description)}")
    if build_url is not None:
        url = build_url(event.get_absolute_url())
        lines.append(f"URL:{_CONTROL.sub('', url).replace(chr(10), '').replace(chr(9), '')}")
    if event.updated_at:
        lines.append(f"LAST-MODIFIED:{_utc(event.updated_at)}")
    lines.append("END:VEVENT")
    return lines


def build_calendar(events, *, build_url=None, name=None):
    """An RFC 5545 text/calendar document (str, CRLF line ends) for an iterable of events.

    `build_url` turns a site path into an absolute address (pass `request.build_absolute_uri`);
    without it the events carry no URL property. Events whose year is not known are left out.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name or _('ARMAC events'))}",
    ]
    for event in events:
        lines.extend(event_lines(event, build_url=build_url))
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
