"""In a real headless Chromium: a reader follows a numbered reference on an event page to its quote, and sees
the mark of a fact outside the sources on a country page with its note."""

import pytest
from selenium.webdriver.common.by import By

from registry.models import FactNoteKind
from tests.factories import cite, make_country, make_event, make_source, note_facts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_follows_a_numbered_reference_to_its_quote_and_sees_a_mark_outside_the_sources(browser, live_server):
    source = make_source(
        title="ARMAC press release", text="The consultation workshop gathered 56 participants in Ha Noi."
    )
    event = make_event(title="Consultation workshop", participant_count=56)
    cite(event, source=source, quote="56 participants", fact="participant_count")
    country = make_country(iso3="LAO", iso2="LA", name="Lao PDR", mine_affected=True)
    note_facts(country, ["mine_affected"], kind=FactNoteKind.OUTSIDE_SOURCES, note="Landmine Monitor 2024")

    browser.get(live_server.url + event.get_absolute_url())
    count = browser.find_element(By.XPATH, "//dt[normalize-space()='Participants']/following-sibling::dd")
    reference = count.find_element(By.CSS_SELECTOR, "sup.ref a")
    assert reference.text == "[1]"
    reference.click()
    assert browser.current_url.endswith("#ref-1")
    quote = browser.find_element(By.ID, "ref-1")
    assert quote.is_displayed()
    assert "56 participants" in quote.find_element(By.TAG_NAME, "blockquote").text
    assert "Supports: Participant count" in quote.text
    titles = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".references h3.source-title")]
    assert titles == ["ARMAC press release"]

    browser.get(live_server.url + country.get_absolute_url())
    affected = browser.find_element(By.XPATH, "//dt[normalize-space()='Affected by mines/ERW']/following-sibling::dd")
    mark = affected.find_element(By.CSS_SELECTOR, "sup.fact-note a")
    assert mark.text == "†" and mark.is_displayed()
    assert "Landmine Monitor 2024" in mark.get_attribute("title")
    mark.click()
    note = browser.find_element(By.ID, "note-1")
    assert "Outside the sources" in note.text and "Landmine Monitor 2024" in note.text
