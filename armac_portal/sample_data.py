"""Synthetic records at a chosen scale, for benchmarks and load tests, and their removal.

Every row made here is recognisable: its slug starts with ``synthetic-`` (rows without a slug
hang off a record that has one), so `remove_sample_data` deletes exactly these rows and nothing
a person entered. The same seed and scale always give the same records. Rows are written with
`bulk_create` in batches, so model `save()` methods do not run: the fields they derive
(Event.start_date/end_date, Person.name_key, SourceDocument.checksum) are set here instead, and
no history rows are written for synthetic records.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from armac_portal.caching import bump_content_version
from core.dates import PartialDate
from core.models import PublicationStatus
from events import exports
from events.models import (
    Event,
    EventExport,
    EventExportText,
    EventKind,
    EventOrganisation,
    EventParticipant,
    EventStatus,
    ParticipantRole,
)
from registry.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    AseanRelation,
    Citation,
    Country,
    Organisation,
    OrganisationKind,
    OrganisationRole,
    Person,
    SourceDocument,
    SourceKind,
    Study,
    StudyPartner,
    StudyStatus,
    Theme,
    ThemeKind,
    name_key,
    text_checksum,
)

PREFIX = "synthetic-"
MAX_EVENTS = 1_000_000
BATCH_SIZE = 2000
# Events are made (with their participants, roles, themes and citations) this many at a time,
# so memory stays flat however large N is.
CHUNK_SIZE = 5000
PARTICIPANTS_PER_EVENT = 10
EVENTS_PER_SOURCE = 10
# "Today" for the synthetic calendar is fixed, so the same seed gives the same statuses every day.
REFERENCE_DAY = dt.date(2026, 1, 1)

CITIES = {
    "BRN": ["Bandar Seri Begawan", "Kuala Belait"],
    "KHM": ["Phnom Penh", "Siem Reap", "Battambang", "Pailin"],
    "IDN": ["Jakarta", "Bali", "Yogyakarta"],
    "LAO": ["Vientiane", "Luang Prabang", "Xieng Khouang"],
    "MYS": ["Kuala Lumpur", "Putrajaya", "Penang"],
    "MMR": ["Nay Pyi Taw", "Yangon", "Mandalay"],
    "PHL": ["Manila", "Cebu", "Davao"],
    "SGP": ["Singapore"],
    "THA": ["Bangkok", "Chiang Mai", "Sa Kaeo"],
    "VNM": ["Ha Noi", "Ho Chi Minh City", "Quang Tri", "Da Nang"],
}
OTHER_CITIES = ["Geneva", "Tokyo", "Seoul", "Canberra", "Beijing", "New York", "Brussels", "Washington, D.C."]

TOPICS = [
    ("victim assistance", ThemeKind.PILLAR),
    ("mine risk education", ThemeKind.PILLAR),
    ("humanitarian demining", ThemeKind.PILLAR),
    ("stockpile destruction", ThemeKind.PILLAR),
    ("advocacy", ThemeKind.PILLAR),
    ("explosive remnants of war", ThemeKind.CROSS_CUTTING),
    ("gender and diversity", ThemeKind.CROSS_CUTTING),
    ("information management", ThemeKind.CROSS_CUTTING),
    ("mental health and psychosocial support", ThemeKind.FOCUS_AREA),
    ("physical rehabilitation", ThemeKind.FOCUS_AREA),
    ("land release", ThemeKind.FOCUS_AREA),
    ("survivor livelihoods", ThemeKind.FOCUS_AREA),
]
EVENT_FORMS = {
    EventKind.HIGH_LEVEL_DIALOGUE: "High-level dialogue on {topic}",
    EventKind.PLENARY_SESSION: "Plenary session on {topic}",
    EventKind.WORKSHOP: "Regional workshop on {topic}",
    EventKind.SIGNING: "Signing ceremony for cooperation on {topic}",
    EventKind.MINISTERIAL_MEETING: "Ministerial meeting on {topic}",
    EventKind.BILATERAL_MEETING: "Bilateral meeting on {topic}",
    EventKind.VIRTUAL_MEETING: "Virtual meeting on {topic}",
    EventKind.COMMISSION_SESSION: "Commission session on {topic}",
    EventKind.CONFERENCE: "International conference on {topic}",
    EventKind.TRAINING: "Training course in {topic}",
    EventKind.OTHER: "Field visit on {topic}",
}
KIND_WEIGHTS = [3, 4, 30, 3, 4, 6, 10, 3, 8, 25, 4]
SUMMARY_OPENINGS = [
    "National authorities and partners reviewed progress in {topic} across the region.",
    "Participants shared lessons on {topic} from {country} and neighbouring states.",
    "The meeting agreed next steps to strengthen {topic} in affected communities.",
    "Experts presented field results and discussed funding for {topic}.",
    "Survivors, NGOs and ministries discussed how to improve {topic} services.",
]
SUMMARY_CLOSINGS = [
    "A joint report will follow.",
    "Delegates thanked the hosts for their support.",
    "The partners agreed to meet again next year.",
    "Clearance data from the past year were presented.",
    "Training needs for national staff were identified.",
]
GIVEN_NAMES = [
    "Sokha",
    "Dara",
    "Vanna",
    "Chenda",
    "Sophea",
    "Bounmy",
    "Khamla",
    "Somchai",
    "Malee",
    "Anh",
    "Linh",
    "Minh",
    "Thi",
    "Aung",
    "Hla",
    "Thandar",
    "Maria",
    "Jose",
    "Ana",
    "Rizal",
    "Siti",
    "Nurul",
    "Ahmad",
    "Budi",
    "Dewi",
    "Wei",
    "Mei",
    "Hiroshi",
    "Yuki",
    "Ji-ho",
    "Min-jun",
    "Sarah",
    "David",
    "Emma",
    "Lucas",
    "Priya",
    "Arjun",
]
FAMILY_NAMES = [
    "Chan",
    "Sok",
    "Keo",
    "Phommachanh",
    "Vongsa",
    "Sithong",
    "Srisuk",
    "Wongsawat",
    "Nguyen",
    "Tran",
    "Le",
    "Pham",
    "Hoang",
    "Win",
    "Thein",
    "Kyaw",
    "Santos",
    "Reyes",
    "Cruz",
    "Hassan",
    "Abdullah",
    "Wijaya",
    "Santoso",
    "Lim",
    "Tan",
    "Wang",
    "Sato",
    "Tanaka",
    "Kim",
    "Park",
    "Smith",
    "Brown",
    "Martin",
    "Müller",
    "Sharma",
    "Rahman",
]
HONORIFICS = ["", "", "", "Ms", "Mr", "Dr.", "H.E."]
TITLES = [
    "Director-General",
    "Deputy Director",
    "Programme Officer",
    "Technical Adviser",
    "Minister",
    "Ambassador",
    "Head of Operations",
    "Senior Researcher",
    "Project Manager",
    "Country Director",
    "Chairperson",
    "Coordinator",
]
ORG_PLACES = ["Mekong", "Angkor", "Andaman", "Java", "Luzon", "Red River", "Irrawaddy", "Borneo", "Sulu", "Annam"]
ORG_FORMS = {
    OrganisationKind.MINE_ACTION_AUTHORITY: "{place} Mine Action Authority",
    OrganisationKind.MINISTRY: "{place} Ministry of Social Affairs",
    OrganisationKind.NGO: "{place} Demining Foundation",
    OrganisationKind.UNIVERSITY: "{place} University Institute of Rehabilitation",
    OrganisationKind.HEALTH_PROVIDER: "{place} Prosthetics Centre",
    OrganisationKind.INTERGOVERNMENTAL: "{place} Regional Cooperation Fund",
    OrganisationKind.NEWS_MEDIA: "{place} Daily News",
}
PARTICIPANT_ROLE_WEIGHTS = {
    ParticipantRole.PARTICIPANT: 50,
    ParticipantRole.SPEAKER: 12,
    ParticipantRole.PANELIST: 12,
    ParticipantRole.PRESENTER: 8,
    ParticipantRole.MODERATOR: 5,
    ParticipantRole.INVITEE: 6,
    ParticipantRole.HOST: 3,
    ParticipantRole.KEYNOTE_SPEAKER: 2,
    ParticipantRole.SIGNATORY: 2,
}
EVENT_ORG_ROLES = [
    OrganisationRole.ORGANISER,
    OrganisationRole.HOST,
    OrganisationRole.FUNDING,
    OrganisationRole.TECHNICAL_EXPERTISE,
    OrganisationRole.SUPPORTER,
    OrganisationRole.PARTNER,
]


class SampleDataError(Exception):
    """A request for sample data that cannot be met, in one plain sentence."""


@dataclass
class Plan:
    """How many of each record N events bring with them."""

    events: int
    organisations: int = 0
    people: int = 0
    agreements: int = 0
    studies: int = 0
    counts: dict = field(default_factory=dict)

    @classmethod
    def for_events(cls, events):
        if not isinstance(events, int) or isinstance(events, bool) or not 1 <= events <= MAX_EVENTS:
            raise SampleDataError(f"The number of events must be a whole number from 1 to {MAX_EVENTS:,}.")
        return cls(
            events=events,
            organisations=max(2, events // 5),
            people=max(PARTICIPANTS_PER_EVENT, 2 * events),
            agreements=events // 20,
            studies=events // 20,
        )


def synthetic_event_count():
    return Event.objects.filter(slug__startswith=PREFIX).count()


def has_sample_data():
    return (
        Event.objects.filter(slug__startswith=PREFIX).exists()
        or Person.objects.filter(slug__startswith=PREFIX).exists()
    )


def generate_sample_data(events, seed=1, progress=None):
    """Create the synthetic records for `events` events; return the number of rows made per model."""
    plan = Plan.for_events(events)
    if has_sample_data():
        raise SampleDataError("Synthetic records already exist: remove them first with --remove.")
    # A seeded generator is the point: the same seed must give the same records.
    return _Generator(plan, random.Random(seed), progress or (lambda message: None)).run()  # noqa: S311


class _Generator:
    """Builds one plan's records, in an order fixed by the seed."""

    def __init__(self, plan, rng, progress):
        self.plan = plan
        self.rng = rng
        self.progress = progress
        self.counts = {}
        self.source_number = 0

    def create(self, model, objects):
        made = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(made)
        return made

    def run(self):
        with transaction.atomic():
            self.countries = self.make_countries()
            self.themes = self.make_themes()
            self.progress(f"{len(self.countries)} countries and {len(self.themes)} themes ready")
            self.organisation_ids = self.make_organisations()
            self.person_ids = self.make_people()
            self.progress(f"{len(self.organisation_ids):,} organisations and {len(self.person_ids):,} people made")
            self.agreement_ids = self.make_agreements()
            self.study_ids = self.make_studies()
            self.progress(f"{len(self.agreement_ids):,} agreements and {len(self.study_ids):,} studies made")
            for start in range(0, self.plan.events, CHUNK_SIZE):
                self.make_events(start, min(start + CHUNK_SIZE, self.plan.events))
                self.progress(f"{min(start + CHUNK_SIZE, self.plan.events):,} of {self.plan.events:,} events made")
            if connection.vendor == "postgresql":
                # Planner statistics that know these rows (ANALYZE sees this transaction's own): with
                # none, reading the exports' related rows chose plans fit for empty tables, far
                # slower at this size.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            # bulk_create sends no signals, so the new events' exports are written here.
            exports.rebuild(
                Event.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True),
                progress=lambda done: done % 20_000 == 0 and self.progress(f"{done:,} event exports written"),
            )
            # Nor does the public cache hear of the new rows: its pages go stale once they commit.
            transaction.on_commit(bump_content_version, robust=True)
        return self.counts

    # --- reference data -------------------------------------------------------------------------

    def make_countries(self):
        """The real countries when there are any; otherwise ten with user-assigned ISO codes (X..)."""
        real = list(Country.objects.order_by("iso3").values_list("id", "iso3"))
        if real:
            return real
        made = self.create(
            Country,
            [
                Country(
                    slug=f"{PREFIX}country-x{letter.lower()}",
                    iso3=f"XX{letter}",
                    iso2=f"X{letter}",
                    name=f"Synthetic country {letter}",
                    asean_relation=AseanRelation.MEMBER_STATE,
                    mine_affected=True,
                    status=PublicationStatus.PUBLISHED,
                )
                for letter in "ABCDEFGHIJ"
            ],
        )
        return [(country.pk, country.iso3) for country in made]

    def make_themes(self):
        made = self.create(
            Theme,
            [
                Theme(
                    slug=f"{PREFIX}theme-{number}",
                    name=f"{topic.capitalize()} (synthetic)",
                    kind=kind,
                    position=number,
                )
                for number, (topic, kind) in enumerate(TOPICS, start=1)
            ],
        )
        return [(theme.pk, TOPICS[i][0]) for i, theme in enumerate(made)]

    def city_for(self, iso3):
        return self.rng.choice(CITIES.get(iso3) or OTHER_CITIES)

    def make_organisations(self):
        kinds = list(ORG_FORMS)
        objects = []
        for number in range(1, self.plan.organisations + 1):
            kind = self.rng.choice(kinds)
            country_id, _ = self.rng.choice(self.countries)
            place = ORG_PLACES[number % len(ORG_PLACES)]
            name = ORG_FORMS[kind].format(place=place)
            # Numbered branches keep names unique once the combinations run out, as real chapters are.
            branch = number // len(ORG_PLACES)
            objects.append(
                Organisation(
                    slug=f"{PREFIX}organisation-{number:06d}",
                    name=f"{name}, branch {branch}" if branch else name,
                    acronym=("".join(word[0] for word in name.split() if word[0].isupper()))[:10],
                    kind=kind,
                    country_id=country_id,
                    description=f"A synthetic {kind.label} working on {self.rng.choice(TOPICS)[0]}.",
                    status=PublicationStatus.PUBLISHED,
                )
            )
        return [organisation.pk for organisation in self.create(Organisation, objects)]

    def make_people(self):
        ids = []
        for start in range(0, self.plan.people, CHUNK_SIZE * 4):
            objects = []
            for number in range(start + 1, min(start + CHUNK_SIZE * 4, self.plan.people) + 1):
                name = f"{self.rng.choice(GIVEN_NAMES)} {self.rng.choice(FAMILY_NAMES)}"
                objects.append(
                    Person(
                        slug=f"{PREFIX}person-{number:07d}",
                        name=name,
                        honorific=self.rng.choice(HONORIFICS),
                        name_key=name_key(name),
                        status=PublicationStatus.PUBLISHED,
                    )
                )
            ids.extend(person.pk for person in self.create(Person, objects))
        return ids

    def partial_date(self, start_year=2005, end_year=2027):
        """A date known to the day (mostly), the month or only the year, as sources give them."""
        year = self.rng.randint(start_year, end_year)
        month = self.rng.randint(1, 12)
        day = self.rng.randint(1, 28)
        precision = self.rng.random()
        if precision < 0.80:
            return PartialDate(year, month, day)
        if precision < 0.92:
            return PartialDate(year, month)
        return PartialDate(year)

    def source(self, topic, sentences):
        """A synthetic source document whose text holds each sentence verbatim."""
        self.source_number += 1
        text = f"Synthetic source document {self.source_number} on {topic}.\n\n" + "\n".join(sentences)
        return SourceDocument(
            slug=f"{PREFIX}source-{self.source_number:06d}",
            title=f"Synthetic report {self.source_number}: {topic}",
            kind=self.rng.choice(SourceKind.values),
            published_on=self.partial_date(),
            languages=["en"],
            text=text,
            checksum=text_checksum(text),
            status=PublicationStatus.PUBLISHED,
        )

    def cite(self, model, records, sentences, topic):
        """One synthetic source per ten records, and a citation of each record's own sentence."""
        content_type = ContentType.objects.get_for_model(model)
        citations = []
        for start in range(0, len(records), EVENTS_PER_SOURCE):
            group = list(
                zip(
                    records[start : start + EVENTS_PER_SOURCE],
                    sentences[start : start + EVENTS_PER_SOURCE],
                    strict=True,
                )
            )
            (source,) = self.create(SourceDocument, [self.source(topic, [sentence for _, sentence in group])])
            citations += [
                Citation(content_type=content_type, object_id=record_id, source=source, quote=sentence)
                for record_id, sentence in group
            ]
        self.create(Citation, citations)

    def make_agreements(self):
        objects, topics = [], []
        for number in range(1, self.plan.agreements + 1):
            topic = self.rng.choice(TOPICS)[0]
            country_id, iso3 = self.rng.choice(self.countries)
            objects.append(
                Agreement(
                    slug=f"{PREFIX}agreement-{number:05d}",
                    kind=self.rng.choice(AgreementKind.values),
                    title=f"Memorandum of understanding on {topic} ({number})",
                    signed_on=self.partial_date(),
                    place_city=self.city_for(iso3),
                    place_country_id=country_id,
                    summary=f"The parties agree to cooperate on {topic}.",
                    agreement_status=self.rng.choice(AgreementStatus.values),
                    status=PublicationStatus.PUBLISHED,
                )
            )
            topics.append(topic)
        agreements = self.create(Agreement, objects)
        parties, themes = [], []
        for agreement in agreements:
            for organisation_id in self.rng.sample(self.organisation_ids, 2):
                parties.append(AgreementParty(agreement=agreement, organisation_id=organisation_id))
            themes.append(Agreement.themes.through(agreement_id=agreement.pk, theme_id=self.rng.choice(self.themes)[0]))
        self.create(AgreementParty, parties)
        self.create(Agreement.themes.through, themes)
        self.cite(
            Agreement,
            [agreement.pk for agreement in agreements],
            [
                f"The parties signed the memorandum on {topic} (agreement {agreement.slug})."
                for agreement, topic in zip(agreements, topics, strict=True)
            ],
            "agreements",
        )
        return [agreement.pk for agreement in agreements]

    def make_studies(self):
        objects = []
        for number in range(1, self.plan.studies + 1):
            topic = self.rng.choice(TOPICS)[0]
            objects.append(
                Study(
                    slug=f"{PREFIX}study-{number:05d}",
                    title=f"Feasibility study of {topic} ({number})",
                    summary=f"A study of needs and services in {topic}.",
                    study_status=self.rng.choice(StudyStatus.values),
                    lead_organisation_id=self.rng.choice(self.organisation_ids),
                    status=PublicationStatus.PUBLISHED,
                )
            )
        studies = self.create(Study, objects)
        countries, themes, partners = [], [], []
        for study in studies:
            for country_id, _ in self.rng.sample(self.countries, min(len(self.countries), self.rng.randint(1, 3))):
                countries.append(Study.countries.through(study_id=study.pk, country_id=country_id))
            themes.append(Study.themes.through(study_id=study.pk, theme_id=self.rng.choice(self.themes)[0]))
            for organisation_id in self.rng.sample(self.organisation_ids, 2):
                partners.append(
                    StudyPartner(study=study, organisation_id=organisation_id, role=OrganisationRole.IMPLEMENTING)
                )
        self.create(Study.countries.through, countries)
        self.create(Study.themes.through, themes)
        self.create(StudyPartner, partners)
        self.cite(
            Study,
            [study.pk for study in studies],
            [f"The study {study.slug} examined {study.title.lower()}." for study in studies],
            "studies",
        )
        return [study.pk for study in studies]

    # --- events ---------------------------------------------------------------------------------

    def event(self, number):
        kind = self.rng.choices(list(EVENT_FORMS), weights=KIND_WEIGHTS)[0]
        theme_id, topic = self.rng.choice(self.themes)
        country_id, iso3 = self.rng.choice(self.countries)
        online = kind == EventKind.VIRTUAL_MEETING
        city = "" if online else self.city_for(iso3)
        start = self.partial_date()
        end = None
        if start.day is not None and self.rng.random() < 0.3:
            end = PartialDate.from_date(start.earliest() + dt.timedelta(days=self.rng.randint(1, 4)))
        start_date = start.earliest()
        if start_date > REFERENCE_DAY:
            event_status = EventStatus.PLANNED
        else:
            event_status = EventStatus.HELD if self.rng.random() < 0.96 else EventStatus.POSTPONED
        title = EVENT_FORMS[kind].format(topic=topic)
        if city:
            title += f" in {city}"
        summary = " ".join(
            [
                self.rng.choice(SUMMARY_OPENINGS).format(topic=topic, country=iso3),
                self.rng.choice(SUMMARY_CLOSINGS),
            ]
        )
        roll = self.rng.random()
        return Event(
            slug=f"{PREFIX}event-{number:07d}",
            title=title,
            kind=kind,
            summary=summary,
            start=start,
            end=end,
            start_date=start_date,
            end_date=end.latest() if end else None,
            city=city,
            country_id=country_id,
            online=online,
            participant_count=None if self.rng.random() < 0.1 else self.rng.randint(10, 300),
            agreement_id=self.rng.choice(self.agreement_ids) if self.agreement_ids and roll < 0.05 else None,
            study_id=self.rng.choice(self.study_ids) if self.study_ids and 0.05 <= roll < 0.10 else None,
            event_status=event_status,
            status=PublicationStatus.PUBLISHED if self.rng.random() < 0.92 else PublicationStatus.DRAFT,
        ), theme_id

    def make_events(self, start, stop):
        specs = [self.event(number) for number in range(start + 1, stop + 1)]
        # Dialogues are written first so the plenary sessions of this chunk can point at them.
        dialogues = self.create(Event, [event for event, _ in specs if event.kind == EventKind.HIGH_LEVEL_DIALOGUE])
        for event, _ in specs:
            if event.kind == EventKind.PLENARY_SESSION and dialogues:
                parent = self.rng.choice(dialogues)
                event.parent_id = parent.pk
        self.create(Event, [event for event, _ in specs if event.kind != EventKind.HIGH_LEVEL_DIALOGUE])

        themes, roles, participants, sentences = [], [], [], []
        role_names, role_weights = list(PARTICIPANT_ROLE_WEIGHTS), list(PARTICIPANT_ROLE_WEIGHTS.values())
        for event, theme_id in specs:
            extra = [t for t, _ in self.rng.sample(self.themes, self.rng.randint(0, 2)) if t != theme_id]
            themes += [Event.themes.through(event_id=event.pk, theme_id=t) for t in [theme_id, *extra]]
            for organisation_id, role in zip(
                self.rng.sample(self.organisation_ids, 2), self.rng.sample(EVENT_ORG_ROLES, 2), strict=True
            ):
                roles.append(EventOrganisation(event_id=event.pk, organisation_id=organisation_id, role=role))
            for position, person_index in enumerate(
                self.rng.sample(range(len(self.person_ids)), PARTICIPANTS_PER_EVENT)
            ):
                participants.append(
                    EventParticipant(
                        event_id=event.pk,
                        person_id=self.person_ids[person_index],
                        role=self.rng.choices(role_names, weights=role_weights)[0],
                        title_held=self.rng.choice(TITLES),
                        organisation_id=self.organisation_ids[person_index % len(self.organisation_ids)],
                        position=position,
                    )
                )
            count = f" with {event.participant_count} participants" if event.participant_count else ""
            sentences.append(f"{event.title} took place on {event.start.display()}{count} (record {event.slug}).")
        self.create(Event.themes.through, themes)
        self.create(EventOrganisation, roles)
        self.create(EventParticipant, participants)
        self.cite(Event, [event.pk for event, _ in specs], sentences, "events")


def remove_sample_data():
    """Delete every synthetic row, and only those; return the number deleted per table.

    Plain DELETE statements through the database cursor, children first: QuerySet.delete() would
    load each of a million participant rows (and send its signals) before deleting it.
    """
    deleted = {}
    quote = connection.ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    def synthetic(model):
        """The ids of a model's synthetic rows, as a subquery and its parameter."""
        subquery = f"SELECT {column(model, 'id')} FROM {table(model)} WHERE {column(model, 'slug')} LIKE %s"  # noqa: S608
        return subquery, [PREFIX + "%"]

    def delete(label, model, where, params):
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table(model)} WHERE {where}", params)  # noqa: S608 - our own names
            deleted[label] = cursor.rowcount

    def delete_rows_of(label, model, field, parent):
        ids, params = synthetic(parent)
        delete(label, model, f"{column(model, field)} IN ({ids})", params)

    with transaction.atomic():
        for model in (Event, Agreement, Study, Organisation, Person):
            ids, params = synthetic(model)
            delete(
                f"citations of {model._meta.verbose_name_plural}",
                Citation,
                f"{column(Citation, 'content_type')} = %s AND {column(Citation, 'object_id')} IN ({ids})",
                [ContentType.objects.get_for_model(model).pk, *params],
            )
        delete_rows_of("citations of synthetic sources", Citation, "source", SourceDocument)
        exported, params = synthetic(Event)
        delete(
            "event export texts",
            EventExportText,
            f"{column(EventExportText, 'export')} IN ({exported})",
            params,
        )
        delete_rows_of("event exports", EventExport, "event", Event)
        delete_rows_of("event participants", EventParticipant, "event", Event)
        delete_rows_of("event organisations", EventOrganisation, "event", Event)
        delete_rows_of("event themes", Event.themes.through, "event", Event)
        delete("events", Event, f"{column(Event, 'slug')} LIKE %s", [PREFIX + "%"])
        delete_rows_of("study partners", StudyPartner, "study", Study)
        delete_rows_of("study countries", Study.countries.through, "study", Study)
        delete_rows_of("study themes", Study.themes.through, "study", Study)
        delete_rows_of("agreement parties", AgreementParty, "agreement", Agreement)
        delete_rows_of("agreement themes", Agreement.themes.through, "agreement", Agreement)
        for label, model in (
            ("studies", Study),
            ("agreements", Agreement),
            ("source documents", SourceDocument),
            ("people", Person),
            ("organisations", Organisation),
            ("themes", Theme),
            ("countries", Country),
        ):
            delete(label, model, f"{column(model, 'slug')} LIKE %s", [PREFIX + "%"])
    return deleted


def expected_counts(events):
    """The number of rows `generate_sample_data(events)` makes of the main records."""
    plan = Plan.for_events(events)
    return {
        "events": plan.events,
        "organisations": plan.organisations,
        "people": plan.people,
        "participants": plan.events * PARTICIPANTS_PER_EVENT,
        "agreements": plan.agreements,
        "studies": plan.studies,
        "event sources": math.ceil(plan.events / EVENTS_PER_SOURCE),
    }
