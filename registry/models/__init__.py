"""The registry's records, one module per concept, re-exported here."""

from .agreements import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementSignatory,
    AgreementStatus,
    Commitment,
    CommitmentText,
)
from .base import OrganisationRole, PublicRecord
from .partners import AseanRelation, Country, Organisation, OrganisationKind, Person, Position, name_key
from .programmes import FigureQualifier, KeyFigure, Programme, ProgrammeOrganisation
from .sources import Citation, FactNote, FactNoteKind, SourceDocument, SourceKind, text_checksum, validate_quote
from .studies import Study, StudyPartner, StudyStatus
from .themes import Theme, ThemeKind

__all__ = [
    "Agreement",
    "AgreementKind",
    "AgreementParty",
    "AgreementSignatory",
    "AgreementStatus",
    "AseanRelation",
    "Citation",
    "Commitment",
    "CommitmentText",
    "Country",
    "FactNote",
    "FactNoteKind",
    "FigureQualifier",
    "KeyFigure",
    "Organisation",
    "OrganisationKind",
    "OrganisationRole",
    "Person",
    "Position",
    "Programme",
    "ProgrammeOrganisation",
    "PublicRecord",
    "SourceDocument",
    "SourceKind",
    "Study",
    "StudyPartner",
    "StudyStatus",
    "Theme",
    "ThemeKind",
    "name_key",
    "text_checksum",
    "validate_quote",
]
