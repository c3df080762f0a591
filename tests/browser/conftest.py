"""One headless Debian Chromium per test module, driven by Selenium against pytest-django's live server.

Without chromium/chromedriver the browser tests skip locally with the reason; under CI (the `CI`
environment variable, set by .ci/run) a missing browser is a failure, never a silent skip.
"""

import hashlib
import os
import shutil
from pathlib import Path

import pytest

# Selenium's driver manager phones home unless told not to; the paths below are explicit anyway.
os.environ.setdefault("SE_AVOID_STATS", "true")

VENDOR = Path(__file__).parent / "vendor"
AXE_PATH = VENDOR / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"  # axe-core 4.14.1
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--window-size=1280,1024",
)


def _missing(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} CI must run the browser tests: install Debian's chromium and chromium-driver.")
    pytest.skip(f"{reason} Install it with: apt-get install -y chromium chromium-driver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """A fresh headless Chromium (its own empty profile) shared by one module's tests."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium:
        _missing("Chromium is not installed.")
    if not chromedriver:
        _missing("chromedriver is not installed.")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def axe_source():
    """The vendored axe-core, checked against its recorded hash."""
    source = AXE_PATH.read_bytes()
    digest = hashlib.sha256(source).hexdigest()
    assert digest == AXE_SHA256, f"{AXE_PATH} is not the vendored axe-core 4.14.1 (sha256 {digest})."
    return source.decode("utf-8")
