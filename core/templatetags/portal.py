"""Template helpers for the public site: honest dates, status labels, safe links, highlighted quotes, JSON-LD."""

import json
from functools import cache
from urllib.parse import urlsplit

from django import template
from django.utils.encoding import force_str
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.dates import DatePrecision, PartialDate

register = template.Library()

EXTERNAL_REL = "nofollow noopener noreferrer"


@register.filter
def partial_date(value):
    """A partial date as a reader should see it: "15 December, year not stated", "July 2025"."""
    if not isinstance(value, PartialDate):
        return ""
    return value.display()


def _machine_date(value):
    """The datetime attribute: ISO 8601, or HTML's yearless "MM-DD" when the year is not stated."""
    if value.precision == DatePrecision.DAY_NO_YEAR:
        return f"{value.month:02d}-{value.day:02d}"
    return value.isoformat()


def _time(value, text=None):
    return format_html('<time datetime="{}">{}</time>', _machine_date(value), text or value.display())


def _inferred_mark(year_inferred, date_note):
    if not year_inferred:
        return mark_safe("")  # empty, but safe: SafeString + str is a plain str a template would escape
    title = date_note or _("The year is inferred; the sources do not state it.")
    return format_html(' <abbr class="inferred" title="{}">{}</abbr>', title, _("(year inferred)"))


@register.simple_tag
def date_tag(value, year_inferred=False, date_note=""):
    """A <time> element with the machine-readable part the source states, and an inferred-year mark."""
    if not isinstance(value, PartialDate):
        return format_html('<span class="date-unknown">{}</span>', _("date not stated"))
    return _time(value) + _inferred_mark(year_inferred, date_note)


@register.simple_tag
def date_range_tag(start, end, year_inferred=False, date_note=""):
    """A start and end date as one range, naming a shared month and year once: "23–27 May 2025"."""
    if not isinstance(start, PartialDate) or not isinstance(end, PartialDate) or end == start:
        return date_tag(start, year_inferred, date_note)
    same_month = start.day and end.day and (start.year, start.month) == (end.year, end.month)
    if same_month:
        html = format_html("{}–{}", _time(start, str(start.day)), _time(end))
    else:
        html = format_html("{} – {}", _time(start), _time(end))
    return html + _inferred_mark(year_inferred, date_note)


@cache
def _choice_labels(field):
    return dict(field.flatchoices)


@register.filter
def choice_label(record, field_name):
    """What `record.get_<field_name>_display()` says, from a table of the field's choices built once.

    Django's get_FOO_display rebuilds that table on every call and translates every label of it to
    hash it: a third of an event row's rendering on the list page, and as much again for the roles
    of an event page's people and organisations. Labels stay lazy, so each call still translates.
    """
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname)
    return force_str(_choice_labels(field).get(value, value), strings_only=True)


@register.simple_tag
def event_status(event):
    """A visible label for cancelled or postponed events; nothing for planned or held ones.

    A simple tag rather than an inclusion template: it runs once per event on every list.
    """
    if not getattr(event, "is_cancelled_or_postponed", False):
        return ""
    return format_html(
        '<span class="status-label status-{}">{}</span>',
        event.event_status,
        capfirst(choice_label(event, "event_status")),
    )


@register.simple_tag
def event_item(event):
    """One event as a row of an event list: /events/, the home page and a country's page.

    A tag rather than an included template: a list page writes twenty of these, and as a template
    each row cost ~150 µs of lookups, includes and filters, a sixth of the page; built here with
    one escape per value it costs a third of that. The markup is what includes/event_item.html
    wrote. The events' country, parent and themes come with EventQuerySet.with_listing_relations().
    """
    country, parent = event.country, event.parent
    title = f'<a href="{escape(event.get_absolute_url())}">{escape(event.title)}</a> {event_status(event)}'
    if not event.is_published:
        title += f' <span class="status-label status-draft">{escape(_("Draft"))}</span>'
    meta = f"{date_range_tag(event.start, event.end, event.year_inferred, event.date_note)}\n"
    meta += f"    · {escape(capfirst(choice_label(event, 'kind')))}"
    place = ", ".join(part for part in (event.city, country.name if country else "") if part)
    if place:
        meta += f" · {escape(place)}"
    if event.online:
        meta += f" · {escape(_('online'))}"
    part_of = ""
    if parent:
        link = f'<a href="{escape(parent.get_absolute_url())}">{escape(parent.title)}</a>'
        part_of = f'<p class="meta">{escape(_("Part of"))} {link}</p>'
    themes = "".join(f"<li>{escape(name)}</li>" for name in event.listed_theme_names)
    if themes:
        themes = f'<ul class="tags" aria-label="{escape(_("Themes"))}">{themes}</ul>'
    return mark_safe(  # noqa: S308 - every value is escaped above; the tags it calls return safe markup
        f'<li class="record event-item">\n  <h3 class="record-title">{title}</h3>\n'
        f'  <p class="meta">\n    {meta}\n  </p>\n  {part_of}\n  {themes}\n</li>\n'
    )


@register.simple_tag
def external_link(url, text=None):
    """A link out of the portal, only for http(s) addresses, never passing on referrer or rank."""
    url = (url or "").strip()
    if urlsplit(url).scheme.lower() not in {"http", "https"}:
        return escape(text or url)
    return format_html('<a href="{}" rel="{}">{}</a>', url, EXTERNAL_REL, text or url)


def _spans(text, quotes):
    """Merged (start, end) spans of every occurrence of every quote in the text."""
    spans = []
    for quote in {q for q in quotes if q}:
        start = text.find(quote)
        while start != -1:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + 1)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


@register.filter
def highlight_quotes(text, quotes):
    """The text, escaped, with each cited passage wrapped in <mark> (escaping happens first, per piece)."""
    text = text or ""
    pieces = []
    position = 0
    for start, end in _spans(text, list(quotes or [])):
        pieces.append(escape(text[position:start]))
        pieces.append(format_html("<mark>{}</mark>", text[start:end]))
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 - every piece is escaped above


@register.filter
def ld_json(data):
    """JSON for a <script type="application/ld+json"> block, with <, > and & escaped so text cannot close it."""
    dumped = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    dumped = dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(dumped)  # noqa: S308 - the characters that could end the block are escaped


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (None drops them); keeps every filter."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def plain_number(value):
    """A decimal without trailing zeros or exponent notation: 1000.00 -> "1,000"."""
    try:
        text = f"{value.normalize():f}"
    except AttributeError:
        return value
    whole, _sep, fraction = text.partition(".")
    whole = f"{int(whole):,}"
    return f"{whole}.{fraction}" if fraction else whole
