"""Dates with the precision the text gives them: "19 December" has no year, "7-8 February 2024" is a range.

No year is ever added. A range states its year once ("30 June – 2 July 2025"), and both ends take it;
that is reading, not inventing. Numeric dates whose day and month cannot be told apart ("04/07/2025")
are left out rather than guessed.
"""

import re

from core.dates import PartialDate

from .lexicon import COUNT_NOUNS, MONTHS

# A full stop belongs to an abbreviated month ("Oct. 3"), never to a full one ("on 19 December.").
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_SEP = r"(?:\s*[-–—‐‑]\s*|\s+(?:to|until|till|through|thru|and)\s+)"
_YEAR_SEP = r"(?:\s*[-–—‐‑]\s*|\s+(?:to|until|till|through|thru)\s+)"


def _g(name, pattern):
    return f"(?P<{name}>{pattern})"


# Each pattern names its parts: d1 m1 y1 (start) and d2 m2 y2 (end); the first that matches at a place wins.
_PATTERNS = [
    # 30 June – 2 July 2025
    rf"{_g('d1', _DAY)}\s+{_g('m1', _MONTH)}(?:,?\s+{_g('y1', _YEAR)})?{_SEP}{_g('d2', _DAY)}\s+{_g('m2', _MONTH)}"
    rf"(?:,?\s+{_g('y2', _YEAR)})?",
    # June 30 – July 2, 2025
    rf"{_g('m1', _MONTH)}\s+{_g('d1', _DAY)}(?:,?\s+{_g('y1', _YEAR)})?{_SEP}{_g('m2', _MONTH)}\s+{_g('d2', _DAY)}"
    rf"(?:,?\s+{_g('y2', _YEAR)})?",
    # 7-8 February 2024, 23 to 27 May
    rf"{_g('d1', _DAY)}{_SEP}{_g('d2', _DAY)}\s+(?:of\s+)?{_g('m1', _MONTH)}(?:,?\s+{_g('y1', _YEAR)})?",
    # May 23-27, May 23–27, 2024
    rf"{_g('m1', _MONTH)}\s+{_g('d1', _DAY)}{_SEP}{_g('d2', _DAY)}(?:,?\s+{_g('y1', _YEAR)})?",
    # December 2024 – March 2025, July–August 2024
    rf"{_g('m1', _MONTH)}(?:\s+{_g('y1', _YEAR)})?{_SEP}{_g('m2', _MONTH)},?\s+{_g('y2', _YEAR)}",
    # 7 July 2025, the 7th of July 2025, 15 Dec
    rf"(?:the\s+)?{_g('d1', _DAY)}(?:\s+of)?\s+{_g('m1', _MONTH)}(?:,?\s+{_g('y1', _YEAR)})?",
    # July 26, 2024; May 9
    rf"{_g('m1', _MONTH)}\s+{_g('d1', _DAY)}(?:,?\s+{_g('y1', _YEAR)})?",
    # July 2024, March of 2023
    rf"{_g('m1', _MONTH)},?\s+(?:of\s+)?{_g('y1', _YEAR)}",
    # 2016-2030, 2021–25, from 2021 to 2025 ("2016 and 2030" are two years, not a range)
    rf"{_g('y1', _YEAR)}{_YEAR_SEP}{_g('y2', _YEAR + '|[0-9]{2}')}",
    # 2025-07-04
    r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})",
    # 04/07/2025 (only when the day is told apart from the month)
    r"(?P<na>\d{1,2})[/.](?P<nb>\d{1,2})[/.](?P<ny>\d{4})",
    # 2024, in context
    rf"{_g('y1', _YEAR)}",
]
_COMPILED = [re.compile(rf"(?<![\w$€£#+/.-]){p}(?![\w%]|[.,]\d)", re.IGNORECASE) for p in _PATTERNS]
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)[^\n]{0,40}$", re.IGNORECASE)
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:no\.?|number|resolution|street|st\.|road|rd\.|room|box|tel\.?|phone|fax|route|highway|decree|law|"
    r"article|code|page|p\.|pp\.|us\$|\$|usd|€|£|\+\d*|\d[\d ]*)\s*$",
    re.IGNORECASE,
)
_COUNT_AFTER = re.compile(r"\s+(?:[a-z-]+\s+){0,2}?([a-z]+)")


class DateFound:
    """A date passage: where it is, and its start (and end) as partial dates."""

    __slots__ = ("end", "end_value", "start", "value")

    def __init__(self, start, end, value, end_value=None):
        self.start, self.end, self.value, self.end_value = start, end, value, end_value


def find_dates(text):
    """Every date passage, the longest reading at each place, none overlapping."""
    found = []
    for pattern in _COMPILED:
        for match in pattern.finditer(text):
            date = _read(match, text)
            if date is not None:
                found.append(date)
    found.sort(key=lambda d: (d.start, -(d.end - d.start)))
    chosen, reach = [], -1
    for date in found:
        if date.start >= reach:
            chosen.append(date)
            reach = date.end
    return chosen


def _month(text):
    if not text[:1].isupper():
        return None  # "may" and "march" in lower case are a verb and a noun
    return MONTHS.get(text.rstrip(".").lower())


def _day(text):
    return int(re.match(r"\d+", text).group())


def _partial(year, month=None, day=None):
    try:
        return PartialDate(year, month, day)
    except ValueError:
        return None


def _read(match, text):
    parts = {k: v for k, v in match.groupdict().items() if v is not None}
    start, end = match.span()
    if "iy" in parts:
        date = _partial(int(parts["iy"]), int(parts["im"]), int(parts["id"]))
        return DateFound(start, end, date.isoformat()) if date else None
    if "ny" in parts:
        a, b, year = int(parts["na"]), int(parts["nb"]), int(parts["ny"])
        if a > 12 >= b:
            date = _partial(year, b, a)
        elif b > 12 >= a:
            date = _partial(year, a, b)
        else:
            return None
        return DateFound(start, end, date.isoformat()) if date else None
    if "m1" not in parts:
        return _read_years(parts, match, text)
    m1 = _month(parts["m1"])
    m2 = _month(parts["m2"]) if "m2" in parts else None
    if m1 is None or ("m2" in parts and m2 is None):
        return None
    y1 = int(parts["y1"]) if "y1" in parts else None
    y2 = int(parts["y2"]) if "y2" in parts else None
    d1 = _day(parts["d1"]) if "d1" in parts else None
    d2 = _day(parts["d2"]) if "d2" in parts else None
    if "d2" in parts or "m2" in parts:
        m2 = m2 or m1
        if y1 is None and y2 is not None:
            y1 = y2 if (m1, d1 or 0) <= (m2, d2 or 0) else y2 - 1
        if y2 is None:
            y2 = y1
        first, last = _partial(y1, m1, d1), _partial(y2, m2, d2)
        if first is None or last is None or (y1 is not None and (y1, m1, d1 or 0) >= (y2, m2, d2 or 0)):
            return None
        if y1 is None and (m1, d1 or 0) >= (m2, d2 or 0):
            return None
        return DateFound(start, end, first.isoformat(), last.isoformat())
    if d1 is None and y1 is None:
        return None
    date = _partial(y1, m1, d1)
    if date is None:
        return None
    if match.group().lower().startswith("the "):
        start += 4
    return DateFound(start, end, date.isoformat())


def _read_years(parts, match, text):
    start, end = match.span()
    y1 = int(parts["y1"])
    if "y2" in parts:
        y2 = int(parts["y2"])
        if y2 < 100:
            y2 = y1 // 100 * 100 + y2
        if not y1 < y2 <= y1 + 100:
            return None
        return DateFound(start, end, str(y1), str(y2))
    before = text[max(0, start - 40) : start]
    if _COPYRIGHT.search(before) or _NOT_A_YEAR_BEFORE.search(before[-12:]):
        return None
    after = _COUNT_AFTER.match(text, end)
    if after and after.group(1) in COUNT_NOUNS:
        return None  # "1500 participants" is a figure
    if re.match(r"\s*\d", text[end : end + 3]):
        return None  # part of a longer number: a telephone or postal code
    return DateFound(start, end, str(y1))
