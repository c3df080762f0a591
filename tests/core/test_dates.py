"""Partial dates keep exactly the precision a source gives."""

import datetime as dt

import pytest

from core.dates import DatePrecision, PartialDate


@pytest.mark.parametrize(
    ("text", "precision", "display"),
    [
        ("2025-07-04", DatePrecision.DAY, "4 July 2025"),
        ("2025-07", DatePrecision.MONTH, "July 2025"),
        ("2025", DatePrecision.YEAR, "2025"),
        ("--12-15", DatePrecision.DAY_NO_YEAR, "15 December, year not stated"),
    ],
)
def test_partial_date_round_trips_and_reads_plainly(text, precision, display):
    value = PartialDate.parse(text)
    assert value.isoformat() == text
    assert value.precision == precision
    assert str(value.display()) == display


@pytest.mark.parametrize("text", ["2025-13", "2025-02-30", "15 Dec", "--12", "20250704", "", "--02-30"])
def test_malformed_partial_dates_are_refused_with_a_sentence(text):
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        PartialDate.parse(text)


def test_a_date_without_a_year_has_no_day_on_the_calendar():
    value = PartialDate.parse("--12-15")
    assert value.earliest() is None
    assert value.latest() is None


def test_month_precision_spans_the_whole_month():
    value = PartialDate.parse("2024-02")
    assert value.earliest() == dt.date(2024, 2, 1)
    assert value.latest() == dt.date(2024, 2, 29)
