"""CSV injection (OWASP): no cell of any CSV the portal writes runs as a spreadsheet formula."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from core.csv_cells import neutralised
from events.models import EventExport
from tests.factories import make_event, make_full_event, make_person

# Each character a spreadsheet reads as the start of a formula, as a record's text could begin.
DANGEROUS = {
    "equals": '=HYPERLINK("http://example.invalid","click")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3",
    "at": "@SUM(1+1)",
    "tab": "\t=1+1",
    "carriage return": "\r=1+1",
    "date without a year": "--12-15",
}


@pytest.mark.parametrize("text", DANGEROUS.values(), ids=DANGEROUS.keys())
def test_a_cell_beginning_a_formula_is_quoted(text):
    assert neutralised(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Phnom Penh", "2025-07-04", "'already quoted", "a=b", "true", "12"])
def test_other_cells_are_left_as_they_are(text):
    assert neutralised(text) == text


def read_csv(response):
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body, newline="")))


def staff_client():
    client = APIClient()
    client.force_authenticate(get_user_model().objects.create_user("csv-editor", is_staff=True))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("text", DANGEROUS.values(), ids=DANGEROUS.keys())
def test_every_events_csv_quotes_it_stored_live_and_for_staff(text):
    make_full_event(title=text)
    stored = read_csv(APIClient().get("/api/v1/events/?format=csv"))
    assert stored[0]["title"] == "'" + text
    EventExport.objects.all().delete()
    assert read_csv(APIClient().get("/api/v1/events/?format=csv")) == stored
    assert read_csv(staff_client().get("/api/v1/events/?format=csv"))[0]["title"] == "'" + text


@pytest.mark.django_db
def test_a_date_without_a_year_is_quoted_in_the_events_csv():
    make_event(start="--12-15")
    row = read_csv(APIClient().get("/api/v1/events/?format=csv"))[0]
    assert (row["start"], row["start_precision"]) == ("'--12-15", "day-no-year")


@pytest.mark.django_db
@pytest.mark.parametrize("text", DANGEROUS.values(), ids=DANGEROUS.keys())
def test_the_registry_csvs_quote_it(text):
    person = make_person(name=text)
    row = next(row for row in read_csv(APIClient().get("/api/v1/people/?format=csv")) if row["slug"] == person.slug)
    assert row["name"] == "'" + text
