"""Words of a text with their offsets, and the one normal form every lookup compares.

The same `tokenize` reads the registry's names and the document, so "Viet Nam National Mine Action
Center" and "Viet Nam National Mine Action Centre", "People’s" and "People's", "Đặng" and "Dang"
meet on one key.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TOKEN = re.compile(
    r"""
    (?:[^\W\d_]\.){2,}               # dotted abbreviations: H.E., U.S., U.N.
    | [^\W_]+(?:['’][^\W_]+)*        # words and numbers, with inner apostrophes: People’s, O'Brien
    | &
    """,
    re.VERBOSE,
)
_POSSESSIVE = re.compile(r"['’][sS]$")
_LETTERS_NOT_DECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i"})
_SPELLINGS = {
    "center": "centre",
    "centers": "centres",
    "program": "programme",
    "programs": "programmes",
    "defense": "defence",
    "labor": "labour",
    "honor": "honour",
    "counselor": "counsellor",
    "kilometer": "kilometre",
    "kilometers": "kilometres",
    "meter": "metre",
    "meters": "metres",
    "&": "and",
}
_IZE = re.compile(r"(?<=\w{3})iz(e|es|ed|ing|ation|ations)$")
# Between two words of one name: spaces (at most one line break), hyphens, dashes, slashes, brackets.
_NAME_GAP = re.compile(
    r"[ \t\u00a0]*\n?[ \t\u00a0]*"
    r"|[ \t\u00a0]*[-‐‑–—/()’'][ \t\u00a0]*"
    r"|[ \t\u00a0]*[)(][ \t\u00a0]*[(]?"
    r"|['’][sS][ \t\u00a0]+"  # a possessive inside a name: People’s Republic of China
)


def fold(text):
    """Accents and case folded away: "Nguyễn Thị Hương" -> "nguyen thi huong"."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_LETTERS_NOT_DECOMPOSED))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=65536)
def normalise(word):
    """One word's normal form: folded, apostrophes and dots dropped, one spelling of Centre/Center etc."""
    word = fold(word).replace("'", "").replace("’", "").replace(".", "")
    word = _SPELLINGS.get(word, word)
    return _IZE.sub(lambda m: "is" + m.group(1), word) if len(word) > 5 else word


@dataclass(slots=True)
class Token:
    """One word of a text: where it is, as written, and its normal form.

    `is_capitalised`: begins with a capital (or is a number-led word like "78th");
    `is_upper`: written in capitals with at least two letters, an acronym or a heading word.
    """

    index: int
    start: int
    end: int
    raw: str
    norm: str
    is_capitalised: bool = False
    is_upper: bool = False

    @property
    def is_camel(self):
        """A brand-like word with a capital inside: SingHealth, NationPress (not McDonald or DeSantis)."""
        raw = self.raw
        return bool(
            len(raw) >= 5
            and raw[0].isupper()
            and raw[1:2].islower()
            and any(c.isupper() for c in raw[2:])
            and not _NOT_CAMEL.match(raw)
            and "’" not in raw
            and "'" not in raw
        )


_NOT_CAMEL = re.compile(r"(Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|O)[A-Z]")


def _shape(raw):
    first = raw[:1]
    capitalised = first.isupper() or (first.isdigit() and not raw.isdigit())
    upper = False
    if first.isupper():
        letters = [c for c in raw if c.isalpha()]
        upper = len(letters) >= 2 and all(c.isupper() for c in letters)
    return capitalised, upper


def tokenize(text):
    """The words of a text, possessive ’s left out of the word ("UNDP’s" is UNDP)."""
    tokens = []
    for match in _TOKEN.finditer(text):
        raw, start, end = match.group(), match.start(), match.end()
        if _POSSESSIVE.search(raw) and len(raw) > 2:
            raw, end = raw[:-2], end - 2
        tokens.append(Token(len(tokens), start, end, raw, normalise(raw), *_shape(raw)))
    return tokens


def raw_words(text):
    """A text's words as written, without offsets ("ADMM-Plus" is two words, as `tokenize` reads it)."""
    return [raw[:-2] if len(raw) > 2 and raw[-1] in "sS" and raw[-2] in "'’" else raw for raw in _TOKEN.findall(text)]


def words(text):
    """The normal forms of a text's words, without offsets: the fast path for building lookup keys."""
    found = []
    for raw in _TOKEN.findall(text):
        if len(raw) > 2 and raw[-1] in "sS" and raw[-2] in "'’":
            raw = raw[:-2]
        found.append(normalise(raw))
    return found


def name_gap(text, left, right):
    """Whether two tokens are close enough to belong to one name (no sentence or clause break between)."""
    gap = text[left.end : right.start]
    if not gap:
        return True
    if len(gap) > 4 and gap.strip():
        return False
    return bool(_NAME_GAP.fullmatch(gap))


def word_gap(text, left, right):
    """Whether only spaces (and at most one line break) separate two tokens."""
    gap = text[left.end : right.start]
    return gap.count("\n") <= 1 and not gap.strip()
