"""What the browser tests share: axe-core run on the page a browser shows, and signing in to the admin.

Any page is checked the same way (public pages, the admin, the intake pages):

    assert_no_blocking_violations(browser, axe_source, "the event form")

The `browser` and `axe_source` fixtures come from tests/browser/conftest.py.
"""

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# The impacts that fail a page; "moderate" and "minor" are reported by axe but do not block.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_RUN_AXE = (
    "const done = arguments[arguments.length - 1];"
    "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done([{id: 'axe-error',"
    " impact: 'critical', help: String(e), nodes: []}]));"
)


def axe_violations(browser, axe_source):
    """Every axe-core violation on the page the browser shows now."""
    browser.execute_script(axe_source)
    return browser.execute_async_script(_RUN_AXE)


def blocking_violations(browser, axe_source):
    """The serious and critical violations on the current page."""
    violations = axe_violations(browser, axe_source)
    return [violation for violation in violations if violation.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations, nodes_shown=3):
    """One line per violation: rule, impact, how many elements, help text and the first few elements."""
    return "\n".join(
        f"{v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']} at "
        f"{[node['target'] for node in v['nodes']][:nodes_shown]}"
        for v in violations
    )


def assert_no_blocking_violations(browser, axe_source, where=None):
    found = blocking_violations(browser, axe_source)
    assert not found, f"axe-core found serious or critical problems on {where or browser.current_url}:\n" + (
        describe_violations(found)
    )


def wait_for_page(browser, address_part):
    """Wait for the page a click led to: click() returns once the click is sent, not once the page loads."""
    WebDriverWait(browser, 10).until(
        lambda driver: (
            address_part in driver.current_url and driver.execute_script("return document.readyState") == "complete"
        )
    )


def sign_in(browser, base_url, username, password, admin_path="/admin/"):
    """Sign in through the admin's login page, as a person would."""
    browser.get(f"{base_url}{admin_path}login/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()
    WebDriverWait(browser, 10).until(lambda driver: "/login/" not in driver.current_url)
