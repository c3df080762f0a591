"""The generic template tags and filters (core/templatetags/portal.py)."""

import re

import pytest
from django.utils.safestring import SafeString

from core.dates import PartialDate
from core.templatetags.portal import choice_label, date_range_tag, date_tag, external_link, highlight_quotes
from events.models import EventKind
from tests.factories import make_event


def test_overlapping_quotes_are_merged_into_one_highlight():
    html = highlight_quotes("one two three four", ["one two", "two three", "absent"])
    assert html == "<mark>one two three</mark> four"


def test_external_link_refuses_non_http_addresses():
    assert external_link("javascript:alert(1)", "x") == "x"
    assert "href" not in external_link("data:text/html,<b>x</b>")
    assert 'rel="nofollow noopener noreferrer"' in external_link("http://example.org/", "site")


def test_dates_render_with_their_real_precision():
    assert date_tag(PartialDate(None, 12, 15)) == '<time datetime="12-15">15 December, year not stated</time>'
    assert date_tag(PartialDate(2025, 7)) == '<time datetime="2025-07">July 2025</time>'
    inferred = date_tag(PartialDate(2025, 7, 7), True, "Dateline gives July 7")
    assert 'title="Dateline gives July 7"' in inferred and "(year inferred)" in inferred


def test_date_ranges_name_a_shared_month_and_year_once():
    def text(html):
        return re.sub(r"<[^>]+>", "", html)

    assert text(date_range_tag(PartialDate(2025, 5, 23), PartialDate(2025, 5, 27))) == "23–27 May 2025"
    assert text(date_range_tag(PartialDate(None, 5, 23), PartialDate(None, 5, 27))) == "23–27 May, year not stated"
    assert text(date_range_tag(PartialDate(2025, 5, 30), PartialDate(2025, 6, 2))) == "30 May 2025 – 2 June 2025"
    assert text(date_range_tag(PartialDate(2025, 7), PartialDate(2025, 7))) == "July 2025"
    assert text(date_range_tag(PartialDate(2025, 7), None)) == "July 2025"
    for html in (date_range_tag(PartialDate(None, 5, 23), PartialDate(None, 5, 27)), date_tag(PartialDate(2025))):
        assert isinstance(html, SafeString), "a template would escape the <time> markup"
    both_ends = date_range_tag(PartialDate(2025, 5, 23), PartialDate(2025, 5, 27))
    assert '<time datetime="2025-05-23">23</time>' in both_ends and 'datetime="2025-05-27"' in both_ends


@pytest.mark.django_db
def test_choice_label_says_what_get_display_says():
    event = make_event()
    for value, _label in EventKind.choices:
        event.kind = value
        assert choice_label(event, "kind") == event.get_kind_display()
    event.kind = "not-a-kind"
    assert choice_label(event, "kind") == event.get_kind_display() == "not-a-kind"
