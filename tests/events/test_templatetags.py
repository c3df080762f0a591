"""The event list's row tag (events/templatetags/event_tags.py)."""

import pytest
from django.utils.safestring import SafeString

from core.models import PublicationStatus
from events.models import Event
from events.templatetags.event_tags import event_item
from tests.factories import make_country, make_event, make_theme

pytestmark = pytest.mark.django_db


def test_event_item_writes_the_whole_row_escaped():
    parent = make_event(title="Regional <Dialogue>")
    event = make_event(
        title="Workshop & training",
        kind="workshop",
        start="2025-05-23",
        end="2025-05-27",
        city="Ha Noi",
        country=make_country(name="Viet Nam"),
        online=True,
        parent=parent,
        status=PublicationStatus.DRAFT,
        event_status="postponed",
    )
    event.themes.add(make_theme(name="Victim <assistance>"))
    # The tag writes what EventQuerySet.with_listing_relations() loads.
    listed = Event.objects.with_listing_relations()
    # The tag reads the reader from the template context (a draft parent would be left out for the public).
    html = event_item({}, listed.get(pk=event.pk))
    assert isinstance(html, SafeString)
    assert html == (
        '<li class="record event-item">\n'
        f'  <h3 class="record-title"><a href="{event.get_absolute_url()}">Workshop &amp; training</a> '
        '<span class="status-label status-postponed">Postponed</span>'
        ' <span class="status-label status-draft">Draft</span></h3>\n'
        '  <p class="meta">\n'
        '    <time datetime="2025-05-23">23</time>–<time datetime="2025-05-27">27 May 2025</time>\n'
        "    · Workshop or consultation · Ha Noi, Viet Nam · online\n"
        "  </p>\n"
        f'  <p class="meta">Part of <a href="{parent.get_absolute_url()}">Regional &lt;Dialogue&gt;</a></p>\n'
        '  <ul class="tags" aria-label="Themes"><li>Victim &lt;assistance&gt;</li></ul>\n'
        "</li>\n"
    )
    plain = event_item({}, listed.get(pk=make_event(title="Signing", kind="signing", start="2024").pk))
    assert "  </p>\n  \n  \n</li>\n" in plain and "·  ·" not in plain and "Draft" not in plain


def test_event_item_shows_the_date_note_plainly_under_the_date():
    note = "Taken from the <post's> dateline “15 Dec”, which gives no year."
    event = make_event(title="Plenary", start="--12-15", date_note=note)
    html = event_item({}, Event.objects.with_listing_relations().get(pk=event.pk))
    assert (
        '  </p>\n  <p class="meta date-note">'
        "Taken from the &lt;post&#x27;s&gt; dateline “15 Dec”, which gives no year.</p>\n" in html
    )
    assert "date-note" not in event_item(
        {}, Event.objects.with_listing_relations().get(pk=make_event(start="2025-04-04").pk)
    )
