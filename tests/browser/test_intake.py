"""Source intake in a real headless Chromium: a document added by upload, suggestions accepted and
linked, a passage cited by selecting it, the draft records found in the admin with verbatim quotes,
and every intake page clean for axe-core."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.db.models import Q
from selenium.webdriver.common.by import By
from selenium.webdriver.support.select import Select
from selenium.webdriver.support.ui import WebDriverWait

from core.models import PublicationStatus
from intake.models import SuggestionState
from registry.models import Citation, Organisation, Person, SourceDocument
from tests import factories as f
from tests.admin_helpers import admin_url
from tests.browser.helpers import assert_no_blocking_violations, sign_in, wait_for_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-42"
ADMIN = f"/{settings.ADMIN_URL}"
# CRLF line ends, kept as written: the page must still select by the stored text's offsets.
TEXT = (
    "ARMAC press release\r\n"
    "H.E. Dr. Sok Phal met Ms Rothna Buth of the Cambodian Mine Action Centre (CMAC) in Phnom Penh, "
    "Cambodia on 19 December 2024.\r\n"
    "Some 56 participants attended the Khmer-English workshop. Mr Sok Phal thanked CMAC.\r\n"
)
PASSAGE = "Some 56 participants attended the Khmer-English workshop."

# Select from the start of the segment beginning PASSAGE to just after "workshop." - as a mouse drag
# or Shift+arrows would - and let the page's own script react to the selection.
_SELECT = """
const pre = document.getElementById('intake-text');
const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
let first = null, last = null, node;
while ((node = walker.nextNode())) {
  if (!first && node.data.startsWith(arguments[0])) first = node;
  if (first && node.data.includes(arguments[1])) { last = node; break; }
}
document.getSelection().setBaseAndExtent(first, 0, last, last.data.indexOf(arguments[1]) + arguments[1].length);
"""


@pytest.fixture
def editor_browser(browser, live_server):
    f.make_country(iso3="KHM", iso2="KH", name="Cambodia", slug="cambodia")
    f.make_person(name="Buth Rothna", other_names=["Rothna Buth"], honorific="Ms", slug="buth-rothna")
    # The editors group's add/change/view, given directly: a transactional test's flush drops the groups
    # that registry's 0003 migration makes.
    editor = User.objects.create_user("ana", password=PASSWORD, is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label="registry").filter(
            Q(codename__startswith="view_") | Q(codename__startswith="add_") | Q(codename__startswith="change_")
        )
    )
    browser.set_window_size(1366, 900)
    sign_in(browser, live_server.url, "ana", PASSWORD, admin_path=ADMIN)
    return browser


def _row(browser, text):
    """The suggestions table's row for the first mention whose passage is `text`."""
    return browser.find_element(
        By.XPATH, f"//table[@class='intake-suggestions']//tr[td[1][starts-with(., '“{text}”')]]"
    )


def test_a_document_becomes_cited_draft_records(editor_browser, live_server, axe_source, tmp_path):
    browser = editor_browser
    upload = tmp_path / "cmac-release.txt"
    upload.write_bytes(TEXT.encode("utf-8"))

    browser.get(f"{live_server.url}{ADMIN}intake/")
    assert_no_blocking_violations(browser, axe_source, "the empty review queue")
    browser.find_element(By.LINK_TEXT, "Add a document").click()
    wait_for_page(browser, "/intake/add/")
    assert_no_blocking_violations(browser, axe_source, "the add form")
    browser.find_element(By.ID, "id_file").send_keys(str(upload))
    Select(browser.find_element(By.ID, "id_kind")).select_by_value("press-release")
    browser.find_element(By.CSS_SELECTOR, "input[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: "Confirm" in d.title)
    assert_no_blocking_violations(browser, axe_source, "the confirmation page")
    assert not SourceDocument.objects.exists()
    browser.find_element(By.CSS_SELECTOR, "input[value='Store as a draft source']").click()
    wait_for_page(browser, "/intake/documents/")

    document = SourceDocument.objects.get()
    assert document.text == TEXT and document.status == PublicationStatus.DRAFT
    assert_no_blocking_violations(browser, axe_source, "the document's suggestions")

    # Accept the new organisation, link the known person.
    row = _row(browser, "Cambodian Mine Action Centre")
    Select(row.find_element(By.CSS_SELECTOR, "select")).select_by_value("mine-action-authority")
    row.find_element(By.XPATH, ".//button[starts-with(., 'Accept')]").click()
    WebDriverWait(browser, 10).until(lambda d: "is a new draft organisation" in d.page_source)
    _row(browser, "Rothna Buth").find_element(By.XPATH, ".//button[starts-with(., 'Link')]").click()
    WebDriverWait(browser, 10).until(lambda d: "is cited for Buth Rothna" in d.page_source)

    # Cite a passage by selecting it: the script fills the offsets in.
    browser.execute_script(_SELECT, "Some 56", "workshop.")
    start = browser.find_element(By.ID, "id_start")
    WebDriverWait(browser, 5).until(lambda d: start.get_attribute("value"))
    assert PASSAGE in browser.find_element(By.CSS_SELECTOR, "[data-intake-quote]").text
    organisation = Organisation.objects.get(name="Cambodian Mine Action Centre")
    Select(browser.find_element(By.ID, "id_record")).select_by_value(f"registry.organisation:{organisation.pk}")
    Select(browser.find_element(By.ID, "id_fact")).select_by_value("description")
    browser.find_element(By.CSS_SELECTOR, "input[value='Cite the passage']").click()
    WebDriverWait(browser, 10).until(lambda d: "is cited for" in d.page_source and "(description)" in d.page_source)
    assert_no_blocking_violations(browser, axe_source, "the document after deciding")

    # The draft records, with verbatim citations, are in the admin.
    assert organisation.status == PublicationStatus.DRAFT and organisation.acronym == "CMAC"
    quotes = dict(organisation.citations.values_list("fact", "quote"))
    assert quotes == {"record": "Cambodian Mine Action Centre", "description": PASSAGE}
    assert all(c.quote in TEXT for c in Citation.objects.all())
    assert Person.objects.get(slug="buth-rothna").citations.get().quote == "Rothna Buth"
    assert document.suggestions.filter(state=SuggestionState.ACCEPTED).count() == 1
    browser.get(f"{live_server.url}{admin_url(Organisation, 'change', organisation.pk)}")
    shown = [area.get_attribute("value") for area in browser.find_elements(By.CSS_SELECTOR, "textarea[name$='-quote']")]
    assert PASSAGE in shown and "Cambodian Mine Action Centre" in shown
    assert not Organisation.objects.filter(status=PublicationStatus.PUBLISHED).exists()

    browser.get(f"{live_server.url}{ADMIN}intake/")
    assert "cmac-release" in browser.page_source
    assert_no_blocking_violations(browser, axe_source, "the review queue")
    assert User.objects.get(username="ana") == document.suggestions.get(state="accepted").decided_by
