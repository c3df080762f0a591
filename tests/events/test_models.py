"""Event rules: dates in order and honest, counts not negative, sessions inside dialogues, unique roles."""

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import Event, EventKind, EventParticipant, ParticipantRole
from tests.factories import add_organisation, add_participant, make_event, make_person

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def refused_by_database():
    """The database itself refuses the write; the savepoint keeps the test's transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


def test_an_event_ending_before_it_starts_is_refused_by_full_clean():
    event = Event(title="Workshop", slug="w", kind=EventKind.WORKSHOP, start="2025-04-04", end="2025-04-03")
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        event.full_clean()


def test_an_event_ending_before_it_starts_is_refused_by_the_database_on_a_direct_save():
    event = Event(title="Workshop", slug="w", kind=EventKind.WORKSHOP, start="2025-04-04", end="2025-04-03")
    with refused_by_database():
        event.save()  # save() skips clean(): only the constraint stands in the way


def test_an_update_that_moves_the_end_before_the_start_is_refused_by_the_database():
    event = make_event(start="2025-04-04", end="2025-04-05")
    with refused_by_database():
        Event.objects.filter(pk=event.pk).update(end_date=dt.date(2025, 4, 1))
    event.refresh_from_db()
    assert event.end_date == dt.date(2025, 4, 5)


def test_a_one_day_event_may_end_on_its_start_day():
    event = make_event(start="2025-07-04", end="2025-07-04")
    event.full_clean()


def test_dates_without_a_year_are_kept_and_not_put_on_the_calendar():
    event = make_event(start="--05-23", end="--05-27", event_status="planned")
    event.refresh_from_db()
    assert (event.start.isoformat(), event.end.isoformat()) == ("--05-23", "--05-27")
    assert event.start_date is None and event.end_date is None


def test_a_month_precision_start_spans_its_month():
    event = make_event(start="2024-07", end="2024-07")
    assert (event.start_date, event.end_date) == (dt.date(2024, 7, 1), dt.date(2024, 7, 31))


def test_an_end_without_a_start_is_refused():
    event = Event(title="Session", slug="s", kind=EventKind.COMMISSION_SESSION, end="2025-05-27")
    with pytest.raises(ValidationError, match="start date before an end date"):
        event.full_clean()
    with refused_by_database():
        event.save()


def test_a_malformed_date_is_a_form_error_not_a_crash():
    event = Event(title="Meeting", slug="m", kind=EventKind.VIRTUAL_MEETING, start="May 9")
    with pytest.raises(ValidationError, match="is not a date of the form"):
        event.full_clean()


def test_a_negative_participant_count_is_refused():
    event = make_event(participant_count=56)
    with refused_by_database():
        Event.objects.filter(pk=event.pk).update(participant_count=-1)
    event.participant_count = -1
    with pytest.raises(ValidationError):
        event.full_clean()


def test_an_inferred_year_needs_a_reason():
    with refused_by_database():
        make_event(start="2025-07-04", year_inferred=True, date_note="")
    event = Event(title="Signing", slug="x", kind=EventKind.SIGNING, start="2025-07-04", year_inferred=True)
    with pytest.raises(ValidationError, match="Say why the year is inferred"):
        event.full_clean()


def test_event_slugs_are_unique():
    make_event(slug="mou-signing")
    with refused_by_database():
        make_event(slug="mou-signing")
    with pytest.raises(ValidationError, match="slug"):
        Event(title="Again", slug="mou-signing", kind=EventKind.SIGNING).full_clean()


def test_an_event_cannot_be_a_session_of_itself_or_of_its_own_session():
    dialogue = make_event(kind=EventKind.HIGH_LEVEL_DIALOGUE)
    session = make_event(kind=EventKind.PLENARY_SESSION, parent=dialogue)
    assert list(dialogue.sessions.all()) == [session]
    dialogue.parent = session
    with pytest.raises(ValidationError, match="session of itself"):
        dialogue.full_clean()
    with refused_by_database():
        Event.objects.filter(pk=dialogue.pk).update(parent=dialogue.pk)


def test_a_person_has_a_role_at_an_event_only_once():
    event, person = make_event(), make_person()
    add_participant(event, person, role=ParticipantRole.SIGNATORY, title_held="Executive Director of ARMAC")
    with refused_by_database():
        add_participant(event, person, role=ParticipantRole.SIGNATORY)
    add_participant(event, person, role=ParticipantRole.SPEAKER)
    assert EventParticipant.objects.filter(event=event, person=person).count() == 2


def test_an_organisation_has_a_role_at_an_event_only_once():
    event = make_event()
    row = add_organisation(event, role="host")
    with refused_by_database():
        add_organisation(event, row.organisation, role="host")
    assert add_organisation(event, row.organisation, role="organiser").pk is not None
