"""Which language each paragraph of a multilingual text is in, told by its script.

A source document may hold the same text in two languages (the China-ASEAN joint statement: English,
then the Chinese original). Its record lists its languages ("en", "zh-Hans") but not where each one
is, so a page tags each paragraph by what it is written in: mostly Han characters is the document's
Chinese, anything else its first language. A screen reader then reads each paragraph in its own
voice, and a browser picks the right font.
"""

import re

# A blank line (spaces, tabs or a carriage return may sit on it) ends a paragraph.
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")

# Unified Han ideographs and their extensions (A, B to H) and the compatibility block.
HAN_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))

# When a document lists no Chinese code of its own, Chinese paragraphs are tagged as the sources' usual one.
DEFAULT_CHINESE = "zh-Hans"


def is_han(char):
    """Whether `char` is a Han (Chinese) character."""
    code = ord(char)
    return any(low <= code <= high for low, high in HAN_RANGES)


def is_mostly_han(text):
    """Whether more than half of the letters of `text` are Han characters (digits, punctuation and spaces aside).

    "1.支持东盟区域地雷行动中心工作" is; "Support the work of ARMAC (东盟区域地雷行动中心)" is not.
    """
    letters = [char for char in text if char.isalpha()]
    return sum(1 for char in letters if is_han(char)) * 2 > len(letters)


def paragraph_spans(text):
    """(start, end) of each paragraph of `text`: the runs between blank lines, without the space around them."""
    spans = []
    starts = [0, *(match.end() for match in PARAGRAPH_BREAK.finditer(text))]
    ends = [match.start() for match in PARAGRAPH_BREAK.finditer(text)] + [len(text)]
    for start, end in zip(starts, ends, strict=True):
        chunk = text[start:end]
        first = start + len(chunk) - len(chunk.lstrip())
        last = start + len(chunk.rstrip())
        if last > first:
            spans.append((first, last))
    return spans


def chinese_code(languages):
    """The document's own code for Chinese ("zh-Hans", "zh-Hant", "zh"), or the usual one when it lists none."""
    return next((code for code in languages if code.lower().split("-")[0] == "zh"), DEFAULT_CHINESE)


def paragraph_languages(text, languages):
    """(start, end, language code) of each paragraph of `text`, a document in `languages`.

    A mostly-Han paragraph is in the document's Chinese; any other in its first language, or ""
    (not known) when it lists none.
    """
    languages = list(languages or [])
    first = languages[0] if languages else ""
    return [
        (start, end, chinese_code(languages) if is_mostly_han(text[start:end]) else first)
        for start, end in paragraph_spans(text)
    ]
