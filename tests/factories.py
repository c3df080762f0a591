"""Small factories for tests: each makes a valid, published record with unique slugs and sensible defaults."""

import contextlib
import itertools

from core.models import PublicationStatus
from events import exports
from events.models import Event, EventKind, EventOrganisation, EventParticipant, EventStatus, Outcome, ParticipantRole
from registry.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementSignatory,
    AseanRelation,
    Citation,
    Commitment,
    CommitmentText,
    Country,
    FactNote,
    KeyFigure,
    Organisation,
    OrganisationKind,
    OrganisationRole,
    Person,
    Position,
    Programme,
    ProgrammeOrganisation,
    SourceDocument,
    SourceKind,
    Study,
    StudyPartner,
    Theme,
    ThemeKind,
)

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_country(iso3=None, **fields):
    n = _n()
    iso3 = iso3 or f"Z{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}"
    defaults = {
        "iso2": fields.pop("iso2", None) or f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}",
        "name": f"Country {iso3}",
        "slug": iso3.lower(),
        "status": PublicationStatus.PUBLISHED,
        "asean_relation": AseanRelation.MEMBER_STATE,
    }
    defaults.update(fields)
    return Country.objects.create(iso3=iso3, **defaults)


def make_organisation(**fields):
    n = _n()
    defaults = {
        "name": f"Organisation {n}",
        "slug": f"organisation-{n}",
        "kind": OrganisationKind.NGO,
        "status": PublicationStatus.PUBLISHED,
    }
    defaults.update(fields)
    return Organisation.objects.create(**defaults)


def make_person(**fields):
    n = _n()
    defaults = {"name": f"Person Number{n}", "slug": f"person-{n}", "status": PublicationStatus.PUBLISHED}
    defaults.update(fields)
    return Person.objects.create(**defaults)


def make_theme(**fields):
    n = _n()
    defaults = {"name": f"Theme {n}", "slug": f"theme-{n}", "kind": ThemeKind.PILLAR}
    defaults.update(fields)
    return Theme.objects.create(**defaults)


def make_source(text=None, **fields):
    n = _n()
    defaults = {
        "title": f"Source {n}",
        "slug": f"source-{n}",
        "kind": SourceKind.PRESS_RELEASE,
        "languages": ["en"],
        "text": text or f"Source document number {n}. ARMAC held a workshop with 56 participants.",
        "status": PublicationStatus.PUBLISHED,
    }
    defaults.update(fields)
    return SourceDocument.objects.create(**defaults)


def make_event(**fields):
    n = _n()
    defaults = {
        "title": f"Event {n}",
        "slug": f"event-{n}",
        "kind": EventKind.WORKSHOP,
        "start": "2025-04-04",
        "event_status": EventStatus.HELD,
        "status": PublicationStatus.PUBLISHED,
    }
    defaults.update(fields)
    return Event.objects.create(**defaults)


def make_agreement(**fields):
    n = _n()
    defaults = {
        "title": f"Agreement {n}",
        "slug": f"agreement-{n}",
        "kind": AgreementKind.MOU,
        "signed_on": "2025-07-04",
        "status": PublicationStatus.PUBLISHED,
    }
    defaults.update(fields)
    return Agreement.objects.create(**defaults)


def make_study(**fields):
    n = _n()
    countries = fields.pop("countries", [])
    defaults = {"title": f"Study {n}", "slug": f"study-{n}", "status": PublicationStatus.PUBLISHED}
    if "lead_organisation" not in fields:
        defaults["lead_organisation"] = make_organisation()
    defaults.update(fields)
    study = Study.objects.create(**defaults)
    study.countries.set(countries)
    return study


def add_participant(event, person=None, role=ParticipantRole.PANELIST, **fields):
    return EventParticipant.objects.create(event=event, person=person or make_person(), role=role, **fields)


def add_organisation(event, organisation=None, role=OrganisationRole.ORGANISER):
    return EventOrganisation.objects.create(event=event, organisation=organisation or make_organisation(), role=role)


def cite(record, source=None, quote=None, fact="record"):
    source = source or make_source()
    quote = quote or source.text[:20]
    return Citation.objects.create(subject=record, source=source, quote=quote, fact=fact)


def note_facts(record, facts=("record",), kind="outside_sources", note="ISO 3166-1"):
    """A fact note: facts of the record that no source states (core.provenance)."""
    return FactNote.objects.create(subject=record, kind=kind, facts=list(facts), note=note)


def account_for(record, note="Marked outside the sources by a test."):
    """Mark every shown fact of the record that no citation supports as outside the sources (core.provenance)."""
    from core import provenance

    missing = provenance.unaccounted_facts(record)
    if missing:
        note_facts(record, missing, note=note)
    return missing


def make_full_event(**fields):
    """An event with every kind of related row, for detail pages, exports and query counts."""
    with one_export_rebuild():
        country = fields.pop("country", None) or make_country()
        event = make_event(country=country, city="Ha Noi", participant_count=56, **fields)
        event.themes.add(make_theme())
        add_organisation(event)
        add_participant(event, title_held="Executive Director")
        cite(event)
    return event


def make_position(person=None, source=None, **fields):
    source = source or make_source()
    defaults = {"title": f"Director {_n()}", "organisation": make_organisation(), "quote": source.text[:20]}
    defaults.update(fields)
    return Position.objects.create(person=person or make_person(), source=source, **defaults)


def add_party(agreement, organisation=None, **fields):
    organisation = organisation or make_organisation()
    return AgreementParty.objects.create(agreement=agreement, organisation=organisation, **fields)


def add_signatory(agreement, person=None, **fields):
    fields.setdefault("title_at_signing", "Executive Director")
    return AgreementSignatory.objects.create(agreement=agreement, person=person or make_person(), **fields)


def add_commitment(agreement, number=None, text=None):
    """A commitment with its English wording quoted from a new source."""
    commitment = Commitment.objects.create(agreement=agreement, number=number or _n())
    source = make_source()
    CommitmentText.objects.create(commitment=commitment, language="en", text=text or source.text[:30], source=source)
    return commitment


def make_programme(**fields):
    n = _n()
    defaults = {"title": f"Programme {n}", "slug": f"programme-{n}", "status": PublicationStatus.PUBLISHED}
    defaults.update(fields)
    return Programme.objects.create(**defaults)


def add_programme_organisation(programme, organisation=None, role=OrganisationRole.FUNDING):
    return ProgrammeOrganisation.objects.create(
        programme=programme, organisation=organisation or make_organisation(), role=role
    )


def add_study_partner(study, organisation=None, role=OrganisationRole.IMPLEMENTING):
    return StudyPartner.objects.create(study=study, organisation=organisation or make_organisation(), role=role)


def add_key_figure(record, **fields):
    defaults = {"label": "land released", "value": 120, "unit": "km²", "as_of": "2024"}
    defaults.update(fields)
    return KeyFigure.objects.create(subject=record, **defaults)


def add_outcome(event, text="The participants agreed a national plan.", **fields):
    return Outcome.objects.create(event=event, text=text, **fields)


# --- stored event exports (events.exports): one rebuild for a record written as several rows -----------
_rebuild = {"depth": 0, "pending": False}


def rebuild_exports_now():
    """What tests/conftest.py puts in place of the commit-time enqueue: rebuild the stale exports at once.

    Inside `one_export_rebuild()` the rebuild waits for the end of the block.
    """
    if _rebuild["depth"]:
        _rebuild["pending"] = True
    else:
        exports.enqueue_rebuild()


@contextlib.contextmanager
def one_export_rebuild():
    """Write a record and its related rows with one rebuild of the stored exports at the end, not one per row.

    Why: a test's transaction never commits, so each changed row rebuilt the exports it marked stale
    (tests/conftest.py), five times for one full event. The rows are marked stale exactly as before and
    the rebuild takes every stale row, so what the test reads after the block is the same; only the
    states between the rows of one record, which no test reads, are no longer exported. Tests that
    commit for real keep their commit-time rebuild (the block then changes nothing).
    """
    _rebuild["depth"] += 1
    try:
        yield
    finally:
        _rebuild["depth"] -= 1
        due = not _rebuild["depth"] and _rebuild["pending"]
        if not _rebuild["depth"]:
            _rebuild["pending"] = False
    if due:
        exports.enqueue_after_commit()
