"""An organisation's page lists each person once and each event once, their titles and roles grouped (issue 15)."""

import pytest

from registry.models import OrganisationRole
from tests.factories import add_organisation, make_event, make_organisation, make_person, make_position, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def armac():
    armac = make_organisation(name="ARMAC", slug="armac")
    director = make_person(name="Rothna Buth", slug="rothna-buth")
    for number in (1, 2, 3):
        make_position(
            person=director,
            organisation=armac,
            title="Executive Director",
            source=make_source(title=f"Source {number}"),
            stated_on="2025-07-07",
        )
    make_position(person=director, organisation=armac, title="Spokesperson", source=make_source(title="Source 4"))
    make_position(person=make_person(name="Another Person", slug="another-person"), organisation=armac)
    workshop = make_event(title="National consultation workshop", slug="workshop")
    add_organisation(workshop, armac, role=OrganisationRole.HOST)
    add_organisation(workshop, armac, role=OrganisationRole.ORGANISER)
    return armac


def test_a_person_with_three_sources_is_listed_once_with_each_title_once(client, armac):
    body = client.get("/partners/armac/").content.decode()
    assert body.count('href="/people/rothna-buth/"') == 1
    assert body.count("Executive Director") == 1
    assert body.count("Spokesperson") == 1
    assert all(f"Source {number}" in body for number in (1, 2, 3, 4))
    assert body.count('href="/people/another-person/"') == 1


def test_an_event_with_two_roles_is_listed_once_with_both_roles(client, armac):
    body = client.get("/partners/armac/").content.decode()
    assert body.count('href="/events/workshop/"') == 1
    assert "host, organiser" in body
