"""Events in the export API: JSON, CSV and iCalendar, with place, people, organisations and provenance."""

from django.db.models import Count, Max
from django.http import StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from core.api import CSVRenderer, ExportViewSet, ICalendarRenderer

from . import exports, ical
from .filters import EventFilterSet
from .serializers import EVENT_CSV, EventSerializer


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
        return EventSerializer.with_relations(queryset)

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
        return queryset.with_ready_export(exports.EXPORT_VERSION).aggregate(
            latest=Max("updated_at"), count=Count("pk"), stored=Count("ready__event"), built=Max("ready__built_at")
        )

    def with_page_relations(self, records):
        return EventSerializer.prepare(records, staff=self.is_staff)

    def csv_stream(self, queryset):
        if self.is_staff:
            return super().csv_stream(queryset)
        return exports.csv_stream(queryset, hxl=self.wants_hxl)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list" and self.wanted_format == "ics":
            # The list as a calendar is bounded as the feed is (events.ical): twelve months back without a
            # date filter, at most FEED_MAX_EVENTS events. Bounded here, so the ETag and Last-Modified
            # are those of the calendar's own events.
            try:
                queryset = ical.bounded_events(queryset, self.request.query_params)
            except ical.FeedTooLarge as error:
                raise ValidationError({"parameters": [str(error)]}) from None
        return queryset

    def export_response(self, queryset, filename):
        if self.wanted_format != "ics":
            return super().export_response(queryset, filename)
        events = ical.streamed(queryset.on_calendar(), build_url=ical.site_url(self.request))
        response = StreamingHttpResponse(events, content_type=ical.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
        return response
