"""The API lists filter exactly like the HTML lists, and refuse parameters they do not know."""

import datetime as dt

import pytest
from django.utils import timezone

from events.models import Event, EventKind, EventParticipant

from .records import (
    add_organisation,
    full_agreement,
    full_person,
    full_study,
    make_country,
    make_event,
    make_full_event,
    make_organisation,
    make_person,
    make_source,
    make_theme,
    viet_nam,
)

MAKERS = {
    "organisations": make_organisation,
    "people": full_person,
    "countries": make_country,
    "events": make_full_event,
    "agreements": full_agreement,
    "studies": full_study,
    "sources": make_source,
    "themes": make_theme,
}

pytestmark = pytest.mark.django_db


def slugs(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


def test_events_filter_by_kind(client_api):
    workshop = make_event(kind=EventKind.WORKSHOP)
    make_event(kind=EventKind.SIGNING)
    assert slugs(client_api, "/api/v1/events/?kind=workshop") == [workshop.slug]


def test_events_filter_by_country_iso_code(client_api):
    here = make_event(country=viet_nam())
    make_event(country=make_country("KHM", iso2="KH", name="Cambodia"))
    assert slugs(client_api, "/api/v1/events/?country=VNM") == [here.slug]


def test_event_dates_are_inclusive(client_api):
    first = make_event(start="2025-01-01")
    last = make_event(start="2025-03-31")
    make_event(start="2024-12-31")
    make_event(start="2025-04-01")
    found = slugs(client_api, "/api/v1/events/?date_from=2025-01-01&date_to=2025-03-31")
    assert sorted(found) == sorted([first.slug, last.slug])


def test_events_filter_by_year(client_api):
    this = make_event(start="2026-05")
    make_event(start="2025-05")
    assert slugs(client_api, "/api/v1/events/?year=2026") == [this.slug]


def test_events_filter_by_theme_slug(client_api):
    theme = make_theme()
    tagged = make_event()
    tagged.themes.add(theme)
    make_event()
    assert slugs(client_api, f"/api/v1/events/?theme={theme.slug}") == [tagged.slug]


def test_events_filter_by_partner_without_listing_an_event_twice(client_api):
    partner = make_organisation()
    event = make_event()
    add_organisation(event, partner, role="organiser")
    add_organisation(event, partner, role="funding")
    make_event()
    assert slugs(client_api, f"/api/v1/events/?partner={partner.slug}") == [event.slug]


def test_events_filter_by_parent_event(client_api):
    dialogue = make_event()
    session = make_event(parent=dialogue)
    assert slugs(client_api, f"/api/v1/events/?parent={dialogue.slug}") == [session.slug]


def test_events_search_matches_the_title(client_api):
    found = make_event(title="Victim assistance workshop")
    make_event(title="Signing ceremony")
    assert slugs(client_api, "/api/v1/events/?search=victim") == [found.slug]


def test_events_ordering_by_title(client_api):
    b = make_event(title="B event")
    a = make_event(title="A event")
    assert slugs(client_api, "/api/v1/events/?ordering=title") == [a.slug, b.slug]
    assert slugs(client_api, "/api/v1/events/?ordering=-title") == [b.slug, a.slug]


@pytest.mark.parametrize("resource", sorted(MAKERS))
def test_every_list_takes_modified_since_for_incremental_sync(client_api, resource):
    MAKERS[resource]()
    an_hour = dt.timedelta(hours=1)
    later = client_api.get(f"/api/v1/{resource}/", {"modified_since": (timezone.now() + an_hour).isoformat()})
    assert later.status_code == 200
    assert later.json()["count"] == 0
    earlier = client_api.get(f"/api/v1/{resource}/", {"modified_since": (timezone.now() - an_hour).isoformat()})
    assert earlier.json()["count"] >= 1


def test_modified_since_finds_only_what_changed(client_api):
    old = make_event()
    Event.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=3))
    new = make_event()
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert slugs(client_api, f"/api/v1/events/?modified_since={since.replace('+', '%2B')}") == [new.slug]


def test_agreements_filter_by_country_as_a_party_or_the_place_of_signing(client_api):
    from core.models import PublicationStatus
    from registry.models import AgreementParty

    from .records import make_agreement

    here, elsewhere = viet_nam(), make_country("KHM", iso2="KH", name="Cambodia")
    party = make_agreement(slug="a-party")
    AgreementParty.objects.create(agreement=party, country=here)
    signed_here = make_agreement(slug="b-signed-here", place_country=here)
    both = make_agreement(slug="c-both", place_country=here)
    AgreementParty.objects.create(agreement=both, country=here)
    AgreementParty.objects.create(agreement=make_agreement(slug="d-other"), country=elsewhere)
    make_agreement(slug="e-no-country")
    expected = sorted([party.slug, signed_here.slug, both.slug])
    assert sorted(slugs(client_api, "/api/v1/agreements/?country=VNM&page_size=50")) == expected  # each once
    # A draft country is no filter for the public: the same 400 as a code no country has.
    make_country("LAO", iso2="LA", name="Lao PDR", status=PublicationStatus.DRAFT)
    for code in ("LAO", "ZZZ"):
        response = client_api.get(f"/api/v1/agreements/?country={code}")
        assert response.status_code == 400 and "country" in str(response.json()["errors"])


@pytest.mark.parametrize(
    ("resource", "query"),
    [
        ("organisations", "kind=ngo"),
        ("people", "organisation=some-organisation"),
        ("countries", "asean_relation=member-state"),
        ("agreements", "kind=mou"),
        ("studies", "study_status=ongoing"),
        ("sources", "kind=press-release"),
        ("themes", "kind=pillar"),
    ],
)
def test_registry_lists_take_their_filters(client_api, resource, query):
    assert client_api.get(f"/api/v1/{resource}/?{query}").status_code == 200


def test_search_on_organisations(client_api):
    found = make_organisation(name="Cambodian Mine Action Centre")
    make_organisation(name="Something else")
    assert slugs(client_api, "/api/v1/organisations/?search=mine") == [found.slug]


# -- bad parameters: 400 with a reason, never a 500 and never a silently unfiltered list


@pytest.mark.parametrize(
    ("query", "reason_in"),
    [
        ("contry=VNM", "contry"),
        ("date_from=2025-13-01", "date_from"),
        ("date_from=yesterday", "date_from"),
        ("country=ZZZ", "country"),
        ("country=Viet%20Nam", "country"),
        ("kind=party", "kind"),
        ("year=2025.5", "year"),
        ("year=99999999999999999999999", "year"),
        ("modified_since=last-week", "modified_since"),
        ("ordering=colour", "ordering"),
        ("page_size=0", "page_size"),
        ("page_size=100000", "page_size"),
        ("page_size=ten", "page_size"),
        ("page=0", "page"),
        ("page=first", "page"),
        ("format=xml", "format"),
        ("search=a%00b", "NUL"),
        ("theme=no-such-theme", "theme"),
        ("partner=not%20a%20slug", "partner"),
    ],
)
def test_bad_parameters_answer_400_with_the_reason(client_api, query, reason_in):
    viet_nam()
    response = client_api.get(f"/api/v1/events/?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["detail"]
    assert reason_in in str(body["errors"])


@pytest.mark.parametrize("query", ["theme=", "modified_since=", "theme=&modified_since=&page=", "country=%20"])
def test_empty_parameters_mean_not_given(client_api, query):
    # Issue 15: a submitted filter form sends its empty fields, and its export links once copied them;
    # an empty parameter is read as absent (it was a 400 before), never as a filter on "".
    event = make_event()
    assert slugs(client_api, f"/api/v1/events/?{query}") == [event.slug]


def test_an_unknown_parameter_holding_a_percent_sign_is_named_in_the_400(client_api):
    # The name comes from the URL; a "%" in it once broke the error message's formatting (a 500).
    response = client_api.get("/api/v1/sources/?%25s%25d=1&%C2%A9=x")
    assert response.status_code == 400
    assert "%s%d" in str(response.json()["errors"]) and "©" in str(response.json()["errors"])


@pytest.mark.parametrize(("value", "expected"), [("true", ["laos"]), ("FALSE", ["thailand"]), ("1", ["laos"])])
def test_mine_affected_takes_true_or_false(client_api, value, expected):
    make_country(iso3="LAO", iso2="LA", name="Laos", slug="laos", mine_affected=True)
    make_country(iso3="THA", iso2="TH", name="Thailand", slug="thailand", mine_affected=False)
    assert slugs(client_api, f"/api/v1/countries/?mine_affected={value}") == expected


@pytest.mark.parametrize("value", ["null", "maybe", "2"])
def test_mine_affected_refuses_anything_but_true_or_false(client_api, value):
    response = client_api.get(f"/api/v1/countries/?mine_affected={value}")
    assert response.status_code == 400
    assert "mine_affected" in response.json()["errors"]


def test_misspelt_filter_on_a_csv_export_is_a_400_not_an_unfiltered_file(client_api):
    make_event()
    response = client_api.get("/api/v1/events/?contry=VNM&format=csv")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "contry" in response.json()["errors"]["parameters"][0]


def test_detail_refuses_filters(client_api):
    event = make_event()
    response = client_api.get(f"/api/v1/events/{event.slug}/?kind=workshop")
    assert response.status_code == 400
    assert "kind" in str(response.json())


def test_page_beyond_the_last_is_a_404(client_api):
    make_event()
    assert client_api.get("/api/v1/events/?page=9").status_code == 404


def test_page_size_is_bounded_and_respected(client_api):
    for _ in range(3):
        make_event()
    body = client_api.get("/api/v1/events/?page_size=2").json()
    assert (len(body["results"]), body["count"]) == (2, 3)
    assert "page=2" in body["next"]


def test_participant_filter_rows_stay_distinct(client_api):
    event = make_event()
    EventParticipant.objects.create(event=event, person=make_person(), role="speaker")
    EventParticipant.objects.create(event=event, person=make_person(), role="panelist")
    assert slugs(client_api, "/api/v1/events/") == [event.slug]


def test_the_api_filters_as_the_html_lists_filterset_does_and_names_the_bad_filter(client_api):
    # The API and the HTML list use the same FilterSet with its whole form: a filter a request leaves
    # out filters nothing, and a bad value is reported for the filter it names.
    from django.http import QueryDict

    from events.filters import EventFilterSet

    theme, country = make_theme(), make_country()
    wanted = make_event(kind=EventKind.WORKSHOP, country=country, start="2025-03-01")
    wanted.themes.add(theme)
    make_event(kind=EventKind.WORKSHOP, start="2025-03-01").themes.add(theme)
    make_event(kind=EventKind.SIGNING, country=country, start="2025-03-01")
    query = f"theme={theme.slug}&country={country.iso3}&year=2025&page_size=5&ordering=-date"
    whole = EventFilterSet(QueryDict(query), queryset=Event.objects.published())
    assert list(whole.qs) == [wanted]
    assert slugs(client_api, f"/api/v1/events/?{query}") == [wanted.slug]
    again = EventFilterSet(QueryDict("year=1&country=ZZZ"), queryset=Event.objects.all())
    assert not again.is_valid() and set(again.errors) == {"country"}
    response = client_api.get(f"/api/v1/events/?country=ZZZ&theme={theme.slug}")
    assert response.status_code == 400 and set(response.json()["errors"]) == {"country"}
