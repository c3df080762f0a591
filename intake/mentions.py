"""A mention: a passage of the document that names a record, a date or a figure."""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class MentionKind(models.TextChoices):
    """What a passage names."""

    PERSON = "person", _("person")
    ORGANISATION = "organisation", _("organisation")
    COUNTRY = "country", _("country")
    THEME = "theme", _("theme")
    DATE = "date", _("date")
    FIGURE = "figure", _("figure")


class MatchHow(models.TextChoices):
    """How the passage names the record; says whether its wording may be kept as another name."""

    NAME = "name", _("a name the registry records, as written")
    VARIANT = "variant", _("a known variant: another word order, spelling (Centre/Center) or form of the name")
    ACRONYM = "acronym", _("the acronym")
    PARTIAL = "partial", _("part of a name given in full elsewhere in the document")
    MISSPELT = "misspelt", _("close to a name given elsewhere in the document: never kept as a spelling")
    AMBIGUOUS = "ambiguous", _("the name of more than one record")
    NEW = "new", _("not in the registry: a new record")


@dataclass(frozen=True)
class Mention:
    """One suggestion: `text == document[start:end]`; `match` is a slug, an ISO alpha-3 code or None.

    A date's `value` is ISO 8601 as far as the text states it (2025-07-24, 2024-02, 2024, --12-19),
    with `end_value` for a range; a figure's `value` is a number and `unit` what it counts. For a
    record not in the registry (`match` None), `name` and `acronym` are what a new record would be
    called; mentions of the same new record share them.
    """

    kind: str
    start: int
    end: int
    text: str
    match: str | None = None
    value: str | int | float | None = None
    end_value: str | None = None
    unit: str = ""
    qualifier: str = ""
    how: str = ""
    name: str = ""
    acronym: str = ""
    honorific: str = ""
    candidates: tuple = field(default=())

    def as_json(self):
        """The issue's shape: kind, text, start, end, match, value, end_value; then what else is known."""
        data = {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "match": self.match,
            "value": self.value,
            "end_value": self.end_value,
        }
        if self.kind == MentionKind.FIGURE:
            data["unit"] = self.unit
            if self.qualifier:
                data["qualifier"] = self.qualifier
        if self.how:
            data["how"] = self.how
        if self.match is None and self.kind in (MentionKind.PERSON, MentionKind.ORGANISATION, MentionKind.COUNTRY):
            data["name"] = self.name
            if self.acronym:
                data["acronym"] = self.acronym
            if self.honorific:
                data["honorific"] = self.honorific
        if self.candidates:
            data["candidates"] = list(self.candidates)
        return data
