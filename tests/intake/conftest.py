"""The portal's records loaded once per module (rolled back after it), for the tests that read the database."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def _portal_records_once(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_portal_data", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def portal_records(_portal_records_once, db):
    """The records of fixtures/portal_data.json, as `manage.py load_portal_data` stores them."""
