"""What the registry knows, read once, and the lookup tables the suggestion engine reads it by.

`Snapshot.from_database()` reads the names of every person, organisation, country and theme in four
queries. `snapshot.index` builds, once per snapshot, dictionaries keyed on normalised token
sequences: finding the records a document mentions is then a few dictionary look-ups per word,
whatever the size of the registry.
"""

import itertools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property

from . import lexicon
from .tokens import name_gap, normalise, raw_words, tokenize, words

_PLAIN_NAME = re.compile(r"[A-Za-z0-9]+(?: [A-Za-z0-9]+)*")


@dataclass(frozen=True)
class PersonRecord:
    """A person the registry holds, by the names it knows them by."""

    slug: str
    name: str
    other_names: tuple = ()
    honorific: str = ""


@dataclass(frozen=True)
class OrganisationRecord:
    """An organisation the registry holds."""

    slug: str
    name: str
    acronym: str = ""
    other_names: tuple = ()


@dataclass(frozen=True)
class CountryRecord:
    """A country the registry holds, by its ISO 3166-1 alpha-3 code."""

    iso3: str
    name: str
    other_names: tuple = ()


@dataclass(frozen=True)
class ThemeRecord:
    """A theme of the portal's vocabulary."""

    slug: str
    name: str


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The registry's names at one moment; the engine is a pure function of (text, snapshot)."""

    people: tuple = ()
    organisations: tuple = ()
    countries: tuple = ()
    themes: tuple = ()

    @classmethod
    def from_database(cls):
        """Every record's names, drafts included (intake is a staff tool), in four queries."""
        from registry.models import Country, Organisation, Person, Theme

        return cls(
            people=tuple(
                PersonRecord(slug, name, tuple(other_names or ()), honorific)
                for slug, name, other_names, honorific in Person.objects.order_by().values_list(
                    "slug", "name", "other_names", "honorific"
                )
            ),
            organisations=tuple(
                OrganisationRecord(slug, name, acronym, tuple(other_names or ()))
                for slug, name, acronym, other_names in Organisation.objects.order_by().values_list(
                    "slug", "name", "acronym", "other_names"
                )
            ),
            countries=tuple(
                CountryRecord(iso3, name, tuple(other_names or ()))
                for iso3, name, other_names in Country.objects.order_by().values_list("iso3", "name", "other_names")
            ),
            themes=tuple(
                ThemeRecord(slug, name) for slug, name in Theme.objects.order_by().values_list("slug", "name")
            ),
        )

    @cached_property
    def index(self):
        return Index(self)


@dataclass(slots=True)
class StreamItem:
    """One unit of the canonical stream: a word, or a whole country name read as one unit."""

    value: str
    first: int
    last: int
    iso3: str = ""


@dataclass
class PhraseTable:
    """Token sequences -> what they name, with the lengths to try for each first word."""

    entries: dict = field(default_factory=lambda: defaultdict(set))
    lengths: dict = field(default_factory=lambda: defaultdict(set))

    def add(self, key, value):
        if key:
            self.entries[key].add(value)
            self.lengths[key[0]].add(len(key))

    def freeze(self):
        self.entries = {key: frozenset(values) for key, values in self.entries.items()}
        self.lengths = {first: sorted(lengths, reverse=True) for first, lengths in self.lengths.items()}


def iso_country_names():
    """ISO 3166-1 names (short, official and common) and the region's usual variants, by alpha-3 code."""
    import pycountry

    names = defaultdict(list)
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value and "(" not in value:
                names[country.alpha_3].append(value)
    for iso3, variants in lexicon.COUNTRY_VARIANTS.items():
        names[iso3].extend(variants)
    return names


@cache
def _iso_names():
    """ISO data is read once per process: it never changes while the process runs."""
    return iso_country_names()


def person_key(tokens):
    """One person's name in any order: sorted normal forms, no honorifics ("Buth Rothna" = "Ms Rothna Buth")."""
    return person_key_of_words([t.norm for t in tokens])


def person_key_of_words(words):
    """`person_key` of normal forms (see `intake.tokens.words`)."""
    words = [w for w in words if w]
    while words and (words[0] in lexicon.HONORIFICS or words[0] == "he"):
        words.pop(0)
    return " ".join(sorted(words))


class Index:
    """The lookup tables of one snapshot, built once."""

    def __init__(self, snapshot):
        self.snapshot = snapshot
        self.registry_countries = {c.iso3: c.name for c in snapshot.countries}
        self.country_names = {}
        self.countries = PhraseTable()  # normal forms -> iso3
        self.countries_exact = PhraseTable()  # raw tokens (case-sensitive) -> iso3, for ROK, US, UK...
        for iso3, names in _iso_names().items():
            self.country_names.setdefault(iso3, names[0])
            for name in names:
                self._add_country(name, iso3)
        for country in snapshot.countries:
            self.country_names[country.iso3] = country.name
            for name in (country.name, *country.other_names):
                self._add_country(name, country.iso3)
        self.countries.freeze()
        self.countries_exact.freeze()

        self.organisations = PhraseTable()  # canonical stream values -> slug
        self.acronyms = PhraseTable()  # raw acronym tokens -> slug
        self.organisation_names = {}
        for organisation in snapshot.organisations:
            self.organisation_names[organisation.slug] = organisation
            for name in (organisation.name, *organisation.other_names):
                for key in self.organisation_keys(name):
                    self.organisations.add(key, organisation.slug)
            if organisation.acronym:
                self.acronyms.add(acronym_key(organisation.acronym), organisation.slug)
        self.organisations.freeze()
        self.acronyms.freeze()

        self.people = defaultdict(set)  # person_key -> slugs
        self.person_records = {}
        for person in snapshot.people:
            self.person_records[person.slug] = person
            for name in (person.name, *person.other_names):
                # Most names are plain words: split them without the tokenizer (same normal forms).
                norms = [normalise(w) for w in name.split()] if _PLAIN_NAME.fullmatch(name) else words(name)
                if len([w for w in norms if w not in lexicon.HONORIFICS]) >= 2:
                    self.people[person_key_of_words(norms)].add(person.slug)
        self.people = {key: frozenset(slugs) for key, slugs in self.people.items()}
        self.person_lengths = range(2, 6)

        self.themes = PhraseTable()
        theme_by_name = {}
        for theme in snapshot.themes:
            key = tuple(t.norm for t in tokenize(theme.name))
            theme_by_name[" ".join(key)] = theme.slug
            for variant in _number_variants(key):
                self.themes.add(variant, theme.slug)
        for name, synonyms in lexicon.THEME_SYNONYMS.items():
            if name in theme_by_name:
                for synonym in synonyms:
                    for variant in _number_variants(tuple(t.norm for t in tokenize(synonym))):
                        self.themes.add(variant, theme_by_name[name])
        self.themes.freeze()

    def _add_country(self, name, iso3):
        tokens = tokenize(name)
        if tokens and tokens[0].norm == "the":
            tokens = tokens[1:]
        if name in lexicon.CASE_SENSITIVE_COUNTRY_NAMES:
            self.countries_exact.add(tuple(t.raw.replace(".", "") for t in tokens), iso3)
        else:
            self.countries.add(tuple(t.norm for t in tokens), iso3)

    def country_at(self, tokens, i, text):
        """The longest country name starting at token i: (iso3, last token index) or None."""
        token = tokens[i]
        exact = self.countries_exact.lengths.get(token.raw.replace(".", ""))
        if exact:
            for length in exact:
                window = tokens[i : i + length]
                if len(window) == length and _joined(window, text):
                    iso = self.countries_exact.entries.get(tuple(t.raw.replace(".", "") for t in window))
                    if iso and not _followed_by_currency(text, window[-1]):
                        return next(iter(iso)), i + length - 1
        if not token.is_capitalised:
            return None
        for length in self.countries.lengths.get(token.norm, ()):
            window = tokens[i : i + length]
            if len(window) == length and _joined(window, text):
                iso = self.countries.entries.get(tuple(t.norm for t in window))
                if iso:
                    return next(iter(iso)), i + length - 1
        return None

    def stream(self, tokens, text):
        """The canonical stream: "the" left out, a country name one unit, "United Nations" read as "un"."""
        items = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if token.norm == "the":
                i += 1
                continue
            found = self.country_at(tokens, i, text)
            if found:
                iso3, last = found
                items.append(StreamItem(f"<{iso3}>", i, last, iso3))
                i = last + 1
                continue
            if (
                token.norm == "united"
                and i + 1 < len(tokens)
                and tokens[i + 1].norm == "nations"
                and token.is_capitalised
                and name_gap(text, token, tokens[i + 1])
            ):
                items.append(StreamItem("un", i, i + 1))
                i += 2
                continue
            items.append(StreamItem(token.norm, i, i))
            i += 1
        return items

    def organisation_keys(self, name):
        """The canonical keys of one organisation name ("Government of Australia" is also "Australian Government")."""
        norms = words(name)
        if not any(w in self.countries.lengths or w == "united" for w in norms) and not any(
            raw.replace(".", "") in self.countries_exact.lengths for raw in name.split()
        ):
            return {tuple(w for w in norms if w != "the")}  # no country in the name: the words are the key
        items = self.stream(tokenize(name), name)
        key = tuple(item.value for item in items)
        keys = {key}
        if len(key) == 3 and key[0] == "government" and key[1] == "of" and items[2].iso3:
            iso3 = items[2].iso3
            keys.add((key[2], "government"))
            keys.update((demonym, "government") for demonym, code in lexicon.DEMONYMS.items() if code == iso3)
        return keys


def acronym_key(acronym):
    """An acronym as written, dots left out: "U.N." and "UN" are one key."""
    return tuple(word.replace(".", "") for word in raw_words(acronym))


def _number_variants(key):
    """A theme's words, and the same with its last word singular or plural ("partnerships"/"partnership")."""
    if not key:
        return []
    last = key[-1]
    other = last[:-1] if last.endswith("s") and len(last) > 4 else last + "s"
    return [key, (*key[:-1], other)]


def _joined(window, text):
    return all(name_gap(text, a, b) for a, b in itertools.pairwise(window))


def _followed_by_currency(text, token):
    return text[token.end : token.end + 1] == "$"
