"""registry.prepared.PreparedQuery: compiled once, then the same rows as the QuerySet it was built from."""

import pytest
from django.db import connection

from events.models import DETAIL_SESSIONS, Event, EventStatus
from registry.models import Citation
from registry.prepared import PreparedQuery
from tests.factories import cite, make_event

pytestmark = pytest.mark.django_db


def sessions_of(parent):
    return Event.objects.filter(parent_id=parent).order_by("start_date", "id")


SESSION_FIELDS = ["slug", "start", "start_date", "online", "event_status", "created_at"]


def test_rows_are_the_querysets_own_values_converted_alike():
    # A partial date (from_db_value), a date, a boolean and a datetime: SQLite returns the last three
    # as text and integers, so the rows read alike only if Django's converters ran on them.
    parent = make_event()
    make_event(parent=parent, start="--12-15", online=True)
    make_event(parent=parent, start="2025-04-04", event_status=EventStatus.CANCELLED)
    prepared = PreparedQuery(lambda parent: sessions_of(parent), SESSION_FIELDS, keys={"parent": int})
    expected = list(sessions_of(parent.pk).values_list(*SESSION_FIELDS))
    assert prepared.rows(parent=parent.pk) == expected
    assert [type(value) for value in prepared.rows(parent=parent.pk)[1]] == [type(value) for value in expected[1]]


def test_it_compiles_once_and_answers_each_key_with_that_keys_rows():
    first, second, empty = make_event(), make_event(), make_event()
    make_event(parent=first, slug="first-a")
    make_event(parent=second, slug="second-a")
    make_event(parent=second, slug="second-b")
    built = []

    def build(parent):
        built.append(parent)
        return sessions_of(parent)

    prepared = PreparedQuery(build, ["slug"], keys={"parent": int})
    assert prepared.rows(parent=first.pk) == [("first-a",)]
    assert prepared.rows(parent=second.pk) == [("second-a",), ("second-b",)]
    assert prepared.rows(parent=empty.pk) == []
    assert len(built) == 1


def test_several_keys_each_take_their_place():
    event, other = make_event(), make_event()
    citation = cite(event)
    cite(other)
    prepared = PreparedQuery(
        lambda kind, record: Citation.objects.filter(content_type_id=kind, object_id=record).order_by("id"),
        ["id"],
        keys={"kind": int, "record": int},
    )
    assert prepared.rows(kind=citation.content_type_id, record=event.pk) == [(citation.pk,)]
    assert prepared.rows(kind=citation.content_type_id + 1000, record=event.pk) == []


def test_a_text_key_takes_its_place_too():
    make_event(slug="wanted")
    make_event(slug="other")
    prepared = PreparedQuery(lambda slug: Event.objects.filter(slug=slug), ["slug"], keys={"slug": str})
    assert prepared.rows(slug="wanted") == [("wanted",)]
    assert prepared.rows(slug="missing") == []


def test_a_list_key_is_compiled_once_per_length_and_an_empty_one_sends_no_query(django_assert_num_queries):
    first, second, third = make_event(slug="a-1"), make_event(slug="a-2"), make_event(slug="a-3")
    built = []

    def build(events):
        built.append(len(events))
        return Event.objects.filter(pk__in=events).order_by("slug")

    prepared = PreparedQuery(build, ["slug"], keys={"events": list})
    assert prepared.rows(events=[third.pk, first.pk]) == [("a-1",), ("a-3",)]
    assert prepared.rows(events=[second.pk, third.pk]) == [("a-2",), ("a-3",)]
    assert prepared.rows(events=[first.pk, second.pk, third.pk]) == [("a-1",), ("a-2",), ("a-3",)]
    assert prepared.rows(events=[second.pk, second.pk]) == [("a-2",)]
    assert built == [2, 3]
    with django_assert_num_queries(0):
        assert prepared.rows(events=[]) == []


def test_a_key_the_query_does_not_take_as_a_parameter_is_refused_when_compiled():
    prepared = PreparedQuery(lambda parent: Event.objects.filter(parent__isnull=True), ["slug"], keys={"parent": int})
    with pytest.raises(ValueError, match="does not use the key"):
        prepared.rows(parent=1)
    # A list whose items are not all parameters: only its first is compared.
    first_only = PreparedQuery(lambda events: Event.objects.filter(pk=events[0]), ["slug"], keys={"events": list})
    with pytest.raises(ValueError, match="does not use the key"):
        first_only.rows(events=[1, 2])


def test_each_run_is_one_statement_counted_like_any_other(django_assert_num_queries):
    parent = make_event()
    DETAIL_SESSIONS.rows(event=parent.pk)  # compiled before counting
    with django_assert_num_queries(1) as captured:
        DETAIL_SESSIONS.rows(event=parent.pk)
    assert connection.ops.quote_name("parent_id") in captured.captured_queries[0]["sql"]


def test_instances_load_own_and_related_columns_with_the_rest_deferred():
    parent = make_event(title="Dialogue")
    session = make_event(parent=parent, title="Plenary")
    orphan = make_event(title="Alone")
    prepared = PreparedQuery(
        lambda pk: Event.objects.filter(pk=pk), ["id", "title", "parent__id", "parent__title"], keys={"pk": int}
    )
    (found,) = prepared.instances(Event, fixed={"summary": "given"}, pk=session.pk)
    assert (found.pk, found.title, found.summary) == (session.pk, "Plenary", "given")
    assert found.parent_id == parent.pk and found.parent.title == "Dialogue"
    assert found.get_deferred_fields() >= {"slug", "kind"}
    (alone,) = prepared.instances(Event, pk=orphan.pk)
    assert alone.parent is None
