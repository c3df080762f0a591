"""People named in a document: one human, one record, however the text writes the name.

- A name the registry knows is found in any word order, with or without honorifics (the sorted words
  are the key, as `registry.models.partners.name_key` does for the database).
- A name it does not know is offered as a new record when the text says it is a person: an honorific
  before it ("Ms. Chhunmuoy Ath", "H.E. Mr. Shaharuddin bin Onn"), a title before it ("Prime Minister
  Hun Sen"), a role after it ("Alissar Chaker, the UNDP resident representative"), or a verb of speech
  ("Alisjahbana said", "according to Nguyễn Thị Hương"). Capitalised words that are titles, places,
  months, organisation words or sentence openers are never read as names.
- Once a person is named in full, a later part of the name ("Ms. Buth", "Thuch noted") is the same
  person. A word one or two letters away from such a name ("Alisjashbana") is linked to them too,
  marked `misspelt`: never a spelling to keep.
"""

import re
from dataclasses import dataclass, field

from . import lexicon
from .find_names import Identity
from .mentions import MatchHow, MentionKind
from .snapshot import person_key
from .tokens import fold, tokenize

# Honorifics that are only honorifics when abbreviated with a full stop ("Gen." but not "Gen").
_DOTTED = frozenset(
    [
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "brig",
        "adm",
        "cdr",
        "sgt",
        "cpl",
        "pol",
        "sec",
        "usec",
        "asec",
        "atty",
        "engr",
        "rev",
        "fr",
        "hon",
    ]
)
_WITH_ACCENTS = {"ba": "Bà", "ong": "Ông"}
_NOT_NAME = (
    lexicon.COMMON_CAPITALISED
    | lexicon.ROLE_HEADS
    | lexicon.ROLE_MODIFIERS
    | lexicon.ORG_HEADS
    | lexicon.EVENT_WORDS
    | lexicon.WEEKDAYS
    | lexicon.HONORIFICS
    | frozenset(lexicon.MONTHS)
    | frozenset(lexicon.DEMONYMS)
)
_STRONG_TITLES = frozenset(
    [
        "president",
        "minister",
        "ambassador",
        "governor",
        "secretary",
        "director",
        "king",
        "queen",
        "prince",
        "princess",
        "senator",
        "mayor",
        "chairman",
        "chairperson",
        "chairwoman",
        "commander",
        "general",
        "premier",
        "chancellor",
    ]
)
_AUXILIARIES = frozenset(
    ["also", "further", "then", "later", "earlier", "again", "has", "had", "have", "was", "is", "will", "would"]
)


@dataclass
class Person:
    """A person the document names: a registry slug, or the name a new record would have."""

    slug: str | None
    name: str
    honorific: str = ""
    words: set = field(default_factory=set)


def find_people(reader):
    """Add the document's person mentions to the reader; return the normal forms of their name words."""
    finder = _PeopleFinder(reader)
    finder.run()
    return {word for person in finder.people.values() for word in person.words}


def honorific_name_tokens(reader):
    """Token indexes of names written after an honorific: organisation names never extend over them."""
    finder = _PeopleFinder(reader)
    barrier = set()
    for first, last in finder.segments(ignore_taken=True):
        if finder.honorific_before(first):
            barrier.update(range(first, last + 1))
    return barrier


class _PeopleFinder:
    def __init__(self, reader):
        self.reader = reader
        self.text = reader.text
        self.tokens = reader.tokens
        self.index = reader.index
        self.people = {}  # slug, or ("new", key) -> Person
        self.places = reader.places

    # --- what a name looks like -------------------------------------------------------------------

    def eligible(self, token, ignore_taken=False):
        if not ignore_taken and not self.reader.token_free(token):
            return False
        raw = token.raw
        if not raw[:1].isupper() or any(c.isdigit() for c in raw) or token.norm in _NOT_NAME:
            return False
        if token.index in self.places:
            return False
        return not (len(raw) == 1 and self.text[token.end : token.end + 1] != ".")

    def joined(self, left, right):
        gap = self.text[left.end : right.start]
        if gap in (" ", "\u00a0", "-", "‐"):
            return True
        return len(left.raw) == 1 and gap in (". ", ".")  # an initial: "John F. Kennedy"

    def segments(self, ignore_taken=False):
        """Runs of name-like words ("Shaharuddin bin Onn", "Nguyễn Thị Hương"), as (first, last) token indexes."""
        tokens = self.tokens
        runs = []
        i = 0
        while i < len(tokens):
            if not self.eligible(tokens[i], ignore_taken):
                i += 1
                continue
            first = last = i
            j = i + 1
            while j < len(tokens) and self.joined(tokens[j - 1], tokens[j]):
                token = tokens[j]
                if self.eligible(token, ignore_taken):
                    last = j
                    j += 1
                elif (
                    token.raw in lexicon.NAME_PARTICLES
                    and j + 1 < len(tokens)
                    and self.joined(token, tokens[j + 1])
                    and self.eligible(tokens[j + 1], ignore_taken)
                ):
                    j += 1
                elif self.text[tokens[j - 1].end : token.start] in ("-", "‐") and token.raw.islower():
                    last = j  # "Kim Jong-un"
                    j += 1
                else:
                    break
            runs.append((first, last))
            i = last + 1
        return runs

    def honorific_before(self, first):
        """The honorifics written just before token `first` ("H.E. Dr."), as (first token index, text), or None."""
        tokens = self.tokens
        position = first
        found = None
        while position > 0:
            previous = tokens[position - 1]
            gap = self.text[previous.end : tokens[position].start]
            if gap not in (" ", ". ", ".", "\u00a0", ".\u00a0") and not (gap.strip() == "" and "\n" not in gap):
                break
            phrase = self._honorific_phrase_ending(position - 1)
            if phrase is not None:
                position = phrase
                found = position
                continue
            if self._is_honorific(previous):
                position -= 1
                found = position
                continue
            break
        if found is None:
            return None
        return found, self.text[tokens[found].start : tokens[first - 1].end].rstrip()

    def _is_honorific(self, token):
        norm = token.norm
        if norm == "he":
            return token.raw in ("H.E.", "HE", "H.E")
        if norm not in lexicon.HONORIFICS or not token.raw[:1].isupper():
            return False
        if norm in _DOTTED:
            return self.text[token.end : token.end + 1] == "."
        if norm in _WITH_ACCENTS:
            return token.raw == _WITH_ACCENTS[norm]
        return True

    def _honorific_phrase_ending(self, index):
        for phrase in lexicon.HONORIFIC_PHRASES:
            start = index - len(phrase) + 1
            if start < 0:
                continue
            window = self.tokens[start : index + 1]
            if tuple(t.norm for t in window) == phrase and window[0].raw[:1].isupper():
                if phrase == ("h", "e") and not all(t.raw.isupper() for t in window):
                    continue
                return start
        return None

    # --- the passes -------------------------------------------------------------------------------

    def run(self):
        pending = [part for first, last in self.segments() for part in self._known(first, last)]
        # Full names first, so that "Ms Chaker" is the Alissar Chaker of the document, not a new person.
        single = [(first, last) for first, last in pending if self._word_count(first, last) == 1]
        for first, last in pending:
            if (first, last) not in single:
                self._new(first, last)
        known_words = {word for person in self.people.values() for word in person.words}
        for first, last in single:
            if self.tokens[first].norm not in known_words:
                self._new(first, last)
        self._partials()

    def _word_count(self, first, last):
        return sum(1 for t in self.tokens[first : last + 1] if t.raw not in lexicon.NAME_PARTICLES)

    def _known(self, first, last):
        """Registry names inside the run, longest first; what is left of the run is returned for reading as new."""
        words = list(range(first, last + 1))
        hits = []
        i = 0
        while i < len(words):
            found = None
            for length in (5, 4, 3, 2):
                window = words[i : i + length]
                if len(window) < length:
                    continue
                key = person_key([self.tokens[k] for k in window])
                slugs = self.index.people.get(key)
                if slugs:
                    found = (window, slugs)
                    break
            if found:
                window, slugs = found
                hits.append(found)
                i += len(window)
            else:
                i += 1
        rest = []
        cursor = first
        for window, slugs in hits:
            if window[0] > cursor:
                rest.append((cursor, window[0] - 1))
            self._add_known(window, slugs)
            cursor = window[-1] + 1
        if cursor <= last:
            rest.append((cursor, last))
        return rest

    def _add_known(self, window, slugs):
        start, end = self.tokens[window[0]].start, self.tokens[window[-1]].end
        text = self.text[start:end]
        if len(slugs) > 1:
            self.reader.add(
                MentionKind.PERSON,
                start,
                end,
                _identity(None, text, MatchHow.AMBIGUOUS, candidates=tuple(sorted(slugs))),
            )
            return
        slug = next(iter(slugs))
        record = self.index.person_records[slug]
        names = (record.name, *record.other_names)
        how = MatchHow.NAME if any(_plain(n) == _plain(text) for n in names) else MatchHow.VARIANT
        if self.reader.add(MentionKind.PERSON, start, end, _identity(slug, "", how)):
            person = self.people.setdefault(slug, Person(slug, record.name))
            for name in names:
                person.words.update(
                    t.norm for t in tokenize(name) if len(t.norm) >= 3 and t.raw not in lexicon.NAME_PARTICLES
                )

    def _new(self, first, last):
        tokens = self.tokens
        words = [t for t in tokens[first : last + 1] if t.raw not in lexicon.NAME_PARTICLES]
        if not words or len(words) > 5:
            return
        honorific = self.honorific_before(first)
        cue = "honorific" if honorific else self._cue(first, last)
        if cue is None:
            return
        if any(t.is_upper for t in words) and not honorific and all(t.is_upper for t in words):
            return
        if cue in ("apposition", "speech") and len(words) < 2:
            return
        if cue == "role" and len(words) < 2 and not self._strong_title_before(first):
            return
        if self._place(last):
            return
        start, end = tokens[first].start, tokens[last].end
        name = " ".join(self.text[start:end].split())
        key = ("new", person_key(tokens[first : last + 1]))
        honorific_text = honorific[1] if honorific else ""
        identity = _identity(None, name, MatchHow.NEW)
        if self.reader.add(MentionKind.PERSON, start, end, identity, honorific=honorific_text):
            person = self.people.setdefault(key, Person(None, name, honorific_text))
            person.words.update(t.norm for t in words if len(t.norm) >= 2)

    def _cue(self, first, last):
        if self._role_before(first):
            return "role"
        if self._role_after(last):
            return "apposition"
        if self._speech_after(last) or self._speech_before(first):
            return "speech"
        if self._affiliation_after(first, last):
            return "apposition"
        return None

    def _affiliation_after(self, first, last):
        """An organisation in brackets after the name, as in speaker lists: "Pham Thi Lan (UNICEF Viet Nam)".

        Not when the bracket spells the words before it: "Golden West (GW)" defines an acronym.
        """
        match = re.match(r" \(([A-Z][^()\n]{1,60})\)", self.text[self.tokens[last].end : self.tokens[last].end + 64])
        if not match:
            return False
        inside = match.group(1)
        first_word = inside.split()[0].strip(",.;")
        if not (first_word.isupper() and len(first_word) >= 2) and first_word.lower() not in lexicon.ORG_HEADS:
            return False
        initials = "".join(t.raw[0] for t in self.tokens[first : last + 1]).upper()
        return not inside.replace(" ", "").upper().startswith(initials)

    def _role_before(self, first):
        """A title just before the name: "Prime Minister Hun Sen", "UNDP Resident Representative Alissar Chaker"."""
        tokens = self.tokens
        position = first - 1
        seen = 0
        while position >= 0 and seen < 6:
            token = tokens[position]
            gap = self.text[token.end : tokens[position + 1].start]
            if gap.strip(" -‐") or "\n" in gap:
                return False
            if token.norm in lexicon.ROLE_HEADS:
                return position == first - 1 or tokens[first - 1].norm not in ("of", "and", "the", "for")
            if not (token.is_capitalised or token.norm in ("of", "and", "the", "for")):
                return False
            position -= 1
            seen += 1
        return False

    def _strong_title_before(self, first):
        return first > 0 and self.tokens[first - 1].norm in _STRONG_TITLES and self.tokens[first - 1].is_capitalised

    def _role_after(self, last):
        """A role after a comma: "Alissar Chaker, the UNDP resident representative in Cambodia"."""
        tokens = self.tokens
        if last + 1 >= len(tokens):
            return False
        gap = self.text[tokens[last].end : tokens[last + 1].start]
        if gap.strip() != "," or "\n" in gap:
            return False
        for token in tokens[last + 1 : last + 8]:
            between = self.text[tokens[token.index - 1].end : token.start]
            if token.index > last + 1 and ("." in between or ";" in between or "\n" in between or "(" in between):
                return False
            if token.norm in lexicon.ROLE_HEADS and token.norm not in ("general", "head"):
                return True
        return False

    def _speech_after(self, last):
        tokens = self.tokens
        position = last + 1
        for _ in range(2):
            if position >= len(tokens):
                return False
            gap = self.text[tokens[position - 1].end : tokens[position].start]
            if gap.strip(" ]") or "\n" in gap:
                return False
            token = tokens[position]
            if token.raw in lexicon.SPEECH_VERBS:
                return True
            if token.raw not in _AUXILIARIES:
                return False
            position += 1
        return False

    def _speech_before(self, first):
        tokens = self.tokens
        if first == 0:
            return False
        previous = tokens[first - 1]
        gap = self.text[previous.end : tokens[first].start]
        if gap.strip(" ,") or "\n" in gap:
            return False
        if previous.raw in lexicon.SPEECH_BEFORE and previous.raw != "according":
            return True
        return previous.raw == "to" and first >= 2 and tokens[first - 2].raw.lower() == "according"

    def _place(self, last):
        """ "Ha Noi, Viet Nam": a place and its country, as in a dateline."""
        tokens = self.tokens
        if last + 1 >= len(tokens):
            return False
        gap = self.text[tokens[last].end : tokens[last + 1].start]
        return gap.strip() == "," and self.reader._in_country(tokens[last + 1])

    # --- later parts of a name, and misspellings --------------------------------------------------

    def _partials(self):
        owners = {}
        for key, person in self.people.items():
            for word in person.words:
                owners.setdefault(word, set()).add(key)
        long_words = {word: keys for word, keys in owners.items() if len(word) >= 6}
        for token in self.tokens:
            if not self.eligible(token):
                continue
            keys = owners.get(token.norm)
            how = MatchHow.PARTIAL
            if not keys and len(token.norm) >= 6:
                close = {word for word in long_words if word[0] == token.norm[0] and _close(word, token.norm)}
                keys = set().union(*(long_words[w] for w in close)) if close else set()
                how = MatchHow.MISSPELT
            if not keys or len(keys) != 1:
                continue
            if len(token.norm) < 3 and not self.honorific_before(token.index):
                continue
            person = self.people[next(iter(keys))]
            identity = _identity(person.slug, person.name if person.slug is None else "", how)
            self.reader.add(MentionKind.PERSON, token.start, token.end, identity, honorific=person.honorific)


def _identity(slug, name, how, candidates=()):
    return Identity(slug, name=name, how=how, candidates=candidates)


def _plain(text):
    return " ".join(fold(text).replace(".", " ").split())


def _close(a, b):
    """Whether two words are one or two edits apart (Damerau-Levenshtein; two only for long words)."""
    limit = 1 if max(len(a), len(b)) <= 8 else 2
    if abs(len(a) - len(b)) > limit:
        return False
    previous_row = None
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], before[j - 2] + 1)
        if min(row) > limit:
            return False
    return row[-1] <= limit
