"""Records with every related part, for the export API tests."""

import itertools

from core.models import PublicationStatus
from events.models import Event
from registry.models import (
    AgreementParty,
    AgreementSignatory,
    Commitment,
    CommitmentText,
    OrganisationRole,
    Position,
    StudyPartner,
)
from tests.factories import (
    add_organisation,
    add_participant,
    cite,
    make_agreement,
    make_country,
    make_event,
    make_full_event,
    make_organisation,
    make_person,
    make_source,
    make_study,
    make_theme,
    one_export_rebuild,
)

DRAFT = PublicationStatus.DRAFT
_documents = itertools.count(1)


def viet_nam():
    from registry.models import Country

    return Country.objects.filter(iso3="VNM").first() or make_country("VNM", iso2="VN", name="Viet Nam")


def full_agreement(**fields):
    """An agreement with two parties, a signatory and a commitment in English and Chinese."""
    source = make_source(
        text=f"Document {next(_documents)}. ARMAC and the Centre agree to share data. 双方同意共享数据。"
        " Signed by Ms Buth."
    )
    agreement = make_agreement(**fields)
    agreement.themes.add(make_theme())
    party = AgreementParty.objects.create(agreement=agreement, organisation=make_organisation(name="ARMAC"))
    AgreementParty.objects.create(agreement=agreement, country=viet_nam())
    AgreementSignatory.objects.create(
        agreement=agreement, person=make_person(name="Rothna Buth"), title_at_signing="Executive Director", party=party
    )
    commitment = Commitment.objects.create(agreement=agreement, number=1)
    CommitmentText.objects.create(commitment=commitment, language="en", text="agree to share data", source=source)
    CommitmentText.objects.create(commitment=commitment, language="zh", text="双方同意共享数据", source=source)
    cite(agreement, source=source, quote="Signed by Ms Buth.", fact="signatories")
    return agreement


def full_person(**fields):
    source = make_source(text=f"Document {next(_documents)}. Ms Buth, Executive Director of ARMAC, opened it.")
    person = make_person(**fields) if fields else make_person()
    Position.objects.create(
        person=person,
        title="Executive Director",
        organisation=make_organisation(),
        stated_on="2025-04",
        source=source,
        quote="Executive Director of ARMAC",
    )
    cite(person, source=source)
    return person


def full_study(**fields):
    study = make_study(countries=[viet_nam()], **fields)
    study.themes.add(make_theme())
    StudyPartner.objects.create(study=study, organisation=make_organisation(), role=OrganisationRole.FUNDING)
    cite(study)
    return study


def many_full_events(count, **fields):
    with one_export_rebuild():
        return [make_full_event(country=viet_nam(), **fields) for _ in range(count)]


__all__ = [
    "DRAFT",
    "Event",
    "add_organisation",
    "add_participant",
    "cite",
    "full_agreement",
    "full_person",
    "full_study",
    "make_agreement",
    "make_country",
    "make_event",
    "make_full_event",
    "make_organisation",
    "make_person",
    "make_source",
    "make_study",
    "make_theme",
    "many_full_events",
    "viet_nam",
]
