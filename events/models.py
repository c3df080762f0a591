"""Events: dialogues and their sessions, workshops, signings, ministerial and virtual meetings."""

from collections import defaultdict

from django.contrib.contenttypes.fields import GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, FilteredRelation, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import provenance
from core.dates import PartialDate, PartialDateField
from core.models import PublishableQuerySet, TimeStamped, full_text_index
from core.visibility import visible_rows
from registry.models import Citation, FactNote, Organisation, OrganisationRole, PublicRecord, Theme
from registry.models.base import DATE_NOTE_HELP, POSITION_HELP, YEAR_INFERRED_HELP, year_inferred_needs_reason


class EventKind(models.TextChoices):
    """What sort of event it is."""

    HIGH_LEVEL_DIALOGUE = "high-level-dialogue", _("high-level dialogue")
    PLENARY_SESSION = "plenary-session", _("plenary session")
    WORKSHOP = "workshop", _("workshop or consultation")
    SIGNING = "signing", _("signing")
    MINISTERIAL_MEETING = "ministerial-meeting", _("ministerial meeting")
    BILATERAL_MEETING = "bilateral-meeting", _("bilateral meeting")
    VIRTUAL_MEETING = "virtual-meeting", _("virtual meeting")
    COMMISSION_SESSION = "commission-session", _("commission session")
    CONFERENCE = "conference", _("conference")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class EventStatus(models.TextChoices):
    """Whether an event is still ahead, took place, or will not take place as planned."""

    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    POSTPONED = "postponed", _("postponed")
    CANCELLED = "cancelled", _("cancelled")


class ParticipantRole(models.TextChoices):
    """What a person did at an event."""

    MODERATOR = "moderator", _("moderator")
    PRESENTER = "presenter", _("presenter")
    PANELIST = "panelist", _("panelist")
    SPEAKER = "speaker", _("speaker")
    KEYNOTE_SPEAKER = "keynote-speaker", _("keynote speaker")
    SIGNATORY = "signatory", _("signatory")
    HOST = "host", _("host")
    PARTICIPANT = "participant", _("participant")
    INVITEE = "invitee", _("invitee")


SEARCHED_FIELDS = ("title", "summary", "city")


# What a calendar entry writes (events.ical.event_lines); the rest of an event stays in the database.
CALENDAR_COLUMNS = (
    "id", "slug", "status", "title", "summary", "start", "start_date", "end_date", "event_status", "city",
    "country", "online", "year_inferred", "date_note", "updated_at",
)  # fmt: skip

# The columns of a public record that pages read to link it (its status decides whether they may).
RECORD_COLUMNS = ("id", "slug", "status")
# An event's themes in the themes' own order, read through the event-theme links.
THEME_ORDER = tuple(f"theme__{name}" for name in Theme._meta.ordering)
# The event page's joined country, parent, agreement and study: only the columns the page uses
# (the four relations whole were seventy columns for a dozen).
DETAIL_LINKS = {
    "country": (*RECORD_COLUMNS, "name", "iso2", "iso3"),
    "parent": (*RECORD_COLUMNS, "title"),
    "agreement": (*RECORD_COLUMNS, "title"),
    "study": (*RECORD_COLUMNS, "title"),
}


def attach_detail_citations(event, drafts=False):
    """Give an event's page its citations in one query: the event's own and those of its organisation,
    participant and outcome rows (prefetched by EventQuerySet.with_detail_relations), each with the
    columns its reference shows, and only those the reader may see (core.visibility).

    core.provenance.citations_of reads them. As a prefetch through the generic relation per kind of
    row, they were up to four queries, the costliest of the page's (BENCHMARKS.md).
    """
    rows = [event, *event.organisations.all(), *event.participants.all(), *event.outcomes.all()]
    citations = visible_rows(Citation.objects.select_related("source"), drafts).only(
        "content_type",
        "object_id",
        "source",
        "fact",
        "quote",
        "note",
        *(f"source__{name}" for name in (*RECORD_COLUMNS, "title")),
    )
    citations.attach_to(rows)


class EventQuerySet(PublishableQuerySet):
    """The questions the lists, pages, feeds and API ask about events."""

    def upcoming(self, today=None):
        return self.filter(start_date__gte=today or timezone.localdate()).order_by("start_date", "id")

    def past(self, today=None):
        return self.filter(start_date__lt=today or timezone.localdate()).order_by("-start_date", "-id")

    def on_calendar(self, since=None):
        """The events a calendar can place (their year is known), starting on `since` or later when given,
        with only the columns an entry writes (events.ical.event_lines) and their country's name."""
        events = self.filter(start_date__isnull=False)
        if since is not None:
            events = events.filter(start_date__gte=since)
        return events.select_related("country").only(*CALENDAR_COLUMNS, "country__name")

    def with_listing_relations(self, drafts=False):
        """What a row of the event list shows (events/templatetags/event_tags.py `event_item`): the event,
        its country's name, its parent's link and its themes' names.

        A draft country or parent is joined but not shown to the public (`event_item` asks
        core.visibility.shown). Only the columns a row shows are read from the joined country and parent
        (whole, they were forty columns, mostly of NULL parents) and from the themes. A field a row shows but the query
        leaves out would cost a query per row, which the list's query-count test would show.
        """
        own = (field.name for field in Event._meta.concrete_fields)
        return (
            self.select_related("country", "parent")
            .only(*own, "country__name", "country__status", "parent__slug", "parent__title", "parent__status")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("name")))
        )

    def with_detail_relations(self, drafts=False):
        """What an event's page shows: the event with its country, parent, agreement and study joined,
        and its lists (themes, published sessions, organisations, people, outcomes) prefetched; the
        citations of the event and its rows follow in one query (`attach_detail_citations`).

        Six queries whatever the number of rows. Each joined or prefetched row reads only the columns
        the page uses: Django's cost grows with the columns it turns into instances far more
        than the database's does. The lists hold only the rows the reader may see (`drafts`, the
        reader's core.visibility answer): no session, organisation, person or source that is a draft
        for the public; staff get the drafts, which the page marks.
        """
        own = (field.name for field in Event._meta.concrete_fields)
        linked = (f"{link}__{name}" for link, names in DETAIL_LINKS.items() for name in names)
        return (
            self.select_related(*DETAIL_LINKS)
            .only(*own, *linked)
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.only("slug", "name")),
                Prefetch(
                    "sessions",
                    queryset=visible_rows(Event.objects.all(), drafts)
                    .order_by("start_date", "title", "id")
                    .only(*RECORD_COLUMNS, "parent", "title", "start", "year_inferred", "date_note", "event_status"),
                ),
                Prefetch(
                    "organisations",
                    queryset=visible_rows(EventOrganisation.objects.select_related("organisation"), drafts)
                    .order_by("role", "id")
                    .only(
                        "event",
                        "organisation",
                        "role",
                        "note",
                        *(f"organisation__{name}" for name in (*RECORD_COLUMNS, "name", "acronym")),
                    ),
                ),
                Prefetch(
                    "participants",
                    queryset=visible_rows(EventParticipant.objects.select_related("person", "organisation"), drafts)
                    .order_by("position", "id")
                    .only(
                        "event",
                        "person",
                        "organisation",
                        "role",
                        "title_held",
                        *(f"person__{name}" for name in (*RECORD_COLUMNS, "name")),
                        *(f"organisation__{name}" for name in ("name", "acronym", "other_names", "status")),
                    ),
                ),
                Prefetch(
                    "outcomes",
                    queryset=Outcome.objects.order_by("position", "id").only("event", "text"),
                ),
            )
        )

    def with_api_relations(self, drafts=False):
        """The single relations an export of events shows; `attach_export_rows` adds the many-relations."""
        return self.select_related("country", "parent", "agreement", "study")

    def with_ready_export(self, version):
        """Join each event's stored export where it is fresh and of that version.

        Its text is then `ready__text__json` and `ready__text__csv_row` (None where not ready).
        """
        return self.alias(ready=FilteredRelation("export", condition=Q(export__version=version, export__stale=False)))


def attach_export_rows(events, include_draft_sources=False):
    # `include_draft_sources` is the reader's core.visibility answer (staff): it decides every related
    # row, not only citations. For the public no row naming a draft is attached.
    """Give each event the related rows an export shows, as plain dicts in the export's own shape.

    Sets `theme_rows`, `organisation_rows`, `participant_rows`, `citation_rows` and `provenance_member`
    (read by events.serializers.EventSerializer) with six queries whatever the number of events. A page of 50 events
    holds about two thousand related rows; as model instances through prefetch_related they cost
    most of the request (a model instance, a queryset per event and relation), as tuples from
    values_list grouped here they cost little (BENCHMARKS.md).
    """
    ids = [event.pk for event in events]
    themes, organisations, participants, citations = (defaultdict(list) for _ in range(4))

    drafts = include_draft_sources
    theme_links = visible_rows(Event.themes.through.objects.filter(event_id__in=ids), drafts)
    for event_id, slug, name in theme_links.order_by("event_id", *THEME_ORDER).values_list(
        "event_id", "theme__slug", "theme__name"
    ):
        themes[event_id].append({"slug": slug, "name": name})

    roles = visible_rows(EventOrganisation.objects.filter(event_id__in=ids), drafts).order_by("event_id", "role", "id")
    for event_id, slug, name, acronym, role in roles.values_list(
        "event_id", "organisation__slug", "organisation__name", "organisation__acronym", "role"
    ):
        organisations[event_id].append(
            {
                "slug": slug,
                "name": name,
                "acronym": acronym,
                "role": role,
                "iati_role_code": OrganisationRole(role).iati_code,
            }
        )

    people = list(
        visible_rows(EventParticipant.objects.filter(event_id__in=ids), drafts)
        .order_by("event_id", "position", "id")
        .values_list("event_id", "person__slug", "person__name", "role", "title_held", "organisation_id")
    )
    # By primary key in a second query: as an outer join the planner hashes the whole organisation table.
    organisation_slugs = dict(
        Organisation.objects.filter(pk__in={row[5] for row in people if row[5]}).values_list("pk", "slug")
    )
    for event_id, person, name, role, title_held, organisation_id in people:
        participants[event_id].append(
            {
                "person": person,
                "name": name,
                "role": role,
                "title_held": title_held,
                "organisation": organisation_slugs.get(organisation_id),
            }
        )

    cited = Citation.objects.filter(content_type=ContentType.objects.get_for_model(Event), object_id__in=ids)
    cited = visible_rows(cited, drafts)
    for event_id, source, source_title, quote, fact in cited.order_by("object_id", "fact", "id").values_list(
        "object_id", "source__slug", "source__title", "quote", "fact"
    ):
        citations[event_id].append({"source": source, "source_title": source_title, "quote": quote, "fact": fact})

    # Provenance per fact (core.provenance): the `provenance` member from the citations above and the notes.
    notes = defaultdict(list)
    noted = FactNote.objects.filter(content_type=ContentType.objects.get_for_model(Event), object_id__in=ids)
    for event_id, kind, facts, note in noted.order_by("object_id", "kind", "id").values_list(
        "object_id", "kind", "facts", "note"
    ):
        notes[event_id].append((kind, facts, note))

    for event in events:
        event.provenance_member = provenance.api_member(event, citations[event.pk], notes[event.pk])
        event.theme_rows = themes[event.pk]
        event.organisation_rows = organisations[event.pk]
        event.participant_rows = participants[event.pk]
        event.citation_rows = citations[event.pk]
    return events


class Event(PublicRecord):
    """An event ARMAC organised, took part in or reports on."""

    title = models.CharField(_("title"), max_length=400)
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        help_text=_("The event this one is a session of, such as the dialogue a plenary session belongs to."),
    )
    summary = models.TextField(_("summary"), blank=True)
    start = PartialDateField(_("start"))
    end = PartialDateField(_("end"))
    year_inferred = models.BooleanField(_("year inferred"), default=False, help_text=YEAR_INFERRED_HELP)
    date_note = models.TextField(_("date note"), blank=True, help_text=DATE_NOTE_HELP)
    # Derived from start/end on save, for ordering and date-range filters on real dates.
    start_date = models.DateField(_("earliest start day"), null=True, blank=True, editable=False)
    end_date = models.DateField(_("latest end day"), null=True, blank=True, editable=False)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(
        "registry.Country",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    online = models.BooleanField(
        _("online"), default=False, help_text=_("Held online, wholly or with participants joining remotely.")
    )
    participant_count = models.PositiveIntegerField(
        _("participant count"),
        null=True,
        blank=True,
        help_text=_("How many took part, as a source states it; empty when no source says."),
    )
    themes = models.ManyToManyField(
        "registry.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="events",
        help_text=_("The mine action pillars and topics the event is about."),
    )
    agreement = models.ForeignKey(
        "registry.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("The agreement signed, adopted or discussed at the event."),
    )
    study = models.ForeignKey(
        "registry.Study",
        verbose_name=_("study"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
        help_text=_("The study the event belongs to, such as its consultation or validation workshop."),
    )
    event_status = models.CharField(
        _("event status"),
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.PLANNED,
        db_index=True,
        help_text=_("Planned until a source reports it held, postponed or cancelled."),
    )

    # Rows inside the record that carry their own citations (core.provenance).
    provenance_rows = ("key_figures", "organisations", "participants", "outcomes")
    objects = EventQuerySet.as_manager()
    _history_m2m_fields = ["themes"]

    # Searched as substrings on SQLite, and with the full-text index `event_search_idx` on PostgreSQL.
    search_fields = full_text_fields = SEARCHED_FIELDS

    class Meta:
        ordering = [F("start_date").desc(nulls_last=True), "title", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [
            models.Index(fields=["start_date", "id"], name="event_start_date_idx"),
            models.Index(fields=["status", "start_date"], name="event_status_start_idx"),
            # Exactly the default ordering, so a page of the list reads 20-50 index entries instead of
            # sorting every event (the index above, read backwards, gives NULLS FIRST, not LAST).
            # PostgreSQL only, see the migration: SQLite refuses NULLS LAST in an index.
            models.Index(F("start_date").desc(nulls_last=True), F("title"), F("id"), name="event_listing_order_idx"),
            # Counting a kind's published events (the API and list filter) from this index alone.
            models.Index(fields=["status", "kind"], name="event_status_kind_idx"),
            # Full-text search (PublishableQuerySet.search); created on PostgreSQL only, see the
            # migrations. The publication status is its first column (btree_gin), so counting the
            # public's matches reads the index and no table rows.
            full_text_index(SEARCHED_FIELDS, name="event_search_idx", with_status=True),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_end_not_before_start",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(end="") | ~Q(start=""),
                name="event_end_needs_start",
                violation_error_message=_("Give a start date before an end date."),
            ),
            models.CheckConstraint(
                condition=Q(participant_count__isnull=True) | Q(participant_count__gte=0),
                name="event_participant_count_not_negative",
                violation_error_message=_("The participant count cannot be negative."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="event_not_its_own_parent",
                violation_error_message=_("An event cannot be a session of itself."),
            ),
            year_inferred_needs_reason("event"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_cancelled_or_postponed(self):
        return self.event_status in {EventStatus.CANCELLED, EventStatus.POSTPONED}

    def refresh_derived_dates(self):
        """Keep the sortable days in step with the dates as the sources state them."""
        start, end = self.start, self.end
        self.start_date = start.earliest() if isinstance(start, PartialDate) else None
        self.end_date = end.latest() if isinstance(end, PartialDate) else None

    def clean(self):
        self.refresh_derived_dates()
        errors = {}
        if self.end and not self.start:
            errors["end"] = _("Give a start date before an end date.")
        # Without both years the order cannot be known (15 Dec to 2 Jan is fine), so only full years are compared.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end"] = _("The event cannot end before it starts.")
        ancestor = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                errors["parent"] = _("An event cannot be a session of itself.")
                break
            ancestor = ancestor.parent
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.refresh_derived_dates()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"start", "end"} & set(update_fields):
            kwargs["update_fields"] = set(update_fields) | {"start_date", "end_date"}
        super().save(*args, **kwargs)


class EventOrganisation(TimeStamped):
    """An organisation's role in an event: organiser, host, funder, technical expertise, …"""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="event_roles")
    role = models.CharField(_("role"), max_length=30, choices=OrganisationRole.choices)
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("How the source qualifies the role, for example “through the ASEAN-Korea Cooperation Fund”."),
    )
    citations = GenericRelation("registry.Citation")

    class Meta:
        ordering = ["event", "role", "id"]
        verbose_name = _("organisation in event")
        verbose_name_plural = _("organisations in event")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation", "role"],
                name="event_organisation_unique_role",
                violation_error_message=_("This organisation already has that role in this event."),
            )
        ]
        indexes = [models.Index(fields=["organisation", "event"], name="event_org_by_org_idx")]

    def __str__(self):
        return f"{self.organisation} — {self.get_role_display()}"


class EventParticipant(TimeStamped):
    """A person at an event, in a role, with the title they held there."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    title_held = models.CharField(
        _("title held there"), max_length=300, blank=True, help_text=_("The title the source gives them at the event.")
    )
    organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("representing"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        help_text=_("The organisation they spoke or took part for, when the source says."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=POSITION_HELP)
    citations = GenericRelation("registry.Citation")

    class Meta:
        ordering = ["event", "position", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person", "role"],
                name="event_participant_unique_role",
                violation_error_message=_("This person already has that role in this event."),
            )
        ]
        indexes = [models.Index(fields=["person", "event"], name="event_participant_person_idx")]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"

    @property
    def organisation_beside_title(self):
        """The organisation to name after the title, or None when the title already names it.

        Sources often write the organisation into the title ("Deputy Director General, Viet Nam
        National Mine Action Centre (VNMAC)"); repeating it in brackets would read as a stutter.
        """
        organisation = self.organisation
        if organisation is None:
            return None
        title = self.title_held.casefold()
        names = [organisation.name, organisation.acronym, *organisation.other_names]
        if any(name and name.casefold() in title for name in names):
            return None
        return organisation


class Outcome(TimeStamped):
    """A result, theme or conclusion that a source reports from an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outcomes")
    text = models.TextField(_("text"), help_text=_("The outcome in a sentence, close to the source's words."))
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=POSITION_HELP)
    citations = GenericRelation("registry.Citation")

    class Meta:
        ordering = ["event", "position", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return self.text[:80]


class EventExport(models.Model):
    """Whether an event's stored public export is ready: the version that wrote it, and its stale mark.

    Marked stale by events.exports whenever the event or anything its export shows changes, and
    rewritten by the background task (events.exports.rebuild_stale_exports); an event whose row is stale, of another
    EXPORT_VERSION or missing is exported live. The text itself is in EventExportText: marking the
    exports of a theme shown by 16,000 events stale rewrites 16,000 of these narrow rows, not
    16,000 copies of their text. No column here is indexed but the key, so PostgreSQL rewrites a
    row in place on its page (a "HOT" update, events migration 0012 leaves room on each page)
    without touching an index.
    """

    event = models.OneToOneField(Event, primary_key=True, on_delete=models.CASCADE, related_name="export")
    # events.exports.EXPORT_VERSION of the code that wrote the text: rows of another version are
    # exported live until the worker rewrites them. 0: never written.
    version = models.PositiveIntegerField(default=0)
    # Set in the transaction of a change to what the export shows; cleared by the rebuild.
    stale = models.BooleanField(default=True)
    built_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("event export")
        verbose_name_plural = _("event exports")

    def __str__(self):
        return f"Export of event {self.event_id}"


class EventExportText(models.Model):
    """An event's public export kept ready: its JSON object and its CSV line, exactly as the API sends them.

    Read only through its EventExport row's version and stale mark (events.exports). The public
    CSV of 100,000 events is then a read of these lines rather than tens of queries and a million
    formatted cells, and a page of the API a read of fifty documents.
    """

    export = models.OneToOneField(EventExport, primary_key=True, on_delete=models.CASCADE, related_name="text")
    json = models.TextField(blank=True)
    csv_row = models.TextField(blank=True)

    class Meta:
        verbose_name = _("event export text")
        verbose_name_plural = _("event export texts")

    def __str__(self):
        return f"Export text of event {self.export_id}"
