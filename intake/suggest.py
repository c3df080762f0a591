"""The suggestion engine: the people, organisations, countries, themes, dates and figures a document names.

`suggest(text, snapshot)` is a pure function: the same text and snapshot give the same mentions, in
the order of the text. Mentions never cross: a country may sit inside an organisation's name, and a
government named by its country's words shares them (see find_names.py); nothing else overlaps.
Every mention's `text` is exactly `text[start:end]`.
"""

from .find_dates import find_dates
from .find_figures import find_figures
from .find_names import Reader
from .mentions import Mention, MentionKind
from .people import find_people, honorific_name_tokens

__all__ = ["Mention", "MentionKind", "suggest"]


def suggest(text, snapshot):
    """The mentions of `text` against the registry `snapshot` (a `intake.snapshot.Snapshot`)."""
    reader = Reader(text, snapshot.index)
    dates = find_dates(text)
    # Dates and figures first: "US$ 3.5 million" is an amount, not the United States.
    for date in dates:
        reader.add(MentionKind.DATE, date.start, date.end, value=date.value, end_value=date.end_value)
    for figure in find_figures(text):
        reader.add(
            MentionKind.FIGURE,
            figure.start,
            figure.end,
            value=figure.value,
            unit=figure.unit,
            qualifier=figure.qualifier,
        )

    reader.known_organisations()
    reader.defined_organisations(reader.acronym_definitions())
    reader.offices()
    reader.headed_organisations(honorific_name_tokens(reader))
    reader.news_agencies(dates)
    reader.countries()
    reader.governments()
    reader.united_nations()
    person_words = find_people(reader)
    reader.known_acronyms()
    reader.bare_acronyms(person_words, dates)
    reader.brand_names(person_words)
    reader.themes()
    return sorted(reader.mentions, key=lambda m: (m.start, -m.end, m.kind))
