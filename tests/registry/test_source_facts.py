"""The fields added for facts the sources state: several publishers, contact details, misspellings,
other titles and frameworks, studies built upon, areas of cooperation."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError

from core.models import PublicationStatus
from registry.models import Person
from tests.factories import make_agreement, make_organisation, make_person, make_programme, make_source, make_study

pytestmark = pytest.mark.django_db


def test_a_joint_document_has_all_its_publishers_on_its_page_in_the_api_and_the_csv(client):
    undp, armac = make_organisation(name="UNDP Cambodia"), make_organisation(name="ARMAC")
    source = make_source()
    source.publishers.add(undp, armac)
    page = client.get(source.get_absolute_url()).content.decode()
    assert "Publishers" in page and "UNDP Cambodia" in page and "ARMAC" in page
    body = client.get(f"/api/v1/sources/{source.slug}/").json()
    assert sorted(p["slug"] for p in body["publishers"]) == sorted([undp.slug, armac.slug])
    assert "publisher" not in body
    response = client.get("/api/v1/sources/?format=csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0]["publishers"] == f"{armac.slug}; {undp.slug}"  # by name
    assert [s["slug"] for s in client.get(f"/api/v1/sources/?publisher={undp.slug}").json()["results"]] == [source.slug]


def test_an_organisations_contact_details_are_shown_and_telephones_must_be_a_list(client):
    organisation = make_organisation(
        postal_address="#29, Street 115, Phnom Penh",
        telephones=["(+855) 23 221 354", "(+855) 23 221 364"],
        email="secretariat@example.org",
    )
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "#29, Street 115, Phnom Penh" in page
    # Each number a tel: link and the address a mailto: link (the same rows as the Contact page's).
    assert '<a href="tel:+85523221354">(+855) 23 221 354</a> / <a href="tel:+85523221364">(+855) 23 221 364</a>' in page
    assert '<a href="mailto:secretariat@example.org">secretariat@example.org</a>' in page
    assert client.get(f"/api/v1/organisations/{organisation.slug}/").json()["telephones"] == [
        "(+855) 23 221 354",
        "(+855) 23 221 364",
    ]
    organisation.telephones = "(+855) 23 221 354"
    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()
    assert "telephones" in refused.value.message_dict


def test_a_misspelling_is_shown_as_such_and_search_does_not_offer_it(client):
    person = make_person(name="Armida Salsiah Alisjahbana", other_names=["Alisjahbana"], misspellings=["Alisjashbana"])
    page = client.get(person.get_absolute_url()).content.decode()
    assert "Misspelt in the source as “Alisjashbana”" in page
    assert not Person.objects.search("Alisjashbana").exists()
    assert list(Person.objects.search("Alisjahbana")) == [person]
    assert client.get("/api/v1/people/?search=Alisjashbana").json()["count"] == 0
    person.misspellings = ["Alisjashbana", "alisjashbana"]
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "misspellings" in refused.value.message_dict


def test_an_agreements_other_titles_and_frameworks_are_shown_and_must_be_lists_of_titles(client):
    agreement = make_agreement(
        other_titles=["Statement on Strengthening Cooperation"], refers_to=["Action Plan (2021-2025)"]
    )
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "Also titled" in page and "Statement on Strengthening Cooperation" in page
    assert "Frameworks it refers to" in page and "Action Plan (2021-2025)" in page
    body = client.get(f"/api/v1/agreements/{agreement.slug}/").json()
    assert body["other_titles"] == ["Statement on Strengthening Cooperation"]
    assert body["refers_to"] == ["Action Plan (2021-2025)"]
    agreement.refers_to = [""]
    with pytest.raises(ValidationError) as refused:
        agreement.full_clean()
    assert "refers_to" in refused.value.message_dict


def test_a_study_links_the_studies_it_builds_on_that_the_reader_may_see(client):
    earlier = make_study(title="ARMAC’s research and engagement in Cambodia")
    draft = make_study(title="A draft study", status=PublicationStatus.DRAFT)
    study = make_study(title="The Viet Nam study")
    study.builds_on.add(earlier, draft)
    page = client.get(study.get_absolute_url()).content.decode()
    assert "Builds on" in page and earlier.title in page
    assert draft.title not in page
    assert "The Viet Nam study" in client.get(earlier.get_absolute_url()).content.decode()  # built upon by
    assert client.get(f"/api/v1/studies/{study.slug}/").json()["builds_on"] == [earlier.slug]


def test_a_programme_lists_its_areas_of_cooperation(client):
    programme = make_programme(areas=["social development", "trade, investment and innovation"])
    page = client.get(programme.get_absolute_url()).content.decode()
    assert "Areas of cooperation" in page
    assert "<li>trade, investment and innovation</li>" in page
