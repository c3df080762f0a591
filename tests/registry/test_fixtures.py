"""The records built from the five source documents: verbatim, cited, honest about dates, idempotent."""

import io
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max

from core.models import PublicationStatus
from events.models import Event, EventParticipant
from registry.models import (
    Agreement,
    Citation,
    CommitmentText,
    Country,
    KeyFigure,
    Organisation,
    Person,
    Position,
    Programme,
    SourceDocument,
    Study,
    text_checksum,
)
from tests.factories import one_export_rebuild

FIXTURES = settings.BASE_DIR / "fixtures"
SOURCES = FIXTURES / "sources"
DATA = FIXTURES / "portal_data.json"


def load(**options):
    out = io.StringIO()
    with one_export_rebuild():  # inside a test, once for the whole load, not at each of its rows
        call_command("load_portal_data", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def _loaded_once(django_db_setup, django_db_blocker):
    """Load once for the module, inside a transaction rolled back at the end so other modules start empty."""
    with django_db_blocker.unblock(), transaction.atomic():
        load()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def loaded(_loaded_once, db):
    """The loaded records; each test runs in a savepoint, so what it writes is undone."""


def snapshot():
    """Rows per table (models and many-to-many tables) and the latest updated_at per model."""
    state = {}
    for model in [*apps.get_app_config("registry").get_models(), *apps.get_app_config("events").get_models()]:
        state[model._meta.label] = model.objects.count()
        if any(f.name == "updated_at" for f in model._meta.fields):
            state[f"{model._meta.label} updated_at"] = model.objects.aggregate(latest=Max("updated_at"))["latest"]
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            state[through._meta.label] = through.objects.count()
    return state


def test_the_five_source_files_are_all_loaded_as_documents(loaded):
    files = sorted(path.name for path in SOURCES.glob("*.txt"))
    assert len(files) == 5
    assert sorted(set(SourceDocument.objects.values_list("origin_file", flat=True))) == files


def test_every_citation_position_and_commitment_text_is_verbatim_in_its_document(loaded):
    citations = list(Citation.objects.with_source())
    positions = list(Position.objects.select_related("source"))
    texts = list(CommitmentText.objects.select_related("source"))
    assert citations and positions and texts
    for row in citations + positions:
        assert row.quote in row.source.text, row.quote
    for row in texts:
        assert row.text in row.source.text, row.text


def test_every_source_document_is_cited(loaded):
    assert not SourceDocument.objects.filter(citations_made__isnull=True).exists()


def test_each_document_is_an_exact_part_of_its_file_with_its_checksum(loaded):
    for document in SourceDocument.objects.all():
        whole = (SOURCES / document.origin_file).read_text(encoding="utf-8")
        assert document.text in whole
        assert document.checksum == text_checksum(document.text)


def test_the_file_with_two_press_releases_is_split_at_the_ha_noi_dateline(loaded):
    parts = SourceDocument.objects.filter(origin_file="002_3c92728bb01ac018.txt").order_by("published_on")
    workshop, mou = list(parts)
    assert workshop.text.startswith("Ha Noi, Viet Nam — 4 April 2025")
    assert workshop.text.endswith("End of Press Release")
    assert "Ha Noi, Viet Nam" not in mou.text
    assert mou.text.rstrip().endswith("inclusive ASEAN Community.")


def test_loading_twice_changes_nothing(loaded):
    before = snapshot()
    assert load().startswith("The records are already up to date")
    assert snapshot() == before


def test_every_loaded_record_is_published(loaded):
    for model in (Country, Organisation, Person, SourceDocument, Agreement, Study, Event):
        assert not model.objects.exclude(status=PublicationStatus.PUBLISHED).exists(), model
        assert not model.objects.filter(published_at__isnull=True).exists(), model


@pytest.mark.parametrize(("first", "second"), [("Buth Rothna", "Rothna Buth"), ("H.E. Dr. Ly Thuch", "Ly Thuch")])
def test_the_same_person_under_two_name_orders_is_one_record(loaded, first, second):
    one, other = list(Person.objects.matching_name(first)), list(Person.objects.matching_name(second))
    assert len(one) == 1
    assert one == other


def test_a_misspelling_of_the_source_is_recorded_but_not_offered_as_a_name(loaded):
    person = Person.objects.get(slug="armida-salsiah-alisjahbana")
    assert person.misspellings == ["Alisjashbana"]
    assert "Alisjashbana" not in person.other_names
    assert not Person.objects.matching_name("Alisjashbana").exists()
    assert list(Person.objects.search("Alisjashbana")) == []
    assert list(Person.objects.matching_name("Alisjahbana")) == [person]


def test_one_organisation_carries_both_spellings_of_centre(loaded):
    spellings = {org.slug: org.other_names for org in Organisation.objects.all()}  # JSON contains: not on SQLite
    for name in ("ASEAN Regional Mine Action Center", "Viet Nam National Mine Action Center"):
        assert [slug for slug, names in spellings.items() if name in names] in (["armac"], ["vnmac"])
    assert Organisation.objects.get(slug="undp-cambodia").parent.slug == "undp"


def test_a_date_without_a_year_stays_without_one(loaded):
    post = SourceDocument.objects.get(origin_file="000_d51ad02860d2fca6.txt")
    assert post.published_on.isoformat() == "--12-15"
    assert not post.year_inferred
    assert "2023" in post.date_note  # says why the footer's year is not used
    session = Event.objects.get(slug="unescap-78th-session")
    assert (session.start.isoformat(), session.end.isoformat()) == ("--05-23", "--05-27")
    assert Event.objects.get(slug="cmaa-unescap-virtual-meeting").start.isoformat() == "--05-09"


def test_an_inferred_year_is_marked_with_its_reason(loaded):
    article = SourceDocument.objects.get(origin_file="001_2d89edae75c0e3c5.txt")
    assert article.published_on.isoformat() == "2025-07-07"
    assert article.year_inferred
    assert "7 July 2025" in article.date_note
    position = Position.objects.get(source=article, person__slug="rothna-buth")
    assert position.year_inferred and position.date_note == article.date_note


def test_key_facts_carry_their_citations(loaded):
    workshop = Event.objects.get(slug="viet-nam-national-consultation-workshop-2025")
    assert workshop.participant_count == 56
    assert workshop.study.slug == "viet-nam-feasibility-study-rehabilitation-mental-health"
    facts = set(workshop.citations.values_list("fact", flat=True))
    assert {"participant_count", "start", "city"} <= facts
    plenary = Event.objects.get(slug="plenary-session-2-regional-high-level-dialogue")
    assert plenary.parent.slug == "regional-high-level-dialogue-mine-erw-action"
    # The post's dateline "15 Dec" states no year: the session keeps day and month only.
    assert plenary.start.isoformat() == "--12-15" and not plenary.year_inferred
    assert plenary.start_date is None
    assert EventParticipant.objects.filter(event__slug="plenary-session-2-regional-high-level-dialogue").count() == 6


def test_the_joint_statement_has_six_commitments_in_english_and_chinese(loaded):
    statement = Agreement.objects.get(slug="china-asean-joint-statement-mine-clearance-2024")
    assert list(statement.commitments.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6]
    for commitment in statement.commitments.all():
        assert set(commitment.texts.values_list("language", flat=True)) == {"en", "zh-Hans"}
    assert statement.parties.count() == 11


def test_programme_figures_keep_their_qualifiers(loaded):
    figures = Programme.objects.get(slug="clearing-for-results").key_figures.order_by("position")
    assert [(f.value.normalize(), f.unit, f.qualifier) for f in figures] == [
        (384, "km²", "more-than"),
        (12, "%", "more-than"),
        (1200000, "people", "more-than"),
    ]
    assert all(figure.citations.exists() for figure in KeyFigure.objects.all())
    (undp_presence,) = Organisation.objects.get(slug="undp").key_figures.all()
    assert (undp_presence.value, undp_presence.qualifier) == (170, "more-than")


def write_data(tmp_path, change):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "portal_data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_quote_not_in_its_document_stops_the_load_and_changes_nothing(loaded, tmp_path):
    def corrupt(data):
        data["countries"][0]["name"] = "Renamed before the failure"  # an update written first
        data["countries"].append({"iso3": "JPN", "iso2": "JP", "name": "Japan"})  # a row created first
        data["events"][-1]["citations"][0]["quote"] = "a sentence no document contains"

    path = write_data(tmp_path, corrupt)
    before = snapshot()
    with pytest.raises(CommandError, match=r"^Cannot load .*: quote: This passage is not in .*\.$"):
        load(data=str(path), sources=str(SOURCES))
    assert snapshot() == before
    assert not Country.objects.filter(name="Renamed before the failure").exists()
    assert not Country.objects.filter(iso3="JPN").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda data: data["events"][0].update(themes=["no-such-theme"]), "theme “no-such-theme”, which it does not"),
        (lambda data: data["events"][2].update(start="4 July 2025"), "is not a date of the form"),
        (lambda data: data["documents"][2].update(ends="text that is nowhere"), "must occur once"),
        (lambda data: data["people"].append(data["people"][0]), "lists people “ly-thuch” twice"),
        (lambda data: data["documents"].pop(), "refers to document"),
    ],
)
def test_bad_data_is_refused_with_one_plain_sentence(loaded, tmp_path, change, message):
    path = write_data(tmp_path, change)
    with pytest.raises(CommandError) as refused:
        load(data=str(path), sources=str(SOURCES))
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_missing_data_file_is_refused_plainly(loaded, tmp_path):
    with pytest.raises(CommandError, match="There is no data file at"):
        load(data=str(tmp_path / "missing.json"))
