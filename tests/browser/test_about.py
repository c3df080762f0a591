"""In a real headless Chromium, on a desktop and on a 390 × 844 phone (issue 15): the About and Contact pages of
ARMAC's record, and the joint statement's English and Chinese passages, with axe-core on each page.

The records are the portal's own (fixtures/portal_data.json, as `manage.py load_portal_data` stores them;
restored from a backup of that load after the module's first test: see `portal_records`).
"""

import io

import pytest
from django.core.management import call_command
from selenium.webdriver.common.by import By

from tests.browser.helpers import assert_no_blocking_violations, wait_for_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP, PHONE = (1280, 1024), (390, 844)
SIZES = {"desktop": DESKTOP, "phone 390 × 844": PHONE}
JOINT_STATEMENT = "/sources/china-asean-joint-statement-2024/"
JOINT_STATEMENT_AGREEMENT = "/agreements/china-asean-joint-statement-mine-clearance-2024/"


@pytest.fixture(scope="module")
def _portal_backup(tmp_path_factory):
    """Where the module's first test leaves a `backup_portal` file of the records it loaded."""
    return tmp_path_factory.mktemp("portal-records") / "portal-backup.json.gz"


@pytest.fixture
def portal_records(_portal_backup):
    """The portal's own records: `load_portal_data` in the module's first test, its backup restored in the others.

    Why: each test here commits for real, so its rows are flushed after it and the next test needs them
    again. Loading the data file (full_clean, history, provenance checks on ~700 records) took ~4 s a
    test; `restore_portal` puts back the very rows the load stored (every field, id and history row:
    tests/security/test_backup.py) in about a third of that.
    """
    if _portal_backup.exists():
        call_command("restore_portal", str(_portal_backup), stdout=io.StringIO())
    else:
        call_command("load_portal_data", stdout=io.StringIO())
        call_command("backup_portal", str(_portal_backup), stdout=io.StringIO())


@pytest.fixture
def screen(browser):
    """Set the window size for one test; the module's browser goes back to the desktop size afterwards."""
    yield lambda size: browser.set_window_size(*size)
    browser.set_window_size(*DESKTOP)


def assert_no_horizontal_scroll(browser, where):
    widths = browser.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{where} scrolls sideways: {widths[0]}px of content in {widths[1]}px"


def follow_first_reference(browser, container):
    """Click the first citation mark in `container` and return the quote it leads to."""
    reference = container.find_element(By.CSS_SELECTOR, "sup.ref a")
    target = reference.get_attribute("href").split("#")[1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", reference)
    reference.click()
    assert browser.current_url.endswith(f"#{target}")
    quote = browser.find_element(By.ID, target)
    assert quote.is_displayed()
    return quote


@pytest.mark.parametrize("size", SIZES)
def test_about_page_shows_armac_from_its_cited_record(browser, live_server, portal_records, screen, axe_source, size):
    screen(SIZES[size])
    browser.get(f"{live_server.url}/about/")
    heading = browser.find_element(By.TAG_NAME, "h1")
    assert heading.text.startswith("ASEAN Regional Mine Action Centre")
    assert "(ARMAC)" in heading.text
    country = browser.find_element(By.XPATH, "//dt[normalize-space()='Country']/following-sibling::dd")
    assert country.text.startswith("Cambodia")
    assert browser.find_element(By.ID, "programmes-heading").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "main a[href='/contact/']").is_displayed()
    assert_no_horizontal_scroll(browser, f"/about/ at {size}")
    assert_no_blocking_violations(browser, axe_source, f"/about/ at {size}")
    quote = follow_first_reference(browser, heading)
    assert "The ASEAN Regional Mine Action Centre (ARMAC)" in quote.find_element(By.TAG_NAME, "blockquote").text


@pytest.mark.parametrize("size", SIZES)
def test_contact_page_gives_armacs_address_telephones_and_email(
    browser, live_server, portal_records, screen, axe_source, size
):
    screen(SIZES[size])
    browser.get(f"{live_server.url}/")
    browser.find_element(By.CSS_SELECTOR, ".site-footer a[href='/contact/']").click()
    wait_for_page(browser, "/contact/")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("ASEAN Regional Mine Action Centre")
    address = browser.find_element(By.XPATH, "//dt[normalize-space()='Postal address']/following-sibling::dd")
    assert address.text.startswith("#29, Street 115, Sangkat Veal Vong, Khan 7 Makara, Phnom Penh 120307, Cambodia")
    telephones = [link.get_attribute("href") for link in browser.find_elements(By.CSS_SELECTOR, "a[href^='tel:']")]
    assert telephones == ["tel:+85523221354", "tel:+85523221364"]
    email = browser.find_element(By.CSS_SELECTOR, "a[href^='mailto:']")
    assert email.text == "secretariat@aseanmineaction.org"
    assert browser.find_element(By.CSS_SELECTOR, "main a[href='/privacy/']").is_displayed()
    assert_no_horizontal_scroll(browser, f"/contact/ at {size}")
    assert_no_blocking_violations(browser, axe_source, f"/contact/ at {size}")
    quote = follow_first_reference(browser, address)
    assert "Sangkat Veal Vong" in quote.text


@pytest.mark.parametrize("size", SIZES)
def test_the_joint_statements_chinese_passages_are_labelled_and_tagged(
    browser, live_server, portal_records, screen, axe_source, size
):
    screen(SIZES[size])
    browser.get(f"{live_server.url}{JOINT_STATEMENT}")
    labels = [label.text for label in browser.find_elements(By.CSS_SELECTOR, ".source-text .language-label")]
    assert [label.casefold() for label in labels] == ["english", "chinese (simplified)"]
    chinese = browser.find_elements(By.CSS_SELECTOR, ".source-text p[lang='zh-Hans']")
    assert chinese and all(paragraph.is_displayed() for paragraph in chinese)
    assert any(paragraph.find_elements(By.TAG_NAME, "mark") for paragraph in chinese)
    assert_no_horizontal_scroll(browser, f"{JOINT_STATEMENT} at {size}")
    assert_no_blocking_violations(browser, axe_source, f"{JOINT_STATEMENT} at {size}")

    browser.get(f"{live_server.url}{JOINT_STATEMENT_AGREEMENT}")
    captions = [caption.text for caption in browser.find_elements(By.CSS_SELECTOR, ".commitment-text figcaption")]
    assert {caption.casefold() for caption in captions} == {"english", "chinese (simplified)"}
    assert_no_horizontal_scroll(browser, f"{JOINT_STATEMENT_AGREEMENT} at {size}")
    assert_no_blocking_violations(browser, axe_source, f"{JOINT_STATEMENT_AGREEMENT} at {size}")
