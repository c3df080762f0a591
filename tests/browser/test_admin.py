"""The staff admin in a real headless Chromium: accessible to axe-core, fitting a 1,366 px screen, and
proposing the same slugs as the server."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from armac_portal.models import ApiToken
from core.slugs import slugify_name
from events.models import Event
from registry.models import Agreement, Country, Organisation, Person, Programme, SourceDocument, Study
from tests import factories as f
from tests.admin_helpers import admin_url
from tests.browser.helpers import assert_no_blocking_violations, blocking_violations, describe_violations, sign_in
from tests.core.test_slugs import LATIN_NAMES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-42"
ADMIN = f"/{settings.ADMIN_URL}"


@pytest.fixture
# One commit for all the rows: the stored exports are rebuilt once (events.exports), not at each row's commit.
@transaction.atomic
def records():
    """One record of each kind the admin edits, each with rows in every inline table of its form."""
    event = f.make_full_event(title="National Consultation Workshop on the Feasibility Study " * 3)
    f.add_outcome(event)
    f.add_key_figure(event)
    f.add_participant(event, title_held="Deputy Director General, Viet Nam National Mine Action Centre")
    person = f.make_person(name="Nguyễn Thị Hương")
    f.make_position(person=person)
    f.cite(person)
    agreement = f.make_agreement()
    f.add_party(agreement)
    f.add_signatory(agreement)
    f.add_commitment(agreement)
    f.cite(agreement)
    study = f.make_study(countries=[f.make_country()])
    f.add_study_partner(study)
    f.add_key_figure(study)
    programme = f.make_programme()
    f.add_programme_organisation(programme)
    f.add_key_figure(programme)
    organisation = f.make_organisation()
    f.cite(organisation)
    country = f.make_country()
    f.cite(country)
    source = f.make_source()
    # A second version for the history pages: a change by a named editor.
    editor = User.objects.create_user("ana", first_name="Ana", last_name="Editor", is_staff=True)
    event.title = "National Consultation Workshop"
    event._history_user = editor
    event.save()
    return {
        Event: event,
        Person: person,
        Agreement: agreement,
        Study: study,
        Programme: programme,
        Organisation: organisation,
        Country: country,
        SourceDocument: source,
    }


@pytest.fixture
def staff_browser(browser, live_server, records):
    """The browser signed in as a superuser, at 1,366 × 900 (a common staff laptop)."""
    User.objects.create_superuser("rita", "rita@example.org", PASSWORD, first_name="Rita", last_name="Root")
    browser.set_window_size(1366, 900)
    sign_in(browser, live_server.url, "rita", PASSWORD, admin_path=ADMIN)
    return browser


def _audit(browser, base_url, paths, axe_source):
    """Fail with one report of every page's blocking axe violations; pass when every page has none."""
    reports = []
    for path in paths:
        browser.get(f"{base_url}{path}")
        found = blocking_violations(browser, axe_source)
        if found:
            reports.append(f"{path}:\n{describe_violations(found)}")
    if reports:
        pytest.fail("axe-core found serious or critical problems:\n\n" + "\n\n".join(reports), pytrace=False)


def test_the_login_page_has_no_serious_or_critical_violations(browser, live_server, axe_source):
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}{ADMIN}login/")
    assert "ARMAC Portal — staff" in browser.title
    assert_no_blocking_violations(browser, axe_source, "the admin's login page")


def test_change_forms_with_inline_rows_have_no_serious_or_critical_violations(
    staff_browser, live_server, records, axe_source
):
    paths = [admin_url(model, "change", obj.pk) for model, obj in records.items()]
    _audit(staff_browser, live_server.url, paths, axe_source)


def test_add_forms_have_no_serious_or_critical_violations(staff_browser, live_server, records, axe_source):
    paths = [admin_url(model, "add") for model in [*records, ApiToken]]
    _audit(staff_browser, live_server.url, paths, axe_source)


def test_change_lists_have_no_serious_or_critical_violations(staff_browser, live_server, records, axe_source):
    paths = [admin_url(model, "changelist") for model in [*records, ApiToken]]
    _audit(staff_browser, live_server.url, [*paths, ADMIN], axe_source)


def test_history_pages_have_no_serious_or_critical_violations(staff_browser, live_server, records, axe_source):
    event = records[Event]
    version = event.history.last()
    paths = [
        admin_url(Event, "history", event.pk),
        admin_url(Event, "simple_history", event.pk, version.history_id),
        admin_url(Person, "history", records[Person].pk),
    ]
    _audit(staff_browser, live_server.url, paths, axe_source)


def test_the_event_form_fits_a_1366_pixel_screen_without_sideways_scrolling(staff_browser, live_server, records):
    staff_browser.get(f"{live_server.url}{admin_url(Event, 'change', records[Event].pk)}")
    page_width, view_width = staff_browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert page_width <= view_width
    title = staff_browser.find_element(By.ID, "id_title")
    assert title.size["width"] >= 600  # a long title is readable in its input


def test_the_admin_proposes_the_same_slug_as_the_server(staff_browser, live_server):
    staff_browser.get(f"{live_server.url}{admin_url(Person, 'add')}")
    name = staff_browser.find_element(By.ID, "id_name")
    slug = staff_browser.find_element(By.ID, "id_slug")
    proposed = {}
    for text in [*LATIN_NAMES, "周恩来"]:
        name.clear()
        name.send_keys(text)
        proposed[text] = slug.get_attribute("value")
    assert proposed == {**{text: slugify_name(text, max_length=120) for text in LATIN_NAMES}, "周恩来": ""}

    # Nothing proposed for Chinese: the server makes the slug on saving.
    staff_browser.find_element(By.CSS_SELECTOR, "select#id_status option[value=draft]").click()
    staff_browser.find_element(By.NAME, "_save").click()
    WebDriverWait(staff_browser, 10).until(lambda driver: "/add/" not in driver.current_url)  # saved, redirected
    assert Person.objects.get(name="周恩来").slug == "zhou-en-lai"
