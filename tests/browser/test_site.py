"""The public site as a visitor meets it (issue 15): every list's filter form and export links, the search
examples, and the folded filters on a 390 × 844 phone screen; axe-core on each of those pages."""

import pytest
from django.db import transaction
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser.helpers import assert_no_blocking_violations
from tests.factories import (
    make_agreement,
    make_country,
    make_event,
    make_full_event,
    make_organisation,
    make_person,
    make_programme,
    make_source,
    make_study,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTS = ["/events/", "/partners/", "/people/", "/countries/", "/agreements/", "/studies/", "/programmes/", "/sources/"]
DESKTOP, PHONE = (1280, 1024), (390, 844)


@pytest.fixture
# One commit for all the rows: the stored exports are rebuilt once (events.exports), not at each row's commit.
@transaction.atomic
def records():
    viet_nam = make_country(iso3="VNM", iso2="VN", name="Viet Nam")
    for number in range(3):
        make_full_event(title=f"Consultation workshop {number}", country=viet_nam)  # in Ha Noi
    make_event(title="Hội thảo tại Hà Nội", slug="hoi-thao", summary="Gặp gỡ ở Hà Nội")
    make_organisation(name="ASEAN Regional Mine Action Centre", slug="armac")
    make_person(name="Nguyễn Thị Hương", slug="nguyen-thi-huong")
    make_agreement()
    make_study()
    make_programme()
    make_source()


@pytest.fixture
def screen(browser):
    """Set the window size for one test; the module's browser goes back to the desktop size afterwards."""

    def resize(size):
        browser.set_window_size(*size)

    yield resize
    browser.set_window_size(*DESKTOP)


def fetch_status(browser, href):
    return browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0]).then(r => done(r.status), e => done('ERROR ' + e));",
        href,
    )


def submitted(browser):
    return WebDriverWait(browser, 10).until(
        lambda driver: "?" in driver.current_url and driver.execute_script("return document.readyState") == "complete"
    )


@pytest.mark.parametrize("path", LISTS)
def test_each_list_submitted_as_it_stands_lists_everything_and_its_exports_answer(
    browser, live_server, records, screen, path
):
    screen(DESKTOP)
    browser.get(f"{live_server.url}{path}")
    panel = browser.find_element(By.CSS_SELECTOR, "details.filter-panel")
    assert panel.get_attribute("open") is not None  # open beside the results on a wide screen
    before = browser.find_element(By.CSS_SELECTOR, ".list-summary").text
    browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    submitted(browser)
    assert browser.find_element(By.CSS_SELECTOR, ".list-summary").text == before
    links = browser.find_elements(By.CSS_SELECTOR, ".exports a")
    hrefs = [link.get_attribute("href") for link in links]
    if path != "/programmes/":
        assert {"CSV", "JSON"} <= {link.text for link in links}
    for href in hrefs:
        assert "=&" not in href and not href.endswith("="), href
        assert fetch_status(browser, href) == 200, href
    assert_no_blocking_violations(browser, axe_source=browser.axe_source, where=path)


@pytest.fixture(autouse=True)
def _axe_on_browser(browser, axe_source):
    browser.axe_source = axe_source


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Hà Nội", "Consultation workshop 0"), ("ha noi", "Hội thảo tại Hà Nội"), ("Nguyen", "Nguyễn Thị Hương")],
)
def test_search_ignores_accents_and_capitals_and_marks_the_match(browser, live_server, records, query, expected):
    browser.get(f"{live_server.url}/")
    box = browser.find_element(By.ID, "site-search-q")
    box.send_keys(query)
    box.submit()
    WebDriverWait(browser, 10).until(lambda driver: "/search/" in driver.current_url)
    titles = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".search-hit .record-title a")]
    assert expected in titles
    assert len(browser.find_elements(By.CSS_SELECTOR, "input[type=search]")) == 1
    assert browser.find_elements(By.CSS_SELECTOR, ".search-hit mark") or query == "Nguyen"
    assert browser.find_element(By.CSS_SELECTOR, ".search-counts").text
    assert_no_blocking_violations(browser, browser.axe_source, f"search for {query}")


@pytest.mark.parametrize("path", ["/events/", "/partners/", "/agreements/"])
def test_on_a_phone_the_filters_fold_away_and_the_first_result_shows(browser, live_server, records, screen, path):
    screen(PHONE)
    browser.get(f"{live_server.url}{path}")
    panel = browser.find_element(By.CSS_SELECTOR, "details.filter-panel")
    assert panel.get_attribute("open") is None
    viewport = browser.execute_script("return window.innerHeight")
    first = browser.find_element(By.CSS_SELECTOR, ".record-list .record")
    bottom_of_its_title = browser.execute_script(
        "return arguments[0].querySelector('a').getBoundingClientRect().bottom", first
    )
    assert bottom_of_its_title <= viewport, f"the first result ends {bottom_of_its_title}px down of {viewport}"
    # Unfolded, the filters work as on a desktop.
    browser.find_element(By.CSS_SELECTOR, "details.filter-panel > summary").click()
    assert panel.get_attribute("open") is not None
    assert browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").is_displayed()
    assert_no_blocking_violations(browser, browser.axe_source, f"{path} at 390 × 844")
