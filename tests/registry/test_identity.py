"""Identity (issue 15): languages by name and the checksum folded under technical details."""

import re

import pytest

from core.templatetags.portal import language_name, language_names
from tests.factories import make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "name"),
    [("en", "English"), ("zh-Hans", "Chinese (Simplified)"), ("km", "Khmer"), ("fr", "French"), ("x-none", "x-none")],
)
def test_language_codes_read_as_names(code, name):
    assert language_name(code) == name


def test_a_list_of_codes_reads_as_a_list_of_names():
    assert language_names(["en", "zh-Hans"]) == "English, Chinese (Simplified)"
    assert language_names([]) == ""


def test_source_page_names_its_languages_and_folds_the_checksum(client):
    source = make_source(languages=["en", "zh-Hans"])
    body = client.get(source.get_absolute_url()).content.decode()
    assert "English, Chinese (Simplified)" in body
    assert "zh-Hans</dd>" not in body
    details = re.search(r"<details[^>]*>(.*?)</details>", body, re.S)
    assert details, "the technical details are folded"
    assert "<summary>Technical details</summary>" in details.group(1)
    assert source.checksum in details.group(1)
    assert body.count(source.checksum) == 1
