"""Organisations, countries and themes named in a document: the registry's, and new ones.

Read in passes, most specific first; a passage taken by one pass is not read again by a later one:

1. names the registry knows (organisations by any recorded name or spelling variant; the longest wins);
2. names defined with an acronym in brackets, "Peace Sharing Association (PSA)", the bracketed
   acronym linked to the same record;
3. new organisations by the head of their name ("Yonsei University", "Ministry of Foreign Affairs of
   the People’s Republic of China"), brand-like names ("SingHealth"), a news agency after a dateline;
4. countries, also inside organisation names: "Viet Nam National Mine Action Centre" is an organisation
   with the country "Viet Nam" nested in it. Both are reported because the portal ties an organisation's
   country to the documents that name the organisation, and staff may cite the country from those words;
   a nested mention lies wholly inside its organisation, so highlights nest and never cross. Likewise
   "the governments of Australia, the Republic of Korea…": each country's words name both the country
   and its government (an organisation mention on the same words);
5. acronyms on their own ("ARMAC", "UNDP"), read by the document's own definitions first;
6. themes.

People are read in people.py, between passes 4 and 5.
"""

import itertools
import re
from dataclasses import dataclass

from . import lexicon
from .mentions import MatchHow, Mention, MentionKind
from .snapshot import acronym_key
from .tokens import fold, name_gap, tokenize

_LEADING_NOT_NAME = lexicon.COMMON_CAPITALISED - lexicon.ORG_HEADS - {
    "national", "international", "regional", "global", "public", "joint", "central", "royal", "united", "peoples",
    "democratic", "socialist", "islamic", "republic", "kingdom", "mine", "mines", "peace", "humanitarian", "victim",
    "women", "children", "youth", "development", "health", "science", "research", "university", "institute",
    "education", "environment", "energy", "justice", "foreign", "affairs", "defence", "interior", "finance",
    "economic", "social", "trade", "labour", "welfare", "veterans", "rural", "land", "water", "climate",
    "transport", "culture", "safety", "security", "disability", "rehabilitation", "clearance", "action",
    "explosive", "ordnance", "demining", "landmine", "landmines", "assistance", "cooperation", "information",
    "technology", "innovation", "knowledge", "resource", "resources", "community", "communities", "state",
    "states", "partner", "partners", "nation", "nations", "world", "asia", "pacific", "east", "west", "north",
    "south", "eastern", "western", "northern", "southern", "local", "special", "general", "sustainable", "risk",
    "excellence", "centre",
}  # fmt: skip
_URLS = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\w)[@#]\w+", re.IGNORECASE)
_ACRONYM_IN_BRACKETS = re.compile(r"\(\s*([A-Z][A-Za-z0-9&.\-]*(?:\s[A-Z][A-Za-z0-9&.\-]*){0,2})\s*\)")
_NEWS_AGENCY = re.compile(r"\s+(news\s+agency|news\s+service|newspaper)\b", re.IGNORECASE)
_GOVERNMENTS_OF = re.compile(r"\b[Gg]overnments\s+of\s+")
_PLACE_WORDS = frozenset({"international", "national", "regional", "global"})
_RIGHT_CONNECTORS = frozenset({"of", "for", "on", "to", "and", "&", "de", "du", "des", "la"})
_DATELINE = re.compile(r"^[ \t]*([A-Z][A-Z.'’\- ]*[A-Z.])[ \t]*(?:,[ \t]*|\()", re.MULTILINE)
_LIST_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:the\s+)?")


@dataclass(frozen=True)
class Identity:
    """Who a group of mentions names: a registry slug, or the name and acronym of a new record."""

    slug: str | None
    name: str = ""
    acronym: str = ""
    how: str = ""
    candidates: tuple = ()


class Reader:
    """One document read against one snapshot's index: its tokens, its canonical stream and what is taken."""

    def __init__(self, text, index):
        self.text = text
        self.index = index
        self.tokens = tokenize(text)
        self.taken = bytearray(len(text))
        for match in _URLS.finditer(text):
            self.taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
        self.masked = bytes(self.taken)
        self.stream = index.stream(self.tokens, text)
        self.item_of_token = {}
        for position, item in enumerate(self.stream):
            for i in range(item.first, item.last + 1):
                self.item_of_token[i] = position
        self.joins = [
            all(name_gap(text, self.tokens[i], self.tokens[i + 1]) for i in range(a.last, b.first))
            for a, b in zip(self.stream, self.stream[1:], strict=False)
        ]
        self.mentions = []
        self.acronyms = {}  # acronym as written -> Identity, from the document's own "(ACR)" definitions
        self.terms = set()  # acronyms the document defines as terms ("Explosive Remnants of War (ERW)")
        self.places = set()  # token indexes of place names ("Phnom Penh", "Quang Tri"): never a person
        norms = [t.norm for t in self.tokens]
        for i in range(len(norms)):
            for length in (4, 3, 2, 1):
                if tuple(norms[i : i + length]) in lexicon.PLACES:
                    self.places.update(range(i, i + length))
                    break
        self.new_by_key = {}  # canonical key -> Identity of a new organisation, so its mentions share one name
        self.new_by_acronym = {}

    # --- bookkeeping ------------------------------------------------------------------------------

    def free(self, start, end):
        return not any(self.taken[start:end])

    def token_free(self, token):
        return not self.taken[token.start]

    def add(self, kind, start, end, identity=None, *, value=None, force=False, **extra):
        if start >= end or (not force and not self.free(start, end)):
            return None
        identity = identity or Identity(None)
        mention = Mention(
            kind=kind,
            start=start,
            end=end,
            text=self.text[start:end],
            match=identity.slug,
            value=value,
            how=identity.how,
            name=identity.name if identity.slug is None else "",
            acronym=identity.acronym if identity.slug is None else "",
            candidates=identity.candidates,
            **extra,
        )
        self.mentions.append(mention)
        self.taken[start:end] = b"\x01" * (end - start)
        return mention

    def span(self, first, last):
        return self.tokens[first].start, self.tokens[last].end

    def window_joined(self, a, b):
        """Whether stream items a..b are one name (no clause break between)."""
        return all(self.joins[a:b])

    # --- identities -------------------------------------------------------------------------------

    def organisation(self, slugs, text, *, acronym=False):
        """The identity of an organisation passage found in the registry."""
        if len(slugs) > 1:
            return Identity(None, name=text, how=MatchHow.AMBIGUOUS, candidates=tuple(sorted(slugs)))
        slug = next(iter(slugs))
        record = self.index.organisation_names[slug]
        if acronym or (record.acronym and text.replace(".", "") == record.acronym):
            return Identity(slug, how=MatchHow.ACRONYM)
        written = _plain(text)
        exact = any(_plain(name) == written for name in (record.name, *record.other_names))
        return Identity(slug, how=MatchHow.NAME if exact else MatchHow.VARIANT)

    def new_organisation(self, name, acronym=""):
        """A new record's identity: its key joins "Viet Nam National Mine Action Center" and "…Centre".

        Every mention of one new organisation in the document gets the same identity: the first name
        given, with the acronym the document defines for it.
        """
        name = " ".join(name.split())
        keys = sorted(self.index.organisation_keys(name)) if name else []
        for key in keys:
            slugs = self.index.organisations.entries.get(key)
            if slugs:
                return self.organisation(slugs, name)
        for key in keys:
            if key in self.new_by_key:
                return self.new_by_key[key]
        if acronym and acronym in self.new_by_acronym:
            return self.new_by_acronym[acronym]
        identity = Identity(None, name=name, acronym=acronym, how=MatchHow.NEW)
        for key in keys:
            self.new_by_key[key] = identity
        if acronym:
            self.new_by_acronym[acronym] = identity
        return identity

    # --- pass 1: the registry's organisations -----------------------------------------------------

    def known_organisations(self):
        table = self.index.organisations
        stream = self.stream
        position = 0
        while position < len(stream):
            item = stream[position]
            first_token = self.tokens[item.first]
            hit = None
            if (first_token.is_capitalised or item.iso3) and self.token_free(first_token):
                for length in table.lengths.get(item.value, ()):
                    last = position + length - 1
                    if last >= len(stream) or not self.window_joined(position, last):
                        continue
                    key = tuple(i.value for i in stream[position : last + 1])
                    slugs = table.entries.get(key)
                    if slugs:
                        hit = (last, slugs)
                        break
            if hit:
                last, slugs = hit
                start, end = self.span(item.first, stream[last].last)
                if self.free(start, end):
                    self.add(MentionKind.ORGANISATION, start, end, self.organisation(slugs, self.text[start:end]))
                    position = last + 1
                    continue
            position += 1

    # --- pass 2: names defined with an acronym in brackets ----------------------------------------

    def acronym_definitions(self):
        """Read every "Long Name (ACR)": the acronym's long form, and whether it names an organisation."""
        definitions = []
        for match in _ACRONYM_IN_BRACKETS.finditer(self.text):
            short = match.group(1)
            letters = [c for c in short if c.isalpha()]
            if sum(c.isupper() for c in letters) < 2 or len(letters) > 12 or self.masked[match.start()]:
                continue
            if short in lexicon.CASE_SENSITIVE_COUNTRY_NAMES or self._is_country_text(short):
                continue
            long_form = self._long_form(match.start(), short)
            if long_form is None:
                continue
            first, last = long_form
            start, end = self.span(first, last)
            name = self.text[start:end]
            {t.norm for t in self.tokens[first : last + 1] if t.is_capitalised}
            known = self.index.organisations.entries.get(tuple(i.value for i in self._stream_of(first, last)))
            if known or self._names_organisation(first, last, short):
                identity = self.organisation(known, name) if known else self.new_organisation(name, short)
                self.acronyms.setdefault(short.replace(".", ""), identity)
                definitions.append((start, end, match.start(1), match.end(1), identity))
            else:
                self.terms.add(short.replace(".", ""))
        return definitions

    def _names_organisation(self, first, last, short):
        """Whether "Long Form (ACR)" names an organisation rather than a thing ("Explosive Remnants of War (ERW)")."""
        words = self.tokens[first : last + 1]
        if any(t.norm in lexicon.ORG_HEADS and t.is_capitalised for t in words):
            return True
        if self.index.acronyms.entries.get(acronym_key(short)):
            return True
        if short.replace(".", "").lower() in lexicon.TERM_ACRONYMS:
            return False
        # A proper name with a place in it is an organisation: "Handicap International (HI)".
        return any(
            t.norm in _PLACE_WORDS or t.norm in lexicon.DEMONYMS or self._in_country(t)
            for t in words
            if t.is_capitalised
        )

    def defined_organisations(self, definitions):
        # The longest first: "Association of SouthEast Asian Nations (ASEAN) Regional Mine Action Centre (ARMAC)"
        # is one name, within which "(ASEAN)" is defined too.
        for start, end, short_start, short_end, identity in sorted(definitions, key=lambda d: d[0] - d[1]):
            start, end = self._unit_in_country(start, end, short_end, identity)
            if end > short_end:
                unit = self.new_organisation(self.text[start:end])
                self.add(MentionKind.ORGANISATION, start, end, unit)
                continue
            self.add(MentionKind.ORGANISATION, start, end, identity)
            acronym_identity = Identity(identity.slug, how=MatchHow.ACRONYM) if identity.slug else identity
            self.add(MentionKind.ORGANISATION, short_start, short_end, acronym_identity)

    def _unit_in_country(self, start, end, short_end, identity):
        """ "The United Nations Development Programme (UNDP) in Cambodia": the organisation's office there."""
        if identity.slug is not None:
            return start, end
        tail = re.match(r"\)\s+in\s+", self.text[short_end : short_end + 8])
        head = self.text[max(0, start - 4) : start].lower()
        if not tail or not head.endswith("the "):
            return start, end
        after = short_end + tail.end()
        token = self._token_at(after)
        if token is None or token.index not in self.item_of_token:
            return start, end
        item = self.stream[self.item_of_token[token.index]]
        if not item.iso3:
            return start, end
        return start, self.tokens[item.last].end

    def _long_form(self, bracket, short):
        """The shortest run of words before the bracket whose letters spell the acronym (Schwartz & Hearst)."""
        last = self._token_before(bracket)
        if last is None:
            return None
        letters = [c.lower() for c in short if c.isalnum()]
        limit = max(len(letters) + 7, len(letters) * 2)
        first = last
        while first > 0 and last - first < limit and name_gap(self.text, self.tokens[first - 1], self.tokens[first]):
            first -= 1
        candidate = self.text[self.tokens[first].start : self.tokens[last].end]
        offset = _schwartz_hearst(letters, candidate)
        if offset is None:
            return None
        begin = self._token_at(self.tokens[first].start + offset)
        if begin is None:
            return None
        index = begin.index
        if self.text[begin.start - 1 : begin.start] == "(":
            # "(ASEAN) Regional Mine Action Centre": the bracket belongs to a longer name before it.
            index = self._run_start(index - 1)
        while index < last and (
            self.tokens[index].norm in lexicon.ORG_CONNECTORS or not self.tokens[index].is_capitalised
        ):
            index += 1
        if not self.tokens[index].is_capitalised:
            return None
        return index, last

    def _run_start(self, index):
        """The first word of the capitalised name ending at token `index`."""
        while index > 0:
            previous = self.tokens[index - 1]
            if (
                not name_gap(self.text, previous, self.tokens[index])
                or "(" in self.text[previous.end : self.tokens[index].start]
            ):
                break
            name_word = previous.is_capitalised and previous.norm not in _LEADING_NOT_NAME
            connector = (
                previous.norm in ("of", "for", "and", "the") and index >= 2 and self.tokens[index - 2].is_capitalised
            )
            if name_word or connector:
                index -= 1
            else:
                break
        return index

    def _stream_of(self, first, last):
        if first not in self.item_of_token or last not in self.item_of_token:
            return []
        return self.stream[self.item_of_token[first] : self.item_of_token[last] + 1]

    def _is_country_text(self, text):
        tokens = tokenize(text)
        found = self.index.country_at(tokens, 0, text) if tokens else None
        return bool(found) and found[1] == len(tokens) - 1

    def _token_before(self, offset):
        """The index of the word ending just before `offset` (only spaces between), or None."""
        i = self._token_index_near(offset) - 1
        if i < 0 or self.tokens[i].end > offset or self.text[self.tokens[i].end : offset].strip():
            return None
        return i

    def _token_index_near(self, offset):
        low, high = 0, len(self.tokens)
        while low < high:
            middle = (low + high) // 2
            if self.tokens[middle].start < offset:
                low = middle + 1
            else:
                high = middle
        return low

    def _token_at(self, offset):
        i = self._token_index_near(offset)
        for token in self.tokens[max(0, i - 1) : i + 1]:
            if token.start <= offset < token.end:
                return token
        return None

    # --- pass 3: new organisations by the head of their name --------------------------------------

    def headed_organisations(self, barriers):
        """ "Yonsei University", "Ministry of Foreign Affairs of the People’s Republic of China"."""
        tokens = self.tokens
        for token in tokens:
            if token.norm not in lexicon.ORG_HEADS or not token.is_capitalised or not self.token_free(token):
                continue
            first = self._extend_left(token.index, barriers)
            last = self._extend_right(token.index)
            while first < token.index and (
                tokens[first].norm in lexicon.ORG_CONNECTORS
                or (tokens[first].norm in _LEADING_NOT_NAME and not self._in_country(tokens[first]))
            ):
                first += 1
            if last == first:
                continue  # "Ministry" alone begins a sentence; a name has more words
            start, end = self.span(first, last)
            if not self.free(start, end):
                continue
            self.add(MentionKind.ORGANISATION, start, end, self.new_organisation(self.text[start:end]))

    def _extend_left(self, index, barriers):
        tokens = self.tokens
        first = index
        while first > 0:
            previous = tokens[first - 1]
            gap = self.text[previous.end : tokens[first].start]
            if not self.token_free(previous) or previous.index in barriers or "(" in gap or ")" in gap or "\n" in gap:
                break  # a name does not run over a bracket or onto the line above
            if not name_gap(self.text, previous, tokens[first]):
                break
            if previous.norm in ("and", "&"):
                before = tokens[first - 2] if first >= 2 else None
                if (
                    before is None
                    or before.is_upper
                    or self._in_country(before)
                    or before.norm in lexicon.ORG_HEADS
                    or tokens[first].norm in lexicon.ORG_HEADS
                    or not before.is_capitalised
                ):
                    break
                first -= 1
                continue
            if previous.norm == "the":
                before = tokens[first - 2] if first >= 2 else None
                if before is None or before.norm not in ("of", "for", "and"):
                    break
                first -= 1
                continue
            if previous.norm in ("of", "for", "on", "de", "du", "des", "la"):
                before = tokens[first - 2] if first >= 2 else None
                if before is None or not before.is_capitalised or _role_or_event(before.norm):
                    break  # "the 78th Session of the Commission" is an event of the Commission
                first -= 1
                continue
            if not previous.is_capitalised or previous.raw[:1].isdigit():
                break
            if previous.norm in lexicon.MONTHS or previous.norm in lexicon.WEEKDAYS:
                break
            first -= 1
        return first

    def _extend_right(self, index):
        """The name goes on after its head only through "of", "for", "on", "to": "Agency for Mine Action"."""
        tokens = self.tokens
        last = index
        position = index + 1
        while position < len(tokens):
            token, previous = tokens[position], tokens[position - 1]
            if not self._org_joined(previous, token) or not self.token_free(token):
                break
            if token.norm in _RIGHT_CONNECTORS:
                following = position + 1
                if following < len(tokens) and tokens[following].norm == "the":
                    following += 1
                if (
                    following >= len(tokens)
                    or not self._usable_name_word(tokens[following])
                    or not all(
                        self._org_joined(a, b)
                        for a, b in zip(tokens[position:following], tokens[position + 1 : following + 1], strict=False)
                    )
                ):
                    break
                if token.norm in ("and", "&") and (
                    last == index
                    or tokens[following].is_upper
                    or tokens[following].norm in lexicon.ORG_HEADS
                    or self._in_country(previous)
                ):
                    break
                position = following
                continue
            if not self._usable_name_word(token):
                break
            if position == index + 1:
                # Straight after the head only another head continues the name: "Yonsei University Hospital".
                run = position
                while (
                    run < len(tokens)
                    and self._usable_name_word(tokens[run])
                    and tokens[run].norm not in lexicon.ORG_HEADS
                ):
                    if not self._org_joined(tokens[run - 1], tokens[run]):
                        break
                    run += 1
                if (
                    run < len(tokens)
                    and run > position
                    and tokens[run].norm in lexicon.ORG_HEADS
                    and self._usable_name_word(tokens[run])
                    and self._org_joined(tokens[run - 1], tokens[run])
                ):
                    last = run
                    position = run + 1
                    continue
                break
            last = position
            position += 1
        return last

    def _org_joined(self, left, right):
        gap = self.text[left.end : right.start]
        return "(" not in gap and ")" not in gap and "\n" not in gap and name_gap(self.text, left, right)

    @staticmethod
    def _usable_name_word(token):
        return (
            token.is_capitalised
            and not token.raw.isdigit()
            and token.norm not in lexicon.MONTHS
            and token.norm not in lexicon.WEEKDAYS
        )

    def _in_country(self, token):
        position = self.item_of_token.get(token.index)
        return position is not None and bool(self.stream[position].iso3)

    def governments(self):
        """ "the governments of Australia, the Republic of Korea, New Zealand, and Luxembourg"."""
        for match in _GOVERNMENTS_OF.finditer(self.text):
            offset = match.end()
            while True:
                token = self._token_at(offset)
                if token is None or token.index not in self.item_of_token:
                    break
                item = self.stream[self.item_of_token[token.index]]
                if not item.iso3 or self.tokens[item.first].start != offset:
                    break
                start, end = self.span(item.first, item.last)
                country_words = self.text[start:end]
                article = "the " if self.text[max(0, start - 4) : start].lower() == "the " else ""
                identity = self.new_organisation(f"Government of {article}{country_words}")
                self.add(MentionKind.ORGANISATION, start, end, identity, force=True)
                separator = _LIST_SEPARATOR.match(self.text, end)
                if not separator:
                    break
                offset = separator.end()

    def brand_names(self, person_tokens):
        """ "SingHealth", "NationPress": one word with a capital inside."""
        for token in self.tokens:
            if token.is_camel and self.token_free(token) and token.norm not in person_tokens:
                self.add(MentionKind.ORGANISATION, token.start, token.end, self.new_organisation(token.raw))

    def news_agencies(self, dates):
        """ "Phnom Penh, July 7 (NationPress)", "as reported by Xinhua news agency"."""
        for date in dates:
            match = re.match(r"\s*\(([A-Z][\w’'.&-]*(?:\s[A-Z][\w’'.&-]*){0,3})\)", self.text[date.end : date.end + 60])
            if match:
                start, end = date.end + match.start(1), date.end + match.end(1)
                self.add(MentionKind.ORGANISATION, start, end, self.new_organisation(match.group(1)))
        for token in self.tokens:
            if not token.is_capitalised or not self.token_free(token):
                continue
            agency = _NEWS_AGENCY.match(self.text, token.end)
            if agency:
                self.add(
                    MentionKind.ORGANISATION,
                    token.start,
                    agency.end(),
                    self.new_organisation(self.text[token.start : agency.end()]),
                )

    def offices(self):
        """ "UNDP-Cambodia", "UNICEF Viet Nam": an organisation's office in a country."""
        for position, item in enumerate(self.stream[:-1]):
            token = self.tokens[item.first]
            after = self.stream[position + 1]
            if (
                item.first != item.last
                or not token.is_upper
                or not after.iso3
                or not self.window_joined(position, position + 1)
            ):
                continue
            following = self.tokens[after.last + 1] if after.last + 1 < len(self.tokens) else None
            if (
                following is not None
                and following.is_capitalised
                and word_gap_text(self.text, self.tokens[after.last], following)
            ):
                continue  # "ASEAN-Korea Cooperation Fund" is a longer name
            start, end = self.span(item.first, after.last)
            if self.free(start, end) and token.norm not in lexicon.TERM_ACRONYMS:
                self.add(MentionKind.ORGANISATION, start, end, self.new_organisation(self.text[start:end]))

    # --- pass 4: countries ------------------------------------------------------------------------

    def countries(self):
        organisations = [(m.start, m.end) for m in self.mentions if m.kind == MentionKind.ORGANISATION]
        for item in self.stream:
            if not item.iso3:
                continue
            start, end = self.span(item.first, item.last)
            inside = any(a <= start and end <= b for a, b in organisations)
            if not inside and not self.free(start, end):
                continue
            match = item.iso3 if item.iso3 in self.index.registry_countries else None
            how = MatchHow.NEW if match is None else self._country_how(item.iso3, self.text[start:end])
            name = self.index.country_names.get(item.iso3, "")
            self.add(
                MentionKind.COUNTRY,
                start,
                end,
                Identity(match, name=name, acronym=item.iso3 if match is None else "", how=how),
                force=inside,
            )

    def _country_how(self, iso3, text):
        record = next((c for c in self.index.snapshot.countries if c.iso3 == iso3), None)
        names = (record.name, *record.other_names) if record else ()
        written = _plain(text)
        return MatchHow.NAME if any(_plain(n).removeprefix("the ") == written for n in names) else MatchHow.VARIANT

    def united_nations(self):
        """ "United Nations" on its own, when the registry does not know it: a new record with its acronym."""
        for item in self.stream:
            if item.value == "un" and item.first != item.last:
                start, end = self.span(item.first, item.last)
                self.add(MentionKind.ORGANISATION, start, end, self.new_organisation("United Nations", "UN"))

    # --- pass 5: acronyms on their own ------------------------------------------------------------

    def bare_acronyms(self, person_tokens, dates):
        headings = self._heading_lines() | self._datelines(dates)
        for token in self.tokens:
            if (
                not token.is_upper
                or not self.token_free(token)
                or token.start in headings
                or token.index in self.places
            ):
                continue
            key = token.raw.replace(".", "")
            norm = token.norm
            if (
                len(key) > 10
                or norm in lexicon.TERM_ACRONYMS
                or norm in lexicon.ROMAN_NUMERALS
                or norm in lexicon.MONTHS
                or norm in lexicon.HONORIFICS
                or norm == "he"
                or key in self.terms
                or any(c.isdigit() for c in key[:1])
                or norm in person_tokens
            ):
                continue
            identity = self.acronyms.get(key)
            if identity is not None:
                if identity.slug:
                    identity = Identity(identity.slug, how=MatchHow.ACRONYM)
            else:
                slugs = self.index.acronyms.entries.get((key,))
                if slugs:
                    identity = self.organisation(slugs, token.raw, acronym=True)
                else:
                    identity = self.new_by_acronym.setdefault(
                        key, Identity(None, name="", acronym=key, how=MatchHow.NEW)
                    )
            self.add(MentionKind.ORGANISATION, token.start, token.end, identity)

    def known_acronyms(self):
        """The registry's acronyms, also of more than one word ("NC ESCAP"), unless the document defines them."""
        table = self.index.acronyms
        for token in self.tokens:
            if not (token.is_upper or any(c.isupper() for c in token.raw[1:])) or not self.token_free(token):
                continue
            lengths = table.lengths.get(token.raw.replace(".", ""), ())
            for length in lengths:
                window = self.tokens[token.index : token.index + length]
                if len(window) < length or not all(name_gap(self.text, a, b) for a, b in itertools.pairwise(window)):
                    continue
                key = tuple(t.raw.replace(".", "") for t in window)
                slugs = table.entries.get(key)
                if not slugs:
                    continue
                defined = self.acronyms.get(" ".join(key))
                identity = (
                    Identity(defined.slug, how=MatchHow.ACRONYM) if defined and defined.slug else defined
                ) or self.organisation(slugs, " ".join(key), acronym=True)
                self.add(MentionKind.ORGANISATION, window[0].start, window[-1].end, identity)
                break

    def _datelines(self, dates):
        """Starts of the capitalised place at the head of a dateline: "VIENTIANE, Laos, March 14, 2024 (…) --"."""
        starts = set()
        date_starts = sorted(d.start for d in dates)
        for match in _DATELINE.finditer(self.text):
            rest_start = match.end()
            line_end = self.text.find("\n", rest_start)
            line_end = len(self.text) if line_end < 0 else line_end
            near = [d for d in date_starts if rest_start <= d < min(line_end, rest_start + 40)]
            follows_agency = self.text[rest_start - 1] == "("
            token = self._token_at(rest_start)
            follows_country = token is not None and self._in_country(token)
            if near or follows_agency or follows_country:
                starts.update(t.start for t in self.tokens if match.start(1) <= t.start < match.end(1))
        return starts

    def _heading_lines(self):
        """Starts of words on lines written in capitals ("JOINT PRESS RELEASE"): headings, not acronyms."""
        starts = set()
        lines = {}
        line_number = 0
        position = 0
        for token in self.tokens:
            newlines = self.text.count("\n", position, token.start)
            line_number += newlines
            position = token.start
            if any(c.isalpha() for c in token.raw):
                lines.setdefault(line_number, []).append(token)
        for words in lines.values():
            upper = [t for t in words if t.is_upper]
            common = any(t.norm in lexicon.COMMON_CAPITALISED or t.norm in lexicon.EVENT_WORDS for t in upper)
            if len(upper) >= 2 and len(upper) * 10 >= len(words) * 6 and common:
                starts.update(t.start for t in upper)
        return starts

    # --- pass 6: themes ---------------------------------------------------------------------------

    def themes(self):
        table = self.index.themes
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            token = tokens[i]
            hit = None
            if self.token_free(token):
                for length in table.lengths.get(token.norm, ()):
                    window = tokens[i : i + length]
                    if len(window) < length or not all(
                        name_gap(self.text, a, b) for a, b in itertools.pairwise(window)
                    ):
                        continue
                    slugs = table.entries.get(tuple(t.norm for t in window))
                    if slugs:
                        hit = (window, slugs)
                        break
            if hit:
                window, slugs = hit
                start, end = window[0].start, window[-1].end
                if self.free(start, end):
                    self.add(MentionKind.THEME, start, end, Identity(min(slugs), how=MatchHow.NAME))
                    i += length
                    continue
            i += 1


def _role_or_event(norm):
    singular = norm[:-1] if norm.endswith("s") else norm
    return bool({norm, singular} & (lexicon.ROLE_HEADS | lexicon.EVENT_WORDS))


def word_gap_text(text, left, right):
    gap = text[left.end : right.start]
    return gap in (" ", "-", "‐", "–")


def _plain(text):
    return " ".join(fold(text).replace("’", "'").split())


def _schwartz_hearst(letters, long_form):
    """Where in `long_form` the shortest expansion of the acronym's letters begins, or None.

    Each letter is found right to left; the first must begin a word (Schwartz & Hearst, 2003).
    """
    long_lower = long_form.lower()
    s = len(letters) - 1
    position = len(long_lower) - 1
    while s >= 0:
        char = letters[s]
        while position >= 0 and (
            long_lower[position] != char or (s == 0 and position > 0 and long_lower[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return None
        position -= 1
        s -= 1
    return position + 1
