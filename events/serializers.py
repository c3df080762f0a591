"""An event's export shape: its serializer (JSON) and its CSV columns, read by the API and by the stored exports."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import (
    CitationSerializer,
    Column,
    CountryRefSerializer,
    CsvExport,
    PartialDateSerializerField,
    PrecisionField,
    PreparedRows,
    PublicRecordSerializer,
    Related,
    ShownSlugField,
    ThemeRefSerializer,
    precision_of,
    visible_related,
)
from core.visibility import shown
from registry.api import OrganisationRoleSerializer, citation_columns, role_text, themes_column

from .models import Event, EventOrganisation, EventParticipant


class ParticipantSerializer(serializers.ModelSerializer):
    """A person at an event: their role and the title they held there (the schema of a participant row)."""

    person = serializers.CharField(source="person.slug")
    name = serializers.CharField(source="person.name")
    organisation = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = EventParticipant
        fields = ["person", "name", "role", "title_held", "organisation"]


class EventPlaceSerializer(serializers.Serializer):
    """Where an event took place."""

    city = serializers.CharField()
    country = CountryRefSerializer(allow_null=True)
    online = serializers.BooleanField()


class EventSerializer(PublicRecordSerializer):
    """An event with what an export needs: dates as the sources state them, place, people, partners, sources."""

    parent = ShownSlugField(slug_field="slug", read_only=True, allow_null=True)
    start = PartialDateSerializerField()
    start_precision = PrecisionField(source="start")
    end = PartialDateSerializerField()
    end_precision = PrecisionField(source="end")
    place = serializers.SerializerMethodField()
    # Rows put in their export shape by events.models.attach_export_rows (EventViewSet.with_page_relations).
    themes = PreparedRows(child=ThemeRefSerializer(), source="theme_rows")
    organisations = PreparedRows(child=OrganisationRoleSerializer(), source="organisation_rows")
    participants = PreparedRows(child=ParticipantSerializer(), source="participant_rows")
    citations = PreparedRows(child=CitationSerializer(), source="citation_rows")
    agreement = ShownSlugField(slug_field="slug", read_only=True, allow_null=True)
    study = ShownSlugField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "event_status",
            "parent",
            "start",
            "start_precision",
            "end",
            "end_precision",
            "start_date",
            "end_date",
            "year_inferred",
            "date_note",
            "place",
            "participant_count",
            "summary",
            "themes",
            "organisations",
            "participants",
            "agreement",
            "study",
            *PublicRecordSerializer.common_fields,
        ]

    @extend_schema_field(EventPlaceSerializer)
    def get_place(self, event):
        country = shown(event.country, self.context.get("drafts", False))
        return {
            "city": event.city,
            "country": CountryRefSerializer().to_representation(country) if country is not None else None,
            "online": event.online,
        }

    def to_representation(self, event):
        """The event built directly; the declared fields describe it in the schema (see FAST_NESTED_NOTE).

        Fifty events a page times 26 fields through DRF's generic loop was a noticeable share of the
        request (BENCHMARKS.md).
        tests/api/test_endpoints.py compares this with DRF's own rendering of the declared fields.
        """
        fields = self.fields
        start, end = event.start, event.end
        # A linked record the reader may not see is null (core.visibility; the stored exports are the public's).
        parent, agreement, study = (
            shown(getattr(event, name), self.context.get("drafts", False)) for name in ("parent", "agreement", "study")
        )
        return {
            "slug": event.slug,
            "title": event.title,
            "kind": event.kind,
            "event_status": event.event_status,
            "parent": parent.slug if parent else None,
            "start": start.isoformat() if start else None,
            "start_precision": str(start.precision) if start else None,
            "end": end.isoformat() if end else None,
            "end_precision": str(end.precision) if end else None,
            "start_date": event.start_date.isoformat() if event.start_date else None,
            "end_date": event.end_date.isoformat() if event.end_date else None,
            "year_inferred": event.year_inferred,
            "date_note": event.date_note,
            "place": self.get_place(event),
            "participant_count": event.participant_count,
            "summary": event.summary,
            "themes": event.theme_rows,
            "organisations": event.organisation_rows,
            "participants": event.participant_rows,
            "agreement": agreement.slug if agreement else None,
            "study": study.slug if study else None,
            "url": event.get_absolute_url(),
            "status": event.status,
            "citations": event.citation_rows,
            "provenance": event.provenance_member,
            "created_at": fields["created_at"].to_representation(event.created_at),
            "updated_at": fields["updated_at"].to_representation(event.updated_at),
        }


def organisations_column(ids, staff):
    rows = visible_related(EventOrganisation.objects.filter(event_id__in=ids), staff).order_by("event_id", "role", "id")
    for event_id, name, slug, role in rows.values_list("event_id", "organisation__name", "organisation__slug", "role"):
        yield event_id, role_text(name, slug, role)


def participants_column(ids, staff):
    rows = visible_related(EventParticipant.objects.filter(event_id__in=ids), staff)
    rows = rows.order_by("event_id", "position", "id")
    for event_id, name, slug, role, title in rows.values_list(
        "event_id", "person__name", "person__slug", "role", "title_held"
    ):
        yield event_id, f"{name} ({slug}): {role}" + (f", {title}" if title else "")


EVENT_CSV = CsvExport(
    "events",
    [
        Column("slug", "slug"),
        Column("title", "title"),
        Column("kind", "kind"),
        Column("event_status", "event_status"),
        Column("parent", "parent__slug"),
        Column("start", "start"),
        Column("start_precision", "start", precision_of),
        Column("end", "end"),
        Column("end_precision", "end", precision_of),
        Column("start_date", "start_date"),
        Column("end_date", "end_date"),
        Column("year_inferred", "year_inferred"),
        Column("date_note", "date_note"),
        Column("city", "city"),
        Column("country_iso3", "country__iso3"),
        Column("country_name", "country__name"),
        Column("online", "online"),
        Column("participant_count", "participant_count"),
        Column("summary", "summary"),
        Column("agreement", "agreement__slug"),
        Column("study", "study__slug"),
        Column("status", "status"),
        Column("updated_at", "updated_at"),
    ],
    [
        themes_column(Event.themes.through, "event_id"),
        Related("organisations", organisations_column),
        Related("participants", participants_column),
        *citation_columns(Event),
    ],
)
