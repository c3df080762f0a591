"""Event search: full-text with its GIN index on PostgreSQL, the word-substring fallback on SQLite."""

import pytest
from django.db import connection

from events.models import Event
from tests.factories import make_event

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search and its GIN index exist on PostgreSQL only"
)


@pytest.fixture
def events():
    return {
        "dialogue": make_event(title="High-level dialogue on victim assistance", city="Phnom Penh"),
        "workshop": make_event(title="Regional workshop", summary="Partners discussed mine clearance data."),
        "training": make_event(title="Training course", city="Vientiane"),
    }


def found(text):
    return set(Event.objects.search(text).values_list("title", flat=True))


def test_search_finds_words_in_title_summary_and_city(events):
    assert found("victim") == {events["dialogue"].title}
    assert found("clearance") == {events["workshop"].title}
    assert found("Vientiane") == {events["training"].title}


def test_search_needs_every_word(events):
    assert found("dialogue assistance") == {events["dialogue"].title}
    assert found("dialogue Vientiane") == set()


def test_empty_search_leaves_the_list_unfiltered(events):
    assert Event.objects.search("   ").count() == 3


def test_search_chains_with_the_other_questions(events):
    events["workshop"].unpublish()
    assert not Event.objects.published().search("clearance").exists()


@on_postgresql
def test_postgresql_search_stems_words(events):
    # "discussions" and "discussed" share the English stem "discuss"; a substring match would miss it.
    assert found("discussions") == {events["workshop"].title}


@on_postgresql
def test_postgresql_search_reads_web_search_syntax_safely(events):
    assert found('"victim assistance"') == {events["dialogue"].title}
    assert found("workshop -clearance") == set()
    # Stray punctuation is not a syntax error.
    assert found("victim & | ! (") == {events["dialogue"].title}


@on_postgresql
def test_postgresql_search_plan_uses_the_full_text_index(events):
    with connection.cursor() as cursor:
        # Three rows are cheaper to read whole; the question is whether the search can use its index at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = Event.objects.search("victim assistance").explain()
    assert "event_search_idx" in plan


@on_postgresql
@pytest.mark.parametrize(
    ("model_name", "index"), [("Person", "person_search_text_trgm"), ("Organisation", "org_search_text_trgm")]
)
def test_postgresql_substring_search_uses_the_trigram_index_of_the_folded_text(model_name, index):
    import registry.models
    from tests.factories import make_organisation, make_person

    make_person(name="Sokha Chan")
    make_organisation(name="Sokha Foundation")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    model = getattr(registry.models, model_name)
    plan = model.objects.search("sokha chan").explain()
    assert index in plan
    # The rows the index proposes are re-checked against the stored folded text: nothing is folded again.
    assert "Recheck Cond: ((search_text ~~ '%sokha%'::text) AND (search_text ~~ '%chan%'::text))" in plan
    assert len(model.objects.search("SOKHA")) == 1


@on_postgresql
@pytest.mark.parametrize(
    ("model_name", "index"),
    [("SourceDocument", "source_search_idx"), ("Agreement", "agreement_search_idx"), ("Study", "study_search_idx")],
)
def test_postgresql_site_search_of_long_texts_uses_their_full_text_indexes(model_name, index):
    import registry.models

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = getattr(registry.models, model_name).objects.search("victim assistance").explain()
    assert index in plan
