"""The synthetic data generator: scale ratios, determinism, valid rows, and removal of exactly its rows."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from armac_portal.sample_data import PREFIX, expected_counts, generate_sample_data, remove_sample_data
from events.models import Event, EventOrganisation, EventParticipant
from registry.models import Agreement, Citation, Country, Organisation, Person, SourceDocument, Study, Theme
from tests.factories import cite, make_full_event, make_organisation

pytestmark = pytest.mark.django_db

EVENTS = 60


def synthetic(model):
    return model.objects.filter(slug__startswith=PREFIX)


def snapshot():
    """Everything a generator run decides, independent of primary keys and timestamps."""
    return {
        "events": list(
            synthetic(Event)
            .order_by("slug")
            .values_list(
                "slug",
                "title",
                "kind",
                "start",
                "end",
                "start_date",
                "city",
                "country__iso3",
                "status",
                "parent__slug",
                "participant_count",
            )
        ),
        "participants": list(
            EventParticipant.objects.filter(event__slug__startswith=PREFIX)
            .order_by("event__slug", "position")
            .values_list("event__slug", "person__slug", "role", "organisation__slug")
        ),
        "people": list(synthetic(Person).order_by("slug").values_list("slug", "name")),
    }


def test_counts_follow_the_ratios_of_the_scale():
    generate_sample_data(EVENTS, seed=3)
    expected = expected_counts(EVENTS)
    assert synthetic(Event).count() == EVENTS
    assert synthetic(Organisation).count() == expected["organisations"] == EVENTS // 5
    assert synthetic(Person).count() == expected["people"] == 2 * EVENTS
    assert EventParticipant.objects.filter(event__slug__startswith=PREFIX).count() == 10 * EVENTS
    assert synthetic(Agreement).count() == EVENTS // 20
    assert synthetic(Study).count() == EVENTS // 20
    assert EventOrganisation.objects.filter(event__slug__startswith=PREFIX).count() == 2 * EVENTS
    assert Event.themes.through.objects.filter(event__slug__startswith=PREFIX).count() >= EVENTS
    # Every event, agreement and study cites a synthetic source.
    assert Citation.objects.filter(source__slug__startswith=PREFIX).count() == EVENTS + 2 * (EVENTS // 20)


def test_records_are_valid_as_saving_them_would_make_them():
    generate_sample_data(EVENTS, seed=3)
    for event in synthetic(Event)[:20]:
        # The derived days match what Event.save() would compute from the stated dates.
        start_date, end_date = event.start_date, event.end_date
        event.refresh_derived_dates()
        assert (event.start_date, event.end_date) == (start_date, end_date)
        event.full_clean()
    for citation in Citation.objects.filter(source__slug__startswith=PREFIX).select_related("source")[:50]:
        assert citation.quote in citation.source.text
    person = synthetic(Person).first()
    stored_key = person.name_key
    person.refresh_name_keys()
    assert person.name_key == stored_key


def test_the_same_seed_gives_the_same_records_and_another_seed_does_not():
    generate_sample_data(EVENTS, seed=7)
    first = snapshot()
    remove_sample_data()
    generate_sample_data(EVENTS, seed=7)
    assert snapshot() == first
    remove_sample_data()
    generate_sample_data(EVENTS, seed=8)
    assert snapshot() != first


def test_real_countries_are_reused_and_no_synthetic_ones_made():
    real = Country.objects.create(iso3="KHM", iso2="KH", name="Cambodia", slug="khm")
    generate_sample_data(EVENTS, seed=1)
    assert not synthetic(Country).exists()
    assert set(synthetic(Event).values_list("country", flat=True)) == {real.pk}


def test_removal_deletes_exactly_the_synthetic_rows():
    real_event = make_full_event()
    real_organisation = make_organisation()
    cite(real_organisation)
    real_counts = {
        model: model.objects.count()
        for model in (
            Event,
            Organisation,
            Person,
            SourceDocument,
            Theme,
            Citation,
            Country,
            EventParticipant,
            EventOrganisation,
        )
    }
    generate_sample_data(EVENTS, seed=2)
    assert Event.objects.count() == real_counts[Event] + EVENTS
    # bulk_create sends no signals: the generator writes the synthetic events' exports itself.
    call_command("rebuild_event_exports", "--check", verbosity=0)

    remove_sample_data()

    call_command("rebuild_event_exports", "--check", verbosity=0)

    assert {model: model.objects.count() for model in real_counts} == real_counts
    real_event.refresh_from_db()
    assert real_event.participants.count() == 1
    assert real_event.themes.count() == 1
    assert real_event.citations.count() == 1
    for model in (Event, Organisation, Person, SourceDocument, Theme, Agreement, Study, Country):
        assert not synthetic(model).exists()


def test_command_generates_and_removes(capsys):
    call_command("generate_sample_data", "--events", "20", "--seed", "4")
    assert synthetic(Event).count() == 20
    call_command("generate_sample_data", "--remove")
    assert not synthetic(Event).exists()
    assert "Removed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "from 1 to 1,000,000"),
        ("-5", "from 1 to 1,000,000"),
        ("2000000", "from 1 to 1,000,000"),
        ("many", "needs a whole number"),
    ],
)
def test_command_refuses_a_bad_number_of_events_in_one_sentence(value, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_sample_data", "--events", value)
    assert not synthetic(Event).exists()


def test_command_refuses_to_generate_twice_without_removing():
    call_command("generate_sample_data", "--events", "5")
    with pytest.raises(CommandError, match="already exist"):
        call_command("generate_sample_data", "--events", "5")
    assert synthetic(Event).count() == 5
