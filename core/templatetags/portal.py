"""Template helpers for the public site: honest dates, choice labels, safe links, highlighted quotes, JSON-LD.

Events' own tags (a row of an event list, an event's status label) are in events/templatetags/event_tags.py.
"""

import json
import re
from functools import cache
from urllib.parse import urlsplit

from django import template
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import scripts, visibility
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
    hash it, for every row of a list and every role on an event page (BENCHMARKS.md). Labels stay
    lazy, so each call still translates.
    """
    field = record._meta.get_field(field_name)
    value = getattr(record, field.attname)
    return force_str(_choice_labels(field).get(value, value), strings_only=True)


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


def _highlighted(text, spans, start=0, end=None):
    """text[start:end], escaped, with the parts of `spans` inside it in <mark> (escaping happens first, per piece)."""
    end = len(text) if end is None else end
    pieces = []
    position = start
    for span_start, span_end in spans:
        # A passage that runs across a paragraph break is marked in each paragraph it covers.
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        pieces.append(escape(text[position:span_start]))
        pieces.append(format_html("<mark>{}</mark>", text[span_start:span_end]))
        position = span_end
    pieces.append(escape(text[position:end]))
    return mark_safe("".join(str(piece) for piece in pieces))  # noqa: S308 - every piece is escaped above


@register.filter
def highlight_quotes(text, quotes):
    """The text, escaped, with each cited passage wrapped in <mark>."""
    text = text or ""
    return _highlighted(text, _spans(text, list(quotes or [])))


@register.simple_tag
def source_text_blocks(text, languages, quotes):
    """A source document's text as runs of paragraphs in one language, each paragraph's cited passages marked.

    `{% source_text_blocks doc.text doc.languages quotes as blocks %}` gives, for each run,
    `language` (its code, for the paragraphs' lang; "" when the document lists none), `label` (the
    language by name, only when the text holds more than one, so a reader knows which block is which)
    and `paragraphs` (each escaped and highlighted). Each paragraph's language comes from its script
    (core.scripts); quotes are found in the whole text first, so a quote is marked wherever it falls.
    """
    text = text or ""
    spans = _spans(text, list(quotes or []))
    blocks = []
    for start, end, language in scripts.paragraph_languages(text, languages):
        if not blocks or blocks[-1]["language"] != language:
            blocks.append({"language": language, "label": "", "paragraphs": []})
        blocks[-1]["paragraphs"].append(_highlighted(text, spans, start, end))
    if len({block["language"] for block in blocks}) > 1:
        for block in blocks:
            block["label"] = language_name(block["language"]) if block["language"] else ""
    return blocks


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


# --- What the reader may see (core.visibility): templates ask these, never a record's status.


@register.filter
def shown(record, user):
    """`{% with parent=event.parent|shown:request.user %}`: the linked record, or None when the reader may
    not see it (a draft, for the public): absent, not named, not linked."""
    return visibility.shown(record, visibility.sees_drafts(user))


@register.simple_tag
def draft_mark(record):
    """A "Draft" label after a record only staff can see (the public never receives a draft to mark)."""
    if record is None or visibility.shown(record, drafts=False) is not None:
        return ""
    return format_html(' <span class="status-label status-draft">{}</span>', _("Draft"))


# Language names as readers know them; codes not listed fall back to Django's own names
# (get_language_info), and an unknown code is shown as given rather than dropped.
LANGUAGE_NAMES = {
    "en": "English",
    "zh-hans": "Chinese (Simplified)",
    "zh-hant": "Chinese (Traditional)",
    "zh": "Chinese",
    "km": "Khmer",
    "lo": "Lao",
    "vi": "Vietnamese",
    "th": "Thai",
    "my": "Burmese",
    "id": "Indonesian",
    "ms": "Malay",
    "fil": "Filipino",
}


@register.filter
def language_name(code):
    """ "zh-Hans" -> "Chinese (Simplified)"; "en" -> "English"."""
    code = force_str(code).strip()
    key = code.lower()
    if key in LANGUAGE_NAMES:
        return _(LANGUAGE_NAMES[key])
    try:
        return translation.get_language_info(key)["name"]
    except KeyError:
        return code


@register.filter
def script_language(text):
    """The language code a name or phrase in Han script gets (`lang="{{ name|script_language }}"`), else ""."""
    return scripts.DEFAULT_CHINESE if scripts.is_mostly_han(force_str(text)) else ""


@register.filter
def tel_href(number):
    """A telephone number as a tel: link wants it: "(+855) 23 221 354" -> "+85523221354"."""
    number = force_str(number).strip()
    digits = re.sub(r"\D", "", number)
    return f"+{digits}" if number.lstrip("(").startswith("+") else digits


@register.filter
def language_names(codes):
    """A list of language codes as names, joined for reading: "English, Chinese (Simplified)"."""
    return ", ".join(language_name(code) for code in codes or ())
