"""Load the portal's source-cited records from a data file, creating or updating by natural key.

The data file (fixtures/portal_data.json) names every record by its slug or ISO code, never by a
database id. Loading compares each value with what is stored and saves only what differs, so a
second load writes nothing: no new rows, no moved `updated_at`. Anything wrong in the data stops
the whole load (one transaction) with a plain sentence saying what and where.
"""

import json
from collections import Counter
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import provenance
from core.models import PublicationStatus
from events.models import Event, EventOrganisation, EventParticipant, EventStatus, Outcome
from registry.models import (
    Agreement,
    AgreementParty,
    AgreementSignatory,
    AgreementStatus,
    AseanRelation,
    Citation,
    Commitment,
    CommitmentText,
    Country,
    FactNote,
    FactNoteKind,
    FigureQualifier,
    KeyFigure,
    Organisation,
    Person,
    Position,
    Programme,
    ProgrammeOrganisation,
    PublicRecord,
    SourceDocument,
    Study,
    StudyPartner,
    StudyStatus,
    Theme,
)


class DataError(Exception):
    """The data file cannot be loaded; the message is one plain sentence."""


def load_portal_data(data_path, sources_dir=None):
    """Load the data file; return a Counter of rows created and updated per model."""
    data_path = Path(data_path)
    try:
        data = json.loads(data_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"There is no data file at {data_path}.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DataError(f"The data file {data_path} is not valid UTF-8 JSON ({error}).") from None
    if not isinstance(data, dict):
        raise DataError(f"The data file {data_path} must hold one JSON object with a list per kind of record.")
    loader = Loader(data, Path(sources_dir) if sources_dir else data_path.parent / "sources")
    try:
        with transaction.atomic():
            loader.run()
    except KeyError as error:
        raise DataError(f"A record in the data file lacks the required key {error}.") from None
    except (TypeError, AttributeError) as error:
        raise DataError(f"The data file has a value of the wrong shape ({error}).") from None
    except IntegrityError as error:
        raise DataError(f"The database refused a record ({error}).") from None
    return loader.stats


def _sentence(error):
    """A ValidationError as one line of plain text."""
    if hasattr(error, "message_dict"):
        parts = [
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        ]
        return "; ".join(parts)
    return " ".join(error.messages)


class Loader:
    """One load of one data file; keeps the records it has seen by natural key."""

    def __init__(self, data, sources_dir):
        self.data = data
        self.sources_dir = sources_dir
        self.now = timezone.now()
        self.stats = Counter()
        self.refs = {}  # (kind, key) -> record
        self.subjects = []  # the publishable records loaded, checked for unaccounted facts at the end

    # -- the order matters: citations need documents, documents need their publishers --------------

    def run(self):
        for entry in self._section("countries", "iso3"):
            self.load_country(entry)
        for entry in self._section("themes"):
            self.load_theme(entry)
        organisations = self._section("organisations")
        for entry in organisations:
            self.load_organisation(entry)
        for entry in organisations:  # parents may come later in the list
            self.link_parent(entry)
        for entry in self._section("documents"):
            self.load_document(entry)
        self.check_files_covered()
        for kind, entries in (
            ("country", self._section("countries", "iso3")),
            ("organisation", organisations),
            ("document", self._section("documents")),
        ):
            for entry in entries:
                key = entry.get("iso3") or entry["slug"]
                self.cite(self.ref(kind, key), entry.get("citations", []), entry)
                self.load_key_figures(self.ref(kind, key), entry.get("key_figures", []), key)
        for entry in self._section("people"):
            self.load_person(entry)
        for entry in self._section("agreements"):
            self.load_agreement(entry)
        studies = self._section("studies")
        for entry in studies:
            self.load_study(entry)
        for entry in studies:  # an earlier study may come later in the list
            study = self.ref("study", entry["slug"])
            self.sync_m2m(study, "builds_on", self.refs_list("study", entry.get("builds_on", [])))
        for entry in self._section("programmes"):
            self.load_programme(entry)
        for entry in self._section("events"):
            self.load_event(entry)
        uncited = SourceDocument.objects.filter(
            slug__in=[e["slug"] for e in self._section("documents")], citations_made__isnull=True
        ).values_list("slug", flat=True)
        if uncited:
            raise DataError(f"The source document “{uncited[0]}” is not cited by any record.")
        self.check_accounted()

    def _section(self, name, key="slug"):
        entries = self.data.get(name, [])
        if not isinstance(entries, list):
            raise DataError(f"The data file's “{name}” must be a list.")
        keys = [entry[key] for entry in entries]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise DataError(f"The data file lists {name} “{duplicates[0]}” twice.")
        return entries

    def ref(self, kind, key):
        if key is None:
            return None
        try:
            return self.refs[kind, key]
        except KeyError:
            raise DataError(
                f"The data file refers to {kind} “{key}”, which it does not define (or defines later)."
            ) from None

    def refs_list(self, kind, keys):
        return [self.ref(kind, key) for key in keys]

    # -- the one place rows are written ----------------------------------------------------------

    def sync(self, model, lookup, values, label):
        """Create the row, or update only the fields that differ; save nothing when all match."""
        record = model.objects.filter(**lookup).first()
        created = record is None
        if created:
            record = model(**lookup)
        changed = False
        for name, value in values.items():
            field = model._meta.get_field(name)
            if field.is_relation:
                current = getattr(record, field.attname)
                wanted = value.pk if value is not None else None
            else:
                try:
                    wanted = field.to_python(value)
                except ValidationError as error:
                    raise DataError(f"Cannot load {label}: {name}: {_sentence(error)}") from None
                current = getattr(record, field.attname)
            if created or current != wanted:
                setattr(record, name, value)
                changed = True
        if created and isinstance(record, PublicRecord):
            # Every record comes from a public document, so it is published when first loaded;
            # later loads leave the status alone, so a staff decision to unpublish stands.
            record.status = PublicationStatus.PUBLISHED
            record.published_at = self.now
        if created or changed:
            not_editable = [f.name for f in model._meta.concrete_fields if not f.editable]
            try:
                record.full_clean(exclude=not_editable)
                record.save()
            except ValidationError as error:
                raise DataError(f"Cannot load {label}: {_sentence(error)}") from None
            self.stats[f"{model._meta.label} {'created' if created else 'updated'}"] += 1
        return record

    def sync_m2m(self, record, name, targets):
        manager = getattr(record, name)
        if set(manager.values_list("pk", flat=True)) != {t.pk for t in targets}:
            manager.set(targets)
            self.stats[f"{record._meta.label}.{name} updated"] += 1

    def cite(self, subject, citations, entry=None):
        """Tie the subject's facts to verbatim passages of source documents, and load its fact notes.

        Every citation names the fact it supports (FORMAT: "record" for the record as a whole); a
        fact key that is not in the subject's vocabulary stops the load, naming record and fact.
        """
        content_type = ContentType.objects.get_for_model(subject)
        label = f"{subject._meta.verbose_name} “{getattr(subject, 'slug', subject)}”"
        for entry_citation in citations:
            source = self.ref("document", entry_citation["source"])
            fact = entry_citation.get("fact")
            if not fact:
                raise DataError(
                    f"A citation of {label} from “{source.slug}” names no fact (use “record” for the whole)."
                )
            self.check_facts(subject, [fact], label)
            self.sync(
                Citation,
                {
                    "content_type": content_type,
                    "object_id": subject.pk,
                    "source": source,
                    "fact": fact,
                    "quote": entry_citation["quote"],
                },
                {"note": entry_citation.get("note", "")},
                f"the citation of {label} ({fact}) from “{source.slug}”",
            )
        entry = entry or {}
        if "outside_knowledge" in entry:
            raise DataError(
                f"The {label} still has the old “outside_knowledge” text: name the facts it covers in "
                "“outside_sources” or “inferred” instead."
            )
        for key, kind in (("outside_sources", FactNoteKind.OUTSIDE_SOURCES), ("inferred", FactNoteKind.INFERRED)):
            for note in entry.get(key, []):
                facts = note["facts"]
                if not isinstance(facts, list) or not facts:
                    raise DataError(f"A “{key}” note of {label} names no facts.")
                self.check_facts(subject, facts, label)
                self.sync(
                    FactNote,
                    {"content_type": content_type, "object_id": subject.pk, "kind": kind, "note": note["note"]},
                    {"facts": facts},
                    f"the “{key}” note of {label}",
                )
        if getattr(subject, "provenance_subject", False):
            self.subjects.append(subject)

    def check_facts(self, subject, keys, label):
        unknown = provenance.unknown_facts(type(subject), keys)
        if unknown:
            raise DataError(
                f"The {label} names the fact “{unknown[0]}”, which a {subject._meta.verbose_name} does not have."
            )

    def check_accounted(self):
        """Refuse the file when a published record shows a fact that is neither cited nor marked."""
        for subject in self.subjects:
            subject.refresh_from_db()
            if subject.status != PublicationStatus.PUBLISHED:
                continue
            unaccounted = provenance.unaccounted_facts(subject)
            if unaccounted:
                labels = ", ".join(f"{key} ({provenance.fact_label(type(subject), key)})" for key in unaccounted)
                raise DataError(
                    f"The published {subject._meta.verbose_name} “{getattr(subject, 'slug', subject)}” shows "
                    f"facts neither cited nor marked outside the sources or inferred: {labels}."
                )

    def _dates(self, entry, field):
        return {
            field: entry.get(field, ""),
            "year_inferred": entry.get("year_inferred", False),
            "date_note": entry.get("date_note", ""),
        }

    # -- records -----------------------------------------------------------------------------------

    def load_country(self, entry):
        values = {
            name: entry.get(name, default)
            for name, default in (
                ("iso2", ""),
                ("name", ""),
                ("other_names", []),
                ("asean_relation", AseanRelation.OTHER),
                ("mine_affected", None),
            )
        }
        values["slug"] = entry.get("slug", entry["iso3"].lower())
        self.refs["country", entry["iso3"]] = self.sync(
            Country, {"iso3": entry["iso3"]}, values, f"country {entry['iso3']}"
        )

    def load_theme(self, entry):
        values = {
            "name": entry["name"],
            "kind": entry["kind"],
            "description": entry.get("description", ""),
            "position": entry.get("position", 0),
            "parent": self.ref("theme", entry.get("parent")),
        }
        self.refs["theme", entry["slug"]] = self.sync(Theme, {"slug": entry["slug"]}, values, f"theme {entry['slug']}")

    def load_organisation(self, entry):
        values = {
            name: entry.get(name, default)
            for name, default in (
                ("name", ""),
                ("acronym", ""),
                ("other_names", []),
                ("kind", ""),
                ("description", ""),
                ("website", ""),
                ("postal_address", ""),
                ("telephones", []),
                ("email", ""),
            )
        }
        values["country"] = self.ref("country", entry.get("country"))
        parent = entry.get("parent")
        if parent is None or ("organisation", parent) in self.refs:
            values["parent"] = self.ref("organisation", parent)  # else link_parent sets it once all are known
        self.refs["organisation", entry["slug"]] = self.sync(
            Organisation, {"slug": entry["slug"]}, values, f"organisation {entry['slug']}"
        )

    def link_parent(self, entry):
        self.sync(
            Organisation,
            {"slug": entry["slug"]},
            {"parent": self.ref("organisation", entry.get("parent"))},
            f"organisation {entry['slug']}",
        )

    def document_text(self, entry):
        """The document's exact text: the whole file, or the part from `begins` through `ends`."""
        path = self.sources_dir / entry["file"]
        try:
            whole = path.read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            raise DataError(f"The source file {path} is missing or not UTF-8 text.") from None
        begins, ends = entry.get("begins"), entry.get("ends")
        start = 0
        if begins is not None:
            if whole.count(begins) != 1:
                raise DataError(f"The start of document “{entry['slug']}” must occur exactly once in {entry['file']}.")
            start = whole.index(begins)
        stop = len(whole)
        if ends is not None:
            if whole.count(ends) != 1 or whole.index(ends) < start:
                raise DataError(
                    f"The end of document “{entry['slug']}” must occur once in {entry['file']}, after its start."
                )
            stop = whole.index(ends) + len(ends)
        return whole, start, stop

    def load_document(self, entry):
        whole, start, stop = self.document_text(entry)
        self.covered = getattr(self, "covered", {})
        self.covered.setdefault(entry["file"], (whole, []))[1].append((start, stop))
        values = {
            name: entry.get(name, default)
            for name, default in (
                ("title", ""),
                ("kind", ""),
                ("languages", ["en"]),
                ("original_address", ""),
            )
        }
        values.update(self._dates(entry, "published_on"))
        values.update(
            {
                "origin_file": entry["file"],
                "text": whole[start:stop],
            }
        )
        document = self.sync(SourceDocument, {"slug": entry["slug"]}, values, f"source document {entry['slug']}")
        self.refs["document", entry["slug"]] = document
        self.sync_m2m(document, "publishers", self.refs_list("organisation", entry.get("publishers", [])))

    def check_files_covered(self):
        """The documents cut from one file must not overlap and must leave only whitespace between them."""
        for name, (whole, spans) in getattr(self, "covered", {}).items():
            rest, position = [], 0
            for start, stop in sorted(spans):
                if start < position:
                    raise DataError(f"Two documents cut from {name} overlap.")
                rest.append(whole[position:start])
                position = stop
            rest.append(whole[position:])
            if "".join(rest).strip():
                raise DataError(f"The documents cut from {name} leave part of its text out.")

    def load_person(self, entry):
        values = {
            "name": entry["name"],
            "honorific": entry.get("honorific", ""),
            "other_names": entry.get("other_names", []),
            "misspellings": entry.get("misspellings", []),
        }
        person = self.sync(Person, {"slug": entry["slug"]}, values, f"person {entry['slug']}")
        self.refs["person", entry["slug"]] = person
        self.cite(person, entry.get("citations", []), entry)
        for position in entry.get("positions", []):
            source = self.ref("document", position["source"])
            self.sync(
                Position,
                {
                    "person": person,
                    "title": position["title"],
                    "organisation": self.ref("organisation", position.get("organisation")),
                    "source": source,
                },
                {
                    "country": self.ref("country", position.get("country")),
                    "quote": position["quote"],
                    # A title is stated as of its document's date, with that date's honesty.
                    "stated_on": source.published_on,
                    "year_inferred": source.year_inferred,
                    "date_note": source.date_note if source.year_inferred else "",
                },
                f"the position “{position['title']}” of {entry['slug']}",
            )

    def load_agreement(self, entry):
        values = {
            name: entry.get(name, default)
            for name, default in (
                ("kind", ""),
                ("title", ""),
                ("other_titles", []),
                ("refers_to", []),
                ("place_city", ""),
                ("summary", ""),
                ("agreement_status", AgreementStatus.SIGNED),
            )
        }
        values.update(self._dates(entry, "signed_on"))
        values["place_country"] = self.ref("country", entry.get("place_country"))
        agreement = self.sync(Agreement, {"slug": entry["slug"]}, values, f"agreement {entry['slug']}")
        self.refs["agreement", entry["slug"]] = agreement
        self.sync_m2m(agreement, "themes", self.refs_list("theme", entry.get("themes", [])))
        self.cite(agreement, entry.get("citations", []), entry)
        parties = {}
        for party in entry.get("parties", []):
            key = party.get("organisation") or party.get("country")
            lookup = {"agreement": agreement}
            if party.get("organisation"):
                lookup["organisation"] = self.ref("organisation", party["organisation"])
            if party.get("country"):
                lookup["country"] = self.ref("country", party["country"])
            parties[key] = self.sync(
                AgreementParty, lookup, {"description": party.get("description", "")}, f"party {key} to {entry['slug']}"
            )
        for signatory in entry.get("signatories", []):
            party = signatory.get("party")
            if party is not None and party not in parties:
                raise DataError(
                    f"Signatory {signatory['person']} of {entry['slug']} signs for “{party}”, "
                    "which is not a party to it."
                )
            self.sync(
                AgreementSignatory,
                {"agreement": agreement, "person": self.ref("person", signatory["person"])},
                {"title_at_signing": signatory["title_at_signing"], "party": parties.get(party)},
                f"signatory {signatory['person']} of {entry['slug']}",
            )
        for item in entry.get("commitments", []):
            commitment = self.sync(
                Commitment,
                {"agreement": agreement, "number": item["number"]},
                {},
                f"commitment {item['number']} of {entry['slug']}",
            )
            self.sync_m2m(commitment, "themes", self.refs_list("theme", item.get("themes", [])))
            for language, text in item["texts"].items():
                self.sync(
                    CommitmentText,
                    {"commitment": commitment, "language": language},
                    {"text": text, "source": self.ref("document", item["source"])},
                    f"the {language} text of commitment {item['number']} of {entry['slug']}",
                )

    def load_study(self, entry):
        values = {
            "title": entry["title"],
            "summary": entry.get("summary", ""),
            "study_status": entry.get("study_status", StudyStatus.ONGOING),
            "lead_organisation": self.ref("organisation", entry["lead_organisation"]),
        }
        study = self.sync(Study, {"slug": entry["slug"]}, values, f"study {entry['slug']}")
        self.refs["study", entry["slug"]] = study
        self.sync_m2m(study, "countries", self.refs_list("country", entry.get("countries", [])))
        self.sync_m2m(study, "themes", self.refs_list("theme", entry.get("themes", [])))
        self.cite(study, entry.get("citations", []), entry)
        for partner in entry.get("partners", []):
            row = self.sync(
                StudyPartner,
                {
                    "study": study,
                    "organisation": self.ref("organisation", partner["organisation"]),
                    "role": partner["role"],
                },
                {},
                f"partner {partner['organisation']} of {entry['slug']}",
            )
            self.cite(row, partner.get("citations", []))

    def load_programme(self, entry):
        values = {
            "title": entry["title"],
            "summary": entry.get("summary", ""),
            "current_phase": entry.get("current_phase"),
            "areas": entry.get("areas", []),
        }
        values.update(self._dates(entry, "started_on"))
        programme = self.sync(Programme, {"slug": entry["slug"]}, values, f"programme {entry['slug']}")
        self.sync_m2m(programme, "countries", self.refs_list("country", entry.get("countries", [])))
        self.sync_m2m(programme, "themes", self.refs_list("theme", entry.get("themes", [])))
        self.cite(programme, entry.get("citations", []), entry)
        for item in entry.get("organisations", []):
            row = self.sync(
                ProgrammeOrganisation,
                {
                    "programme": programme,
                    "organisation": self.ref("organisation", item["organisation"]),
                    "role": item["role"],
                },
                {},
                f"organisation {item['organisation']} in {entry['slug']}",
            )
            self.cite(row, item.get("citations", []))
        self.load_key_figures(programme, entry.get("key_figures", []), entry["slug"])

    def load_key_figures(self, subject, figures, label):
        content_type = ContentType.objects.get_for_model(subject)
        for index, item in enumerate(figures, start=1):
            values = {
                "label": item["label"],
                "qualifier": item.get("qualifier", FigureQualifier.EXACTLY),
                "value": item["value"],
                "unit": item.get("unit", ""),
            }
            values.update(self._dates(item, "as_of"))
            figure = self.sync(
                KeyFigure,
                {"content_type": content_type, "object_id": subject.pk, "position": index},
                values,
                f"key figure {index} of {label}",
            )
            self.cite(figure, item.get("citations", []))

    def load_event(self, entry):
        values = {
            name: entry.get(name, default)
            for name, default in (
                ("title", ""),
                ("kind", ""),
                ("summary", ""),
                ("end", ""),
                ("city", ""),
                ("online", False),
                ("participant_count", None),
                ("event_status", EventStatus.HELD),
            )
        }
        values.update(self._dates(entry, "start"))
        values.update(
            {
                "parent": self.ref("event", entry.get("parent")),
                "country": self.ref("country", entry.get("country")),
                "agreement": self.ref("agreement", entry.get("agreement")),
                "study": self.ref("study", entry.get("study")),
            }
        )
        event = self.sync(Event, {"slug": entry["slug"]}, values, f"event {entry['slug']}")
        self.refs["event", entry["slug"]] = event
        self.sync_m2m(event, "themes", self.refs_list("theme", entry.get("themes", [])))
        self.cite(event, entry.get("citations", []), entry)
        for item in entry.get("organisations", []):
            row = self.sync(
                EventOrganisation,
                {"event": event, "organisation": self.ref("organisation", item["organisation"]), "role": item["role"]},
                {"note": item.get("note", "")},
                f"organisation {item['organisation']} in {entry['slug']}",
            )
            self.cite(row, item.get("citations", []))
        for index, item in enumerate(entry.get("participants", []), start=1):
            row = self.sync(
                EventParticipant,
                {"event": event, "person": self.ref("person", item["person"]), "role": item["role"]},
                {
                    "title_held": item.get("title_held", ""),
                    "position": index,
                    "organisation": self.ref("organisation", item.get("organisation")),
                },
                f"participant {item['person']} in {entry['slug']}",
            )
            self.cite(row, item.get("citations", []))
        for index, item in enumerate(entry.get("outcomes", []), start=1):
            row = self.sync(
                Outcome,
                {"event": event, "position": index},
                {"text": item["text"]},
                f"outcome {index} of {entry['slug']}",
            )
            self.cite(row, item.get("citations", []))
