"""The registry's rules hold twice: clean() gives a friendly message, the database refuses what slips past."""

import contextlib

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from registry.models import (
    AgreementParty,
    Citation,
    Commitment,
    CommitmentText,
    Country,
    KeyFigure,
    Organisation,
    Person,
    Position,
    SourceDocument,
    text_checksum,
)
from tests.factories import (
    add_party,
    cite,
    make_agreement,
    make_country,
    make_organisation,
    make_person,
    make_programme,
    make_source,
)

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def refused_by_database(error=IntegrityError):
    """The database itself refuses the write; the savepoint keeps the test's transaction usable."""
    with pytest.raises(error), transaction.atomic():
        yield


# -- quotes --------------------------------------------------------------------------------------


def test_a_citation_whose_quote_is_not_in_the_document_is_refused_on_save():
    source = make_source(text="ARMAC held a workshop with 56 participants.")
    organisation = make_organisation()
    with pytest.raises(ValidationError, match="not in"):
        Citation.objects.create(subject=organisation, source=source, quote="ARMAC held a workshop with 57")
    assert not Citation.objects.exists()


def test_a_verbatim_quote_is_accepted():
    source = make_source(text="ARMAC held a workshop with 56 participants.")
    citation = cite(make_organisation(), source=source, quote="a workshop with 56 participants", fact="description")
    assert citation.pk is not None


def test_an_empty_quote_is_refused():
    with pytest.raises(ValidationError, match="Give the quoted passage"):
        cite(make_organisation(), quote="   ")


def test_a_position_quote_must_stand_in_its_source():
    source = make_source(text="Ms Rothna Buth, Executive Director of ARMAC")
    position = Position(
        person=make_person(), title="Executive Director", source=source, quote="Executive Director of UNDP"
    )
    with pytest.raises(ValidationError):
        position.full_clean()
    with pytest.raises(ValidationError):
        position.save()


def test_a_commitment_text_must_stand_verbatim_in_its_source():
    source = make_source(text="1.强调人道主义扫雷行动重要性")
    commitment = Commitment.objects.create(agreement=make_agreement(), number=1)
    with pytest.raises(ValidationError):
        CommitmentText.objects.create(
            commitment=commitment, language="zh-Hans", text="强调人道主义扫雷行动重要性。", source=source
        )
    text = CommitmentText.objects.create(
        commitment=commitment, language="zh-Hans", text="强调人道主义扫雷行动重要性", source=source
    )
    assert text.pk is not None


def test_a_cited_document_may_not_drop_a_quoted_passage():
    source = make_source(text="The workshop convened 56 participants. Other text.")
    cite(make_organisation(), source=source, quote="convened 56 participants")
    source.text = "The workshop convened many participants. Other text."
    with pytest.raises(ValidationError, match="drops 1 cited passage"):
        source.full_clean()


# -- source documents ------------------------------------------------------------------------------


def test_a_source_documents_checksum_is_computed_from_its_text():
    source = make_source(text="Some verbatim text.")
    assert source.checksum == text_checksum("Some verbatim text.")


def test_the_same_document_text_cannot_be_stored_twice():
    make_source(text="Identical text.")
    with refused_by_database():
        make_source(text="Identical text.")


def test_an_inferred_year_without_a_reason_is_refused():
    with refused_by_database():
        make_source(published_on="2025-07-07", year_inferred=True, date_note="")
    source = SourceDocument(
        title="t", slug="inferred", kind="news-article", text="x", published_on="2025-07-07", year_inferred=True
    )
    with pytest.raises(ValidationError, match="Say why the year is inferred"):
        source.full_clean(exclude=["checksum"])


def test_an_inferred_year_with_its_reason_is_kept():
    source = make_source(
        published_on="2025-07-07", year_inferred=True, date_note="From the press release of 7 July 2025."
    )
    source.refresh_from_db()
    assert source.published_on.isoformat() == "2025-07-07"


def test_languages_must_be_a_list_of_codes():
    source = SourceDocument(title="t", slug="langs", kind="statement", text="x", languages="en")
    with pytest.raises(ValidationError, match="list of codes"):
        source.full_clean(exclude=["checksum"])


# -- unique slugs and codes ----------------------------------------------------------------------------


def test_duplicate_slugs_are_refused():
    make_organisation(slug="armac")
    with refused_by_database():
        make_organisation(slug="armac")
    with pytest.raises(ValidationError, match="slug"):
        Organisation(name="Other", slug="armac", kind="ngo").full_clean()


@pytest.mark.parametrize(("iso3", "iso2"), [("KH", "KH"), ("KH1", "KH"), ("khm", "KH"), ("KHM", "K"), ("KHM", "K2")])
def test_malformed_iso_codes_are_refused_by_the_database(iso3, iso2):
    with refused_by_database():
        Country.objects.create(iso3=iso3, iso2=iso2, name="Cambodia", slug="khm")


def test_an_overlong_iso_code_is_refused_by_the_database():
    # PostgreSQL refuses it for its length (DataError), SQLite for the format rule (IntegrityError).
    with refused_by_database(DatabaseError):
        Country.objects.create(iso3="KHMR", iso2="KH", name="Cambodia", slug="khm")


def test_iso_codes_are_upper_cased_by_clean_and_checked():
    country = Country(iso3="khm", iso2="kh", name="Cambodia", slug="khm")
    country.full_clean()
    assert (country.iso3, country.iso2) == ("KHM", "KH")
    with pytest.raises(ValidationError, match="three capital letters"):
        Country(iso3="k1m", iso2="kh", name="Cambodia", slug="khm").full_clean()


def test_iso_codes_are_unique():
    make_country("KHM", iso2="KH")
    with refused_by_database():
        make_country("KHM", iso2="KX", name="Another", slug="another")


# -- organisations -----------------------------------------------------------------------------------


def test_an_organisation_cannot_sit_inside_itself():
    parent = make_organisation()
    child = make_organisation(parent=parent)
    parent.parent = child
    with pytest.raises(ValidationError, match="cannot sit inside itself"):
        parent.full_clean()


def test_an_organisation_name_is_unique_within_its_country():
    country = make_country()
    make_organisation(name="Ministry of Foreign Affairs", country=country)
    with refused_by_database():
        make_organisation(name="Ministry of Foreign Affairs", country=country)


def test_other_names_must_be_distinct():
    organisation = Organisation(name="ARMAC", slug="o", kind="intergovernmental", other_names=["Centre", "centre"])
    with pytest.raises(ValidationError, match="listed twice"):
        organisation.full_clean()


# -- people -----------------------------------------------------------------------------------------------


def test_a_second_record_for_the_same_person_in_another_order_is_refused_by_clean():
    make_person(name="Rothna Buth", slug="rothna-buth")
    duplicate = Person(name="Ms Buth Rothna", slug="buth-rothna")
    with pytest.raises(ValidationError, match="already recorded"):
        duplicate.full_clean()


def test_a_person_is_found_under_any_name_order_honorific_or_other_name():
    person = make_person(name="Ly Thuch", honorific="H.E. Dr.", other_names=["Thuch"])
    for name in ("Ly Thuch", "Thuch Ly", "H.E. Dr. Ly Thuch", "THUCH"):
        assert list(Person.objects.matching_name(name)) == [person]
    assert not Person.objects.matching_name("Ly").exists()


# -- agreements ---------------------------------------------------------------------------------------------


def test_an_agreement_party_is_an_organisation_or_a_country_never_both_nor_neither():
    agreement = make_agreement()
    organisation, country = make_organisation(), make_country()
    with refused_by_database():
        AgreementParty.objects.create(agreement=agreement, organisation=organisation, country=country)
    with refused_by_database():
        AgreementParty.objects.create(agreement=agreement)
    for party in (
        AgreementParty(agreement=agreement, organisation=organisation, country=country),
        AgreementParty(agreement=agreement),
    ):
        with pytest.raises(ValidationError, match="either an organisation or a country"):
            party.full_clean()
    assert AgreementParty.objects.create(agreement=agreement, country=country).pk is not None


def test_an_organisation_is_a_party_to_an_agreement_only_once():
    agreement = make_agreement()
    organisation = make_organisation()
    add_party(agreement, organisation)
    with refused_by_database():
        add_party(agreement, organisation)


def test_commitment_numbers_are_positive_and_unique_per_agreement():
    agreement = make_agreement()
    with refused_by_database():
        Commitment.objects.create(agreement=agreement, number=0)
    Commitment.objects.create(agreement=agreement, number=1)
    with refused_by_database():
        Commitment.objects.create(agreement=agreement, number=1)


# -- figures --------------------------------------------------------------------------------------------------


def test_a_key_figure_cannot_be_negative():
    programme = make_programme()
    with refused_by_database():
        KeyFigure.objects.create(subject=programme, label="land released", value=-1, unit="km²")
    figure = KeyFigure(subject=programme, label="land released", value=-1, unit="km²")
    with pytest.raises(ValidationError, match="cannot be negative"):
        figure.full_clean()
