"""Honest dates: a date known to the day, the month or the year, or a day and month with no year.

Sources often give less than a full date ("15 Dec", "May 9"). A `PartialDate` keeps exactly what
the source gives and nothing more. It is stored as an ISO 8601 string: ``2025-07-04`` (day),
``2025-07`` (month), ``2025`` (year) or ``--12-15`` (day and month, year not stated), so values
with a known year sort correctly as text.
"""

import calendar
import contextlib
import datetime as dt
import re
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^(?:(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?|--(?P<nm>\d{2})-(?P<nd>\d{2}))$")

FORMAT_HELP = _("YYYY-MM-DD, YYYY-MM or YYYY; --MM-DD when the source gives a day and month but no year.")


class DatePrecision(models.TextChoices):
    """How much of a date a source states."""

    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")
    DAY_NO_YEAR = "day-no-year", _("day and month, year not stated")


@dataclass(frozen=True)
class PartialDate:
    """A date with only the parts a source states."""

    year: int | None
    month: int | None = None
    day: int | None = None

    def __post_init__(self):
        if self.year is None and (self.month is None or self.day is None):
            raise ValueError("A date without a year needs both a day and a month.")
        if self.day is not None and self.month is None:
            raise ValueError("A date with a day needs a month.")
        if self.year is not None and not 1 <= self.year <= 9999:
            raise ValueError("The year must be between 1 and 9999.")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError("The month must be between 01 and 12.")
        if self.day is not None:
            # 2000 is a leap year, so 29 February is allowed when the year is not stated.
            last_day = calendar.monthrange(self.year or 2000, self.month)[1]
            if not 1 <= self.day <= last_day:
                raise ValueError(f"The day must be between 01 and {last_day:02d} for that month.")

    @classmethod
    def parse(cls, text):
        """Read the ISO 8601 form; raise ValueError with a plain sentence when it is not one."""
        match = _PATTERN.match((text or "").strip())
        if not match:
            raise ValueError(f"“{text}” is not a date of the form {FORMAT_HELP}")
        parts = match.groupdict()
        if parts["nm"]:
            return cls(None, int(parts["nm"]), int(parts["nd"]))
        return cls(
            int(parts["year"]),
            int(parts["month"]) if parts["month"] else None,
            int(parts["day"]) if parts["day"] else None,
        )

    @classmethod
    def from_date(cls, value):
        """A full date known to the day."""
        return cls(value.year, value.month, value.day)

    @property
    def precision(self):
        if self.year is None:
            return DatePrecision.DAY_NO_YEAR
        if self.day is not None:
            return DatePrecision.DAY
        if self.month is not None:
            return DatePrecision.MONTH
        return DatePrecision.YEAR

    def isoformat(self):
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    __str__ = isoformat

    def earliest(self):
        """The first day this date can mean, or None when the year is not stated."""
        if self.year is None:
            return None
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self):
        """The last day this date can mean, or None when the year is not stated."""
        if self.year is None:
            return None
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def display(self):
        """The date for a reader, saying plainly what is not known."""
        month_name = calendar.month_name[self.month] if self.month else ""
        if self.year is None:
            return _("%(day)d %(month)s, year not stated") % {"day": self.day, "month": month_name}
        if self.day is not None:
            return f"{self.day} {month_name} {self.year}"
        if self.month is not None:
            return f"{month_name} {self.year}"
        return str(self.year)


def parse_partial_date(value):
    """Turn stored text or a date into a PartialDate; raise ValidationError for bad input."""
    if value is None or value == "" or isinstance(value, PartialDate):
        return value or None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    try:
        return PartialDate.parse(str(value))
    except ValueError as error:
        raise ValidationError(str(error), code="invalid_partial_date") from error


class PartialDateFormField(forms.CharField):
    """A text box taking the ISO forms of a partial date."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", FORMAT_HELP)
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        # The cleaned value is a PartialDate, not text (len() fails on it); parse() bounds the length.
        self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, PartialDate) else value

    def to_python(self, value):
        value = super().to_python(value)
        return parse_partial_date(value) if value else None


class PartialDateDescriptor:
    """Turns ISO text assigned to the attribute into a PartialDate at once.

    Text that is not a valid date is kept as given, so that full_clean() reports it as a
    form error instead of the assignment raising.
    """

    def __init__(self, field):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return instance.__dict__.get(self.field.attname)

    def __set__(self, instance, value):
        if isinstance(value, str | dt.date):
            # Text that does not parse is kept as given so that full_clean() reports it as a form error.
            with contextlib.suppress(ValidationError):
                value = parse_partial_date(value)
        instance.__dict__[self.field.attname] = value


class PartialDateField(models.CharField):
    """A model field holding a PartialDate as its ISO 8601 text (empty when unknown)."""

    description = "A date known to the day, month or year, or a day and month without a year"

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", FORMAT_HELP)
        super().__init__(*args, **kwargs)
        # The value is a PartialDate, not text: its own parsing bounds the length.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        setattr(cls, self.attname, PartialDateDescriptor(self))

    def from_db_value(self, value, expression, connection):
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError:
            # A row written around the ORM: show it as stored rather than fail the whole page.
            return None

    def to_python(self, value):
        return parse_partial_date(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return ""
        if isinstance(value, PartialDate):
            return value.isoformat()
        return parse_partial_date(value).isoformat()

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})
