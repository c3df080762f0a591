"""End to end in a real headless Chromium: filter the events, open one, fetch its calendar; audit accessibility."""

import icalendar
import pytest
from django.db import transaction
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from registry.models import ThemeKind
from tests.factories import make_country, make_full_event, make_theme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING_IMPACTS = {"serious", "critical"}


def wait_for_page(browser, address_part):
    """Wait for the page a click led to: click() returns once the click is sent, not once the page loads."""
    WebDriverWait(browser, 10).until(
        lambda driver: (
            address_part in driver.current_url and driver.execute_script("return document.readyState") == "complete"
        )
    )


@pytest.fixture
# One commit for all the rows: the stored exports are rebuilt once (events.exports), not at each row's commit.
@transaction.atomic
def records():
    """Two countries and three events, one cancelled and one on a date without its year."""
    viet_nam = make_country(iso3="VNM", iso2="VN", name="Viet Nam")
    laos = make_country(iso3="LAO", iso2="LA", name="Lao PDR")
    pillar = make_theme(name="Risk education", slug="risk-education", kind=ThemeKind.PILLAR)
    workshop = make_full_event(
        title="Risk education workshop",
        slug="risk-education-workshop",
        country=viet_nam,
        kind="workshop",
        start="2025-04-04",
    )
    workshop.themes.add(pillar)
    make_full_event(title="MoU signing", slug="mou-signing", country=laos, kind="signing", start="2025-07-04")
    make_full_event(
        title="Regional dialogue",
        slug="regional-dialogue",
        country=viet_nam,
        kind="high-level-dialogue",
        start="--12-15",
        event_status="cancelled",
    )
    return {"workshop": workshop}


def test_visitor_filters_events_opens_one_and_fetches_its_calendar(browser, live_server, records):
    browser.get(f"{live_server.url}/events/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Events"
    titles = {element.text for element in browser.find_elements(By.CSS_SELECTOR, ".record-title a")}
    assert titles == {"Risk education workshop", "MoU signing", "Regional dialogue"}

    Select(browser.find_element(By.ID, "id_country")).select_by_value("VNM")
    Select(browser.find_element(By.ID, "id_kind")).select_by_value("workshop")
    browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()

    wait_for_page(browser, "country=VNM")
    assert "kind=workshop" in browser.current_url
    links = browser.find_elements(By.CSS_SELECTOR, ".record-title a")
    assert [link.text for link in links] == ["Risk education workshop"]
    feed_link = browser.find_element(By.LINK_TEXT, "iCalendar").get_attribute("href")
    assert "country=VNM" in feed_link and "kind=workshop" in feed_link

    links[0].click()
    wait_for_page(browser, "/events/risk-education-workshop/")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Risk education workshop")
    calendar_href = browser.find_element(By.PARTIAL_LINK_TEXT, "Add to calendar").get_attribute("href")
    assert calendar_href.endswith("/events/risk-education-workshop/calendar.ics")

    # Fetched by the page itself, so the browser's own request (and the site's CSP) is exercised.
    text = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => r.text()).then(done, e => done('ERROR ' + e));",
        calendar_href,
    )
    (vevent,) = icalendar.Calendar.from_ical(text).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Risk education workshop"
    assert str(vevent["UID"]) == "risk-education-workshop@armac-portal"


def test_stylesheet_is_served_and_applied(browser, live_server, records):
    browser.get(f"{live_server.url}/")
    skip_link = browser.find_element(By.CSS_SELECTOR, "a.skip-link")
    # Off-screen until focused: proves portal.css loaded from our own static files.
    assert skip_link.value_of_css_property("position") == "absolute"


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/events/",
        "/events/?country=VNM",
        "/events/risk-education-workshop/",
        "/events/regional-dialogue/",
        "/sources/",
        "/search/?q=workshop",
    ],
)
def test_page_has_no_serious_or_critical_accessibility_violations(browser, live_server, records, axe_source, path):
    browser.get(f"{live_server.url}{path}")
    browser.execute_script(axe_source)
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done([{id: 'axe-error',"
        " impact: 'critical', help: String(e), nodes: []}]));"
    )
    blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in blocking
    )
    assert not blocking, f"axe-core found serious or critical problems on {path}:\n{report}"
