"""The export's shape, pinned: one event's JSON and CSV as EXPORT_VERSION writes them.

A change to what an export writes (a field, a column, a format, the event's URL) must come with a
new events.exports.EXPORT_VERSION, or the stored exports written by the old code would go on being
served as current. This test fails on any such change; the golden files of a version are never
rewritten, so the way to make it pass again is to bump the version and write the new version's
files: `UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/events/test_golden.py` (only writes a
version that has none yet).
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from events import exports
from events.models import Event, EventExport
from registry.models import OrganisationRole
from tests.factories import (
    add_organisation,
    add_participant,
    cite,
    make_country,
    make_event,
    make_organisation,
    make_person,
    make_source,
    make_theme,
)

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden" / f"v{exports.EXPORT_VERSION}"
MOMENT = datetime(2025, 7, 4, 3, 30, tzinfo=UTC)


def golden_event():
    country = make_country("KHM", iso2="KH", name="Cambodia")
    parent = make_event(slug="golden-dialogue", title="The Golden Dialogue", start="2025-07")
    event = make_event(
        slug="golden-session",
        title="Plenary Session 1 of the Golden Dialogue",
        parent=parent,
        start="--12-15",
        end="--12-16",
        country=country,
        city="Phnom Penh",
        participant_count=56,
        summary="=The participants agreed a plan.",
        date_note="The post gives no year.",
    )
    event.themes.add(make_theme(slug="victim-assistance", name="Victim assistance"))
    organisation = make_organisation(slug="armac", name="ASEAN Regional Mine Action Centre", acronym="ARMAC")
    add_organisation(event, organisation, role=OrganisationRole.ORGANISER)
    person = make_person(slug="rothna-buth", name="Rothna Buth")
    add_participant(event, person, title_held="Executive Director", organisation=organisation)
    source = make_source(slug="golden-post", title="The golden post", text="ARMAC held a plenary session.")
    cite(event, source, quote="ARMAC held a plenary session.")
    cite(event, source, quote="a plenary session", fact="participant_count")
    Event.objects.filter(pk__in=[parent.pk, event.pk]).update(created_at=MOMENT, updated_at=MOMENT)
    exports.rebuild([parent.pk, event.pk])
    return event


def test_one_events_export_is_the_golden_one_of_this_export_version():
    event = golden_event()
    stored = EventExport.objects.get(event=event, version=exports.EXPORT_VERSION, stale=False)
    document = json.loads(stored.text.json)
    csv_text = exports.csv_line(exports.event_csv_header()) + stored.text.csv_row
    if os.environ.get("UPDATE_GOLDEN") and not GOLDEN.exists():
        GOLDEN.mkdir(parents=True)
        (GOLDEN / "event.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        (GOLDEN / "event.csv").write_bytes(csv_text.encode("utf-8"))
    assert GOLDEN.exists(), f"No golden files for EXPORT_VERSION {exports.EXPORT_VERSION}: write them (see above)."
    changed = f"The export's shape changed: bump EXPORT_VERSION and write {GOLDEN.parent}/v<new> (see above)."
    assert document == json.loads((GOLDEN / "event.json").read_text()), changed
    assert csv_text == (GOLDEN / "event.csv").read_bytes().decode("utf-8"), changed
    # And the API sends exactly this, stored or live.
    client = APIClient()
    assert client.get("/api/v1/events/golden-session/").json() == document
    EventExport.objects.all().delete()
    assert client.get("/api/v1/events/golden-session/").json() == document
    body = b"".join(client.get("/api/v1/events/golden-session/?format=csv").streaming_content)
    assert body.decode("utf-8-sig") == csv_text
