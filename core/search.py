"""Accent- and case-insensitive matching, the same on PostgreSQL and SQLite, and the snippets search shows.

"Hà Nội" must find "Ha Noi" and "Nguyen" must find "Nguyễn" (issue 15). Both sides of every
comparison are folded: lower case, accents removed (`fold`). In SQL the fold is the function
`portal_fold(text)`: on PostgreSQL an IMMUTABLE wrapper of the unaccent extension (created by
registry/migrations/0007_accent_insensitive_search.py, so trigram indexes can hold it), on SQLite
this module's `fold`, registered on every new connection (CoreConfig.ready). PostgreSQL's
full-text search uses the text search configuration `portal_english`: English stemming after
unaccent, created by the same migration.
"""

import functools
import re
import unicodedata

from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Letters that carry no combining accent in Unicode but that PostgreSQL's unaccent maps all the same.
_UNACCENT_EXTRAS = str.maketrans(
    {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ħ": "h", "Ħ": "H"}
)  # fmt: skip


def fold(text):
    """Lower case without accents: "Nguyễn Thị Hương" -> "nguyen thi huong". None stays None (SQL NULL)."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", str(text).translate(_UNACCENT_EXTRAS))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def register_sqlite_fold(sender, connection, **kwargs):
    """connection_created receiver: SQLite gets `portal_fold` as a deterministic SQL function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("portal_fold", 1, fold, deterministic=True)


class Fold(models.Func):
    """portal_fold(expression): the text folded as `fold` does, in the database."""

    function = "portal_fold"
    output_field = models.TextField()


# ---------------------------------------------------------------------------------------------------
# Snippets: a stretch of a record's text around the first match, the matched words marked


def query_words(query, limit=10):
    """The words of a query, without web-search syntax (quotes, a leading minus, or)."""
    words = []
    for word in re.findall(r"[^\s\"()|&!]+", query or ""):
        if word.startswith("-") or word.lower() == "or":
            continue
        word = word.strip("-'.,;:")
        if word:
            words.append(word)
    return words[:limit]


@functools.lru_cache(maxsize=4096)
def _fold_character(char):
    return fold(char)


def _folded_with_positions(text):
    """The folded text, and for each of its characters the index of the original character it came from."""
    if text.isascii():
        # Lower case only, one character for one: the search page highlights 160 texts, mostly English.
        return text.lower(), range(len(text))
    folded, positions = [], []
    for index, char in enumerate(text):
        for part in _fold_character(char):
            folded.append(part)
            positions.append(index)
    return "".join(folded), positions


def _stems(word):
    """The folded word and, for English stemming ("mines" finds "mine"), the word without a plural ending."""
    folded = fold(word)
    stems = [folded]
    for ending in ("ies", "es", "s"):
        if folded.endswith(ending) and len(folded) - len(ending) >= 3:
            stems.append(folded[: -len(ending)])
    return stems


def match_spans(text, words):
    """(start, end) spans of the original text where a folded word occurs, merged and in order."""
    folded, positions = _folded_with_positions(text)
    spans = []
    for word in words:
        for stem in _stems(word):
            if not stem:
                continue
            start = folded.find(stem)
            while start != -1:
                end = start + len(stem)
                spans.append((positions[start], positions[end - 1] + 1))
                start = folded.find(stem, end)
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, words, width=160):
    """HTML: the text (cut to about `width` characters around the first match) escaped, matches in <mark>.

    Returns "" when no word occurs in the text.
    """
    text = " ".join(str(text or "").split())
    spans = match_spans(text, words)
    if not spans:
        return ""
    first = spans[0][0]
    begin = max(0, first - width // 3)
    if begin:
        space = text.rfind(" ", 0, begin)
        begin = space + 1 if space != -1 and begin - space < 20 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if space != -1 and space - end < 20 else end
    parts = ["…" if begin else ""]
    cursor = begin
    for start, stop in spans:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        parts.append(escape(text[cursor:start]))
        parts.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    parts.append(escape(text[cursor:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of the text is escaped above
