"""The About and Contact pages (issue 15) of ARMAC's own record, as `manage.py load_portal_data` stores it.

Every fact the pages show is ARMAC's record's, each with its citation marks linking to the references.
(tests/registry/test_about_contact.py tests which record, drafts and query counts, with factories.)
"""

import re

import pytest
from django.urls import reverse

from registry.models import Organisation

pytestmark = pytest.mark.django_db

MARKS = re.compile(r"(?:<sup[^>]*>.*?</sup>)*")
REFERENCE = re.compile(r'<sup class="ref"><a href="#ref-(\d+)"')


@pytest.fixture
def portal_records(_portal_records_once, db):
    """ARMAC's record as `manage.py load_portal_data` stores it (each test runs in a savepoint)."""
    return Organisation.objects.get(slug="armac")


def marks_after(body, text):
    """The reference numbers of the citation marks written right after `text` in the page's main content."""
    index = body.index(text, body.index("<main")) + len(text)
    return REFERENCE.findall(MARKS.match(body, index).group(0))


def references_exist(body, numbers):
    return all(f'id="ref-{number}"' in body for number in numbers)


def test_the_shared_records_come_with_their_stored_exports_current(portal_records):
    from events.models import EventExport

    assert EventExport.objects.exists()
    assert not EventExport.objects.filter(stale=True).exists()


# --- ARMAC's own record (fixtures/portal_data.json) ------------------------------------------------------


def test_about_page_describes_armac_from_its_record_each_fact_cited(client, portal_records):
    armac = portal_records
    response = client.get(reverse("about"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>About ARMAC · ARMAC Portal</title>" in body
    assert re.search(r"<h1>ASEAN Regional Mine Action Centre<sup", body)
    for fact_text in [
        "(ARMAC)",
        armac.description,
        'href="/countries/KHM/">Cambodia</a>',
        'href="/partners/asean/">Association of Southeast Asian Nations</a>',
        '<span lang="zh-Hans">东盟区域地雷行动中心</span>',
        'rel="nofollow noopener noreferrer">https://www.aseanmineaction.org</a>',
    ]:
        numbers = marks_after(body, fact_text)
        assert numbers, f"no citation mark after {fact_text!r}"
        assert references_exist(body, numbers), fact_text
    # What it does: the organisation page's own sections, from the same rows.
    assert 'href="/programmes/china-support-asean-armac/"' in body
    assert 'href="/agreements/undp-armac-mou-2025/"' in body
    assert 'href="/events/undp-armac-mou-signing-2025/"' in body
    assert 'href="/studies/armac-research-cambodia/"' in body
    assert 'href="/contact/"' in body and 'href="/partners/armac/"' in body
    assert '<section class="sources references"' in body


def test_contact_page_gives_address_telephones_and_email_each_cited(client, portal_records):
    response = client.get(reverse("contact"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<title>Contact ARMAC · ARMAC Portal</title>" in body
    for fact_text in [
        "#29, Street 115, Sangkat Veal Vong, Khan 7 Makara, Phnom Penh 120307, Cambodia",
        '<a href="tel:+85523221354">(+855) 23 221 354</a> / <a href="tel:+85523221364">(+855) 23 221 364</a>',
        '<a href="mailto:secretariat@aseanmineaction.org">secretariat@aseanmineaction.org</a>',
        'rel="nofollow noopener noreferrer">https://www.aseanmineaction.org</a>',
    ]:
        numbers = marks_after(body, fact_text)
        assert numbers, f"no citation mark after {fact_text!r}"
        assert references_exist(body, numbers), fact_text
    assert 'href="/privacy/">privacy notice</a>' in body


def test_every_page_links_about_and_contact(client, portal_records):
    body = client.get(reverse("home")).content.decode()
    header = body[body.index('<header class="site-header">') : body.index("</header>")]
    footer = body[body.index('<footer class="site-footer">') : body.index("</footer>")]
    assert 'href="/about/"' in header
    assert 'href="/about/"' in footer and 'href="/contact/"' in footer and 'href="/privacy/"' in footer
