"""Figures: a number with what it counts or measures ("56 participants", "384 square kilometres",
"1.2 million people", "US$ 2.5 million", "over 12%", "more than 170 countries and territories").

A bare number is not a figure: list numbers, street numbers, telephone numbers and years are left out.
"""

import re
from decimal import Decimal, InvalidOperation
from itertools import islice

from .lexicon import COUNT_NOUNS

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "one hundred": 100,
    "a thousand": 1000, "one thousand": 1000,
}  # fmt: skip
_MULTIPLIERS = {"thousand": 10**3, "k": 10**3, "million": 10**6, "mn": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9}
_CURRENCIES = {
    "us$": "USD", "usd": "USD", "$": "USD", "us dollars": "USD", "dollars": "USD", "€": "EUR", "eur": "EUR",
    "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "aud": "AUD", "a$": "AUD", "nz$": "NZD", "nzd": "NZD",
    "jpy": "JPY", "¥": "JPY", "yen": "JPY", "krw": "KRW", "₩": "KRW", "won": "KRW", "sgd": "SGD", "s$": "SGD",
    "thb": "THB", "฿": "THB", "baht": "THB", "khr": "KHR", "riel": "KHR", "riels": "KHR", "rm": "MYR", "myr": "MYR",
    "ringgit": "MYR", "rp": "IDR", "idr": "IDR", "rupiah": "IDR", "vnd": "VND", "₫": "VND", "dong": "VND",
    "php": "PHP", "₱": "PHP", "pesos": "PHP", "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "chf": "CHF",
    "francs": "CHF", "kip": "LAK", "lak": "LAK", "kyat": "MMK", "mmk": "MMK", "nok": "NOK", "sek": "SEK",
    "dkk": "DKK",
}  # fmt: skip
_AREAS = [
    (r"square\s+kilomet(?:re|er)s?|sq\.?\s?km|km²|km2", "km²"),
    (r"square\s+met(?:re|er)s?|m²|sq\.?\s?m(?![a-z])", "m²"),
    (r"hectares?|ha(?![a-z])", "ha"),
    (r"acres?", "acres"),
]
_QUALIFIERS = {
    "more than": "more-than", "over": "more-than", "above": "more-than", "in excess of": "more-than",
    "nearly": "about", "almost": "about", "about": "about", "around": "about", "approximately": "about",
    "some": "about", "roughly": "about", "close to": "about", "an estimated": "about", "estimated": "about",
    "at least": "at-least", "up to": "up-to", "under": "less-than", "less than": "less-than",
    "fewer than": "less-than",
}  # fmt: skip

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD_NUM = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_CUR_PRE = (
    r"US\$|USD|A\$|NZ\$|S\$|\$|€|EUR|£|GBP|AUD|NZD|JPY|¥|KRW|₩|SGD|THB|฿|KHR|RM|MYR|Rp|IDR|VND|₫|PHP|₱|CNY|RMB|CHF"
)
_MULT = r"million|billion|thousand|mn|bn|m|k"
_QUAL = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))

_FIGURE = re.compile(
    rf"""
    (?:(?P<qual>{_QUAL})\s+)?
    (?:(?P<cur>{_CUR_PRE})\s?)?
    (?P<num>{_NUM}|(?<![\w-])(?:{_WORD_NUM})(?![\w-]))
    (?:\s?(?P<mult>{_MULT})(?![\w]))?
    """,
    re.VERBOSE | re.IGNORECASE,
)
_PERCENT = re.compile(r"\s?(?:%|percent(?!\w)|per\s+cent(?!\w))", re.IGNORECASE)
_AREA = re.compile(r"\s?(?:" + "|".join(f"(?P<a{i}>{p})" for i, (p, _) in enumerate(_AREAS)) + ")", re.IGNORECASE)
_CUR_POST = re.compile(
    r"\s(?P<cur>US\s+dollars|dollars|USD|euros?|EUR|yen|riels?|baht|dong|pesos|ringgit|rupiah|kip|kyat|yuan|won|"
    r"francs|NOK|SEK|DKK|CHF)(?!\w)"
)
_WORD = re.compile(r"\s([a-z][a-z-]*)")
_AND_NOUN = re.compile(r"\s+and\s+([a-z]+)")
_NOT_ADJECTIVE = frozenset(
    [
        "of",
        "the",
        "and",
        "or",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "be",
        "been",
        "will",
        "would",
        "can",
        "could",
        "may",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "as",
        "a",
        "an",
        "per",
        "each",
        "than",
    ]
)


# "handed over", "took over": here "over" belongs to the verb, it does not qualify the number.
_PARTICLE_VERB = re.compile(
    r"\b(?:hand|hands|handed|handing|turn|turned|turning|take|taken|took|taking|pass|passed|sign|signed|carry|carried|win|won)\s+$",
    re.IGNORECASE,
)


class FigureFound:
    """A figure passage, its number, what it counts and how the text qualifies it."""

    __slots__ = ("end", "qualifier", "start", "unit", "value")

    def __init__(self, start, end, value, unit, qualifier=""):
        self.start, self.end, self.value, self.unit, self.qualifier = start, end, value, unit, qualifier


def find_figures(text):
    """Every figure passage, in order, none overlapping."""
    found, reach = [], -1
    for match in _FIGURE.finditer(text):
        figure = _read(match, text)
        if figure is not None and figure.start >= reach:
            found.append(figure)
            reach = figure.end
    return found


def _number(match):
    raw = match.group("num").lower()
    if raw in _NUMBER_WORDS:
        value = Decimal(_NUMBER_WORDS[raw])
    else:
        try:
            value = Decimal(raw.replace(",", ""))
        except InvalidOperation:
            return None
    if match.group("mult"):
        value *= _MULTIPLIERS[match.group("mult").lower()]
    return int(value) if value == value.to_integral_value() else float(value)


def _read(match, text):
    start, end = match.span()
    num_start = match.start("num")
    before = text[max(0, num_start - 2) : num_start]
    if re.search(r"[\w#+/.-]$", before[-1:]) and not match.group("cur"):
        return None  # G20, COVID-19, #29, 1.2 read from its second part
    if re.match(r"(?:st|nd|rd|th)\b|[.,]\d|\s?\d", text[match.end("num") : match.end("num") + 2]):
        return None  # ordinals (78th) and number groups (23 221 354)
    is_word = match.group("num").lower() in _NUMBER_WORDS
    value = _number(match)
    if value is None:
        return None
    qualifier = _QUALIFIERS.get((match.group("qual") or "").lower(), "")
    if qualifier and _PARTICLE_VERB.search(text[max(0, start - 12) : start]):
        start, qualifier = match.start("cur") if match.group("cur") else num_start, ""  # "handed over 1,250 hectares"
    if match.group("cur"):
        return FigureFound(start, end, value, _CURRENCIES[match.group("cur").lower()], qualifier)
    if not is_word:
        percent = _PERCENT.match(text, end)
        if percent:
            return FigureFound(start, percent.end(), value, "%", qualifier)
        area = _AREA.match(text, end)
        if area:
            unit = next(_AREAS[int(k[1:])][1] for k, v in area.groupdict().items() if v)
            return FigureFound(start, area.end(), value, unit, qualifier)
        currency = _CUR_POST.match(text, end)
        if currency:
            return FigureFound(start, currency.end(), value, _CURRENCIES[currency.group("cur").lower()], qualifier)
    return _counted(text, start, end, value, qualifier)


def _counted(text, start, end, value, qualifier):
    """A count: the number, up to two describing words, and a noun it counts ("12 mine-affected provinces")."""
    words = list(islice(_WORD.finditer(text, end), 3))
    position = end
    for i, word in enumerate(words[:3]):
        if word.start() != position or word.group(1) in _NOT_ADJECTIVE:
            return None
        position = word.end()
        noun = word.group(1)
        if noun in COUNT_NOUNS:
            unit, stop = noun, word.end(1)
            more = _AND_NOUN.match(text, stop)
            if more and more.group(1) in COUNT_NOUNS:
                unit, stop = f"{noun} and {more.group(1)}", more.end(1)
            return FigureFound(start, stop, value, unit, qualifier)
        if i == 2:
            return None
    return None
