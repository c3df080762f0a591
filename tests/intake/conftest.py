"""The portal's records loaded once per module (rolled back after it), for the tests that read the database."""

import pytest


@pytest.fixture
def portal_records(_portal_records_once, db):
    """The records of fixtures/portal_data.json, as `manage.py load_portal_data` stores them."""
