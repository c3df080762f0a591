"""Events in the export API: JSON, CSV and iCalendar, with place, people, organisations and provenance."""

from django.db.models import Count, Max
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from core.api import (
    CitationSerializer,
    Column,
    CountryRefSerializer,
    CsvExport,
    CSVRenderer,
    ExportViewSet,
    ICalendarRenderer,
    PartialDateSerializerField,
    PrecisionField,
    PreparedRows,
    PublicRecordSerializer,
    Related,
    ThemeRefSerializer,
    precision_of,
)
from registry.api import OrganisationRoleSerializer, citation_columns, role_text, themes_column

from . import exports, ical
from .filters import EventFilterSet
from .models import Event, EventOrganisation, EventParticipant, attach_export_rows


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

    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
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
    agreement = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    study = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

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
        country = event.country
        return {
            "city": event.city,
            "country": CountryRefSerializer().to_representation(country) if country is not None else None,
            "online": event.online,
        }

    def to_representation(self, event):
        """The event built directly; the declared fields describe it in the schema (see FAST_NESTED_NOTE).

        Fifty events a page times 26 fields through DRF's generic loop was an eighth of the request.
        tests/api/test_endpoints.py compares this with DRF's own rendering of the declared fields.
        """
        fields = self.fields
        start, end = event.start, event.end
        return {
            "slug": event.slug,
            "title": event.title,
            "kind": event.kind,
            "event_status": event.event_status,
            "parent": event.parent.slug if event.parent_id else None,
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
            "agreement": event.agreement.slug if event.agreement_id else None,
            "study": event.study.slug if event.study_id else None,
            "url": event.get_absolute_url(),
            "status": event.status,
            "citations": event.citation_rows,
            "created_at": fields["created_at"].to_representation(event.created_at),
            "updated_at": fields["updated_at"].to_representation(event.updated_at),
        }


def organisations_column(ids, staff):
    rows = EventOrganisation.objects.filter(event_id__in=ids).order_by("event_id", "role", "id")
    for event_id, name, slug, role in rows.values_list("event_id", "organisation__name", "organisation__slug", "role"):
        yield event_id, role_text(name, slug, role)


def participants_column(ids, staff):
    rows = EventParticipant.objects.filter(event_id__in=ids).order_by("event_id", "position", "id")
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


class RenderedObjects(list):
    """JSON objects already rendered as text (the stored exports), for RenderedObjectsJSONRenderer."""


class RenderedObjectsJSONRenderer(JSONRenderer):
    """JSON, writing a page's RenderedObjects as they are instead of parsing and rendering them again."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, RenderedObjects):
            return super().render(data, accepted_media_type, renderer_context)
        envelope = super().render({**data, "results": []}, accepted_media_type, renderer_context)
        # DRF writes the envelope compactly and `results` last: `…,"results":[]}`.
        head, tail = envelope.rsplit(b"[]", 1)
        return b"".join([head, b"[", ",".join(results).encode("utf-8"), b"]", tail])


EVENT_FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "ics"],
    description="`csv` or `ics` (iCalendar) answer the whole filtered list, not one page.",
)


@extend_schema_view(list=extend_schema(parameters=[EVENT_FORMAT]), retrieve=extend_schema(parameters=[EVENT_FORMAT]))
class EventViewSet(ExportViewSet):
    """Events: dialogues and their sessions, workshops, signings, ministerial and virtual meetings."""

    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    renderer_classes = [RenderedObjectsJSONRenderer, CSVRenderer, ICalendarRenderer]
    csv_export = EVENT_CSV

    def with_relations(self, queryset):
        return queryset.with_api_relations()

    # The public reads the stored exports (events.exports); staff see draft sources' citations too,
    # which the stored exports leave out, so theirs are computed live by ExportViewSet.

    def list(self, request, *args, **kwargs):
        if self.is_staff or self.wanted_format != "json":
            return super().list(request, *args, **kwargs)
        # The stored exports in a query of their own: joined to the page, the count would join them too.
        rows = self.paginate_queryset(self.filter_queryset(self.base_queryset()).values_list("pk", "updated_at"))
        self.last_modified = max((updated_at for _, updated_at in rows), default=None)
        return self.get_paginated_response(RenderedObjects(exports.page_documents([pk for pk, _ in rows])))

    def whole_list_summary(self, queryset):
        if self.is_staff or self.wanted_format != "csv":
            return super().whole_list_summary(queryset)
        # A renamed person changes the CSV but no event's updated_at: the exports' rebuild times do.
        return queryset.with_ready_export(exports.FORMAT).aggregate(
            latest=Max("updated_at"), count=Count("pk"), stored=Count("ready__event"), built=Max("ready__built_at")
        )

    def with_page_relations(self, records):
        return attach_export_rows(records, include_draft_sources=self.is_staff)

    def csv_stream(self, queryset):
        if self.is_staff:
            return super().csv_stream(queryset)
        return exports.csv_stream(queryset, EVENT_CSV.header)

    def export_response(self, queryset, filename):
        if self.wanted_format != "ics":
            return super().export_response(queryset, filename)
        events = queryset.select_related("country")
        body = ical.build_calendar(events.iterator(chunk_size=2000), build_url=self.request.build_absolute_uri)
        response = HttpResponse(body, content_type=ical.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
        return response
