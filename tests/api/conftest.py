"""Fixtures of the export API tests: clients, a staff token, and a clean throttle count per test."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttle counts live in the cache; each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client_api():
    return APIClient()


@pytest.fixture
def staff_client(db):
    user = get_user_model().objects.create_user("editor", password="x" * 16, is_staff=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def member_client(db):
    """A signed-in user who is not staff: a token, but no right to drafts."""
    user = get_user_model().objects.create_user("member", password="x" * 16)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client
