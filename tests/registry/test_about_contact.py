"""The About and Contact pages (issue 15): built from the record of the organisation that runs the portal.

The record is settings.PORTAL_OWNER_SLUG ("armac"), read through the visibility rule: the pages say
only what that record says, each fact cited, and a missing or draft record is the site's 404.
"""

import pytest
from django.urls import reverse

from core.models import PublicationStatus
from tests.factories import (
    add_organisation,
    add_party,
    add_programme_organisation,
    cite,
    make_agreement,
    make_country,
    make_event,
    make_organisation,
    make_programme,
    make_source,
    make_study,
    one_export_rebuild,
)

pytestmark = pytest.mark.django_db


# --- Which record, and who may see it ----------------------------------------------------------------------


@pytest.fixture
def owner(settings):
    settings.PORTAL_OWNER_SLUG = "owner-of-the-portal"
    source = make_source(text="The Owner Centre, 1 Main Street, +855 11 222 333, desk@owner.example.")
    owner = make_organisation(
        name="The Owner Centre",
        slug="owner-of-the-portal",
        postal_address="1 Main Street",
        telephones=["+855 11 222 333"],
        email="desk@owner.example",
    )
    cite(owner, source, "The Owner Centre")
    cite(owner, source, "1 Main Street", fact="postal_address")
    cite(owner, source, "+855 11 222 333", fact="telephones")
    cite(owner, source, "desk@owner.example", fact="email")
    return owner


@pytest.mark.parametrize("name", ["about", "contact"])
def test_the_pages_show_the_record_the_setting_names(client, owner, name):
    make_organisation(name="Another Centre", slug="armac")
    body = client.get(reverse(name)).content.decode()
    assert "The Owner Centre" in body
    assert "Another Centre" not in body


@pytest.mark.parametrize("name", ["about", "contact"])
def test_a_draft_owner_record_is_not_found_by_the_public(client, owner, name):
    owner.status = PublicationStatus.DRAFT
    owner.save()
    response = client.get(reverse(name))
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and "The Owner Centre" not in body
    assert '<header class="site-header">' in body  # the branded 404, within the site's layout


@pytest.mark.parametrize("name", ["about", "contact"])
def test_staff_preview_a_draft_owner_record_marked_as_draft(client, admin_user, owner, name):
    owner.status = PublicationStatus.DRAFT
    owner.save()
    client.force_login(admin_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "The Owner Centre" in response.content.decode()
    assert 'class="draft-notice"' in response.content.decode()


@pytest.mark.parametrize("name", ["about", "contact"])
def test_a_missing_owner_record_is_not_found(client, settings, name):
    settings.PORTAL_OWNER_SLUG = "no-such-organisation"
    make_organisation(slug="armac")
    response = client.get(reverse(name))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("name", ["about", "contact"])
def test_the_pages_are_cached_for_anonymous_readers_like_other_public_pages(client, owner, name):
    first = client.get(reverse(name))
    assert "public" in first["Cache-Control"] and first["ETag"]
    assert client.get(reverse(name), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    owner.name = "The Renamed Centre"
    owner.save()
    assert "The Renamed Centre" in client.get(reverse(name)).content.decode()


# --- Query counts -------------------------------------------------------------------------------------------


def _owner_with_work(owner, rows):
    """The owner with `rows` of every kind of related row its About page lists."""
    owner.country = make_country()
    owner.parent = make_organisation()
    owner.save()
    with one_export_rebuild():
        for _ in range(rows):
            add_party(make_agreement(), organisation=owner)
            add_programme_organisation(make_programme(), organisation=owner)
            make_study(lead_organisation=owner)
            add_organisation(make_event(), organisation=owner)
            cite(owner, fact="description")


# A fixed count, however many rows; both include the request's savepoint and its release (ATOMIC_REQUESTS).
# About: the owner and the organisation page's prefetches, plus the events section's count and page.
ABOUT_QUERIES = 14
# Contact: the owner, its fact notes, its citations with their sources; no section's lists.
CONTACT_QUERIES = 5


@pytest.mark.parametrize("rows", [2, 25])
def test_about_query_count_does_not_grow_with_rows(client, owner, views_uncached, django_assert_num_queries, rows):
    _owner_with_work(owner, rows)
    with django_assert_num_queries(ABOUT_QUERIES):
        assert client.get(reverse("about")).status_code == 200


@pytest.mark.parametrize("rows", [2, 25])
def test_contact_query_count_does_not_grow_with_rows(client, owner, views_uncached, django_assert_num_queries, rows):
    _owner_with_work(owner, rows)
    with django_assert_num_queries(CONTACT_QUERIES):
        assert client.get(reverse("contact")).status_code == 200
