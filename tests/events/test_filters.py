"""The events FilterSet: what each filter keeps, and how bad values are refused."""

import pytest

from events.filters import EventFilterSet
from events.models import Event, EventKind
from tests.factories import add_organisation, make_country, make_event, make_organisation, make_theme

pytestmark = pytest.mark.django_db


def filtered(params):
    filterset = EventFilterSet(params, queryset=Event.objects.all())
    assert filterset.is_valid(), filterset.errors
    return list(filterset.qs)


def test_country_filter_takes_iso_alpha3_in_any_case():
    viet_nam = make_country("VNM", iso2="VN", name="Viet Nam")
    in_viet_nam = make_event(country=viet_nam)
    make_event(country=make_country())
    assert filtered({"country": "vnm"}) == [in_viet_nam]


def test_date_range_is_inclusive_on_both_ends():
    first = make_event(start="2025-01-01")
    last = make_event(start="2025-12-31")
    make_event(start="2024-12-31")
    make_event(start="2026-01-01")
    assert set(filtered({"date_from": "2025-01-01", "date_to": "2025-12-31"})) == {first, last}


def test_an_event_with_no_stated_year_is_left_out_of_date_ranges():
    make_event(start="--12-15")
    assert filtered({"date_from": "1900-01-01"}) == []


def test_partner_with_two_roles_lists_the_event_once():
    organisation = make_organisation()
    event = make_event()
    add_organisation(event, organisation, role="organiser")
    add_organisation(event, organisation, role="host")
    assert filtered({"partner": organisation.slug}) == [event]


def test_theme_kind_and_year_combine():
    theme = make_theme()
    match = make_event(kind=EventKind.WORKSHOP, start="2025-04-04")
    match.themes.add(theme)
    make_event(kind=EventKind.SIGNING, start="2025-04-04").themes.add(theme)
    make_event(kind=EventKind.WORKSHOP, start="2024-04-04").themes.add(theme)
    assert filtered({"theme": theme.slug, "kind": "workshop", "year": "2025"}) == [match]


def test_ordering_by_title_has_a_stable_tie_breaker():
    events = [make_event(title="Same title") for _ in range(3)]
    assert filtered({"ordering": "title"}) == events
    assert filtered({"ordering": "-title"}) == events[::-1]


@pytest.mark.parametrize(
    "params",
    [
        {"country": "Viet Nam"},
        {"country": "XXX"},
        {"date_from": "2025-13-01"},
        {"year": "2025.5"},
        {"year": "99999999999999999999"},
        {"kind": "party"},
        {"partner": "<script>"},
        {"ordering": "password"},
        {"modified_since": "yesterday"},
        {"countyr": "VNM"},
    ],
)
def test_malformed_values_are_form_errors_not_crashes(params):
    filterset = EventFilterSet(params, queryset=Event.objects.all())
    assert not filterset.is_valid()
    assert filterset.errors


def test_unknown_parameter_is_named_in_the_error():
    filterset = EventFilterSet({"countyr": "VNM"}, queryset=Event.objects.all())
    assert not filterset.is_valid()
    assert "countyr" in str(filterset.errors)


def test_pagination_and_format_parameters_are_not_filters_but_allowed():
    make_event()
    assert len(filtered({"page": "1", "page_size": "10", "format": "json"})) == 1
