"""What every endpoint of the export API shares: read-only viewsets, pagination, formats and errors.

The resources themselves live beside their models (registry/api.py, events/api.py); the router,
schema and docs are in armac_portal/api_urls.py; the permission, negotiation, pagination and
error handler that settings name are in core/api_policy.py (DRF imports some of those
while loading its views).
"""

import csv
import hashlib
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max
from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core.dates import DatePrecision
from core.filters import without_empty_values
from core.models import PublicationStatus
from core.visibility import sees_drafts

# ---------------------------------------------------------------------------------------------------
# Access, formats and errors


class CSVRenderer(BaseRenderer):
    """Declares `format=csv`; the rows themselves are streamed by ExportViewSet, never rendered here."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only reached for an empty body (a 304 or HEAD); errors are switched to JSON first.
        return b""


class ICalendarRenderer(CSVRenderer):
    """Declares `format=ics`: the events list and an event as an RFC 5545 calendar."""

    media_type = "text/calendar"
    format = "ics"


ERROR_RESPONSES = {
    "400": "A parameter is not valid (the reasons are in `errors`).",
    "401": "The token is not valid.",
    "404": "No such record, or no such page.",
    "405": "Only GET, HEAD and OPTIONS are allowed.",
    "406": "None of the accepted media types can be produced.",
    "429": "Too many requests; the Retry-After header says how many seconds to wait.",
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular hook: every operation documents the errors and the 304 it can answer."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}, "errors": {"type": "object", "additionalProperties": True}},
        "required": ["detail"],
    }
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault("304", {"description": "Not modified since the ETag or date the client sent."})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result


def document_empty_parameters(result, generator, request, public):
    """drf-spectacular hook: every query parameter may be sent empty, and an empty one means "not given".

    A submitted filter form sends its empty fields (issue 15); the schema says so with OpenAPI's
    `allowEmptyValue`, so generated clients and schemathesis expect the 200 such a request gets.
    """
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result


# ---------------------------------------------------------------------------------------------------
# CSV: the whole filtered list, streamed chunk by chunk


def as_text(value):
    """A cell: empty for nothing, ISO forms for dates and times, true/false for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def precision_of(value):
    """The precision of a partial date (day, month, year, day-no-year), empty when unknown."""
    return str(value.precision) if value else ""


@dataclass
class Column:
    """One CSV column read straight from the record's row (`lookup` as in values_list)."""

    header: str
    lookup: str
    convert: Any = as_text


@dataclass
class Related:
    """CSV column(s) gathered from related rows: `fetch(ids, staff)` yields (record id, text) pairs.

    With a tuple of headers, one query fills several columns: it yields (record id, tuple of texts),
    a None text adding nothing to its column.
    """

    header: str | tuple[str, ...]
    fetch: Any

    @property
    def headers(self):
        return list(self.header) if isinstance(self.header, tuple) else [self.header]


@dataclass
class CsvExport:
    """How one resource flattens into CSV: its own columns, then "; "-joined related columns."""

    filename: str
    columns: list[Column]
    related: list[Related] = field(default_factory=list)
    chunk_size: int = 2000

    @property
    def header(self):
        return [column.header for column in self.columns] + [h for related in self.related for h in related.headers]

    def rows(self, queryset, staff):
        """Lists of cell texts for every record of the queryset, in its order, a chunk at a time."""
        for _, row in self.keyed_rows(queryset, staff):
            yield row

    def keyed_rows(self, queryset, staff):
        """(record id, list of cell texts) for every record of the queryset, in its order."""
        lookups = list(dict.fromkeys(["pk", *(column.lookup for column in self.columns)]))
        index = {lookup: position for position, lookup in enumerate(lookups)}
        plan = [(index[column.lookup], column.convert) for column in self.columns]
        records = queryset.values_list(*lookups).iterator(chunk_size=self.chunk_size)
        while chunk := list(itertools.islice(records, self.chunk_size)):
            ids = [record[0] for record in chunk]
            gathered = []
            for related in self.related:
                columns = [{} for _ in related.headers]
                several = len(columns) > 1
                for record_id, text in related.fetch(ids, staff):
                    for texts, part in zip(columns, text if several else (text,), strict=True):
                        if part is not None:
                            texts.setdefault(record_id, []).append(part)
                gathered.extend(columns)
            for record in chunk:
                row = [convert(record[position]) for position, convert in plan]
                row.extend("; ".join(texts.get(record[0], ())) for texts in gathered)
                yield record[0], row

    def stream(self, queryset, staff):
        """The CSV document as UTF-8 byte chunks, a byte-order mark first so spreadsheets read it as UTF-8."""
        buffer = _LineBuffer()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(self.header)
        yield ("\ufeff" + buffer.take()).encode("utf-8")
        for count, row in enumerate(self.rows(queryset, staff), start=1):
            writer.writerow(row)
            if count % 500 == 0:
                yield buffer.take().encode("utf-8")
        yield buffer.take().encode("utf-8")


class _LineBuffer:
    """The file csv.writer writes to: it keeps lines until the stream takes them."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def take(self):
        text = "".join(self.parts)
        self.parts.clear()
        return text


# ---------------------------------------------------------------------------------------------------
# The viewset every resource uses

FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="`csv` answers the whole filtered list (not one page) as one UTF-8 CSV file.",
)

LIST_FORMAT_DOC = extend_schema(parameters=[FORMAT_PARAMETER])


def export_schema(**kwargs):
    """The schema decorations of a resource's list and detail operations."""
    return extend_schema_view(list=extend_schema(parameters=[FORMAT_PARAMETER], **kwargs), retrieve=LIST_FORMAT_DOC)


class ExportViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource: JSON pages, the whole filtered list as CSV, conditional GETs.

    Subclasses give `filterset_class`, `serializer_class`, `csv_export` and `base_queryset()`
    (the visible records) and may add relations for JSON in `with_relations()`.
    """

    renderer_classes = [JSONRenderer, CSVRenderer]
    lookup_field = "slug"
    # Anything up to the next slash reaches get_object, so a bad slug is a JSON 404, not an HTML one.
    lookup_value_regex = "[^/]+"
    lookup_pattern = re.compile(r"[-a-zA-Z0-9_]{1,120}")
    csv_export: CsvExport

    # -- querysets

    @property
    def is_staff(self):
        return sees_drafts(self.request.user)

    def base_queryset(self):
        return self.filterset_class.Meta.model.objects.visible_to(self.request.user)

    def with_relations(self, queryset):
        return queryset

    def with_page_relations(self, records):
        """Relations added to the records of one page (or one detail) once they are loaded."""
        return records

    def get_queryset(self):
        return self.with_relations(self.base_queryset())

    def get_object(self):
        value = self.kwargs[self.lookup_field]
        if not self.lookup_pattern.fullmatch(value):
            raise exceptions.NotFound()
        return super().get_object()

    # -- requests

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # NUL characters never get this far: RefuseNulCharactersMiddleware answers them with a 400 first.
        # An empty parameter means "not given", as on the HTML pages (core.filters.without_empty_values).
        params = without_empty_values(request.query_params)
        if self.action != "list":
            unknown = sorted(set(params) - {"format"})
            if unknown:
                raise exceptions.ValidationError({"parameters": [f"Unknown parameter: {', '.join(unknown)}."]})

    @property
    def wanted_format(self):
        return getattr(self.request.accepted_renderer, "format", "json")

    def list(self, request, *args, **kwargs):
        if self.wanted_format != "json":
            # The whole list ignores paging, but a malformed page or page_size is still a 400, never ignored.
            self.paginator.get_page_size(request)
            self.paginator.get_page_number(request, None)
            queryset = self.filter_queryset(self.base_queryset())
            return self.whole_list(queryset)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.with_page_relations(self.paginate_queryset(queryset))
        data = self.get_serializer(page, many=True).data
        self.last_modified = max((record.updated_at for record in page), default=None)
        return self.get_paginated_response(data)

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        self.last_modified = record.updated_at
        if self.wanted_format != "json":
            return self.whole_list(self.base_queryset().filter(pk=record.pk), filename=record.slug)
        (record,) = self.with_page_relations([record])
        return Response(self.get_serializer(record).data)

    def whole_list(self, queryset, filename=None):
        """Every record of the filtered queryset in the wanted non-JSON format (CSV here)."""
        summary = self.whole_list_summary(queryset)
        self.last_modified = summary["latest"]
        # The body is streamed, so its ETag comes from what it is made of rather than from its bytes.
        key = "|".join(map(str, [self.request.get_full_path(), self.is_staff, *summary.values()]))
        self.weak_etag = 'W/"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        not_modified = get_conditional_response(
            self.request, etag=self.weak_etag, last_modified=self._timestamp(self.last_modified)
        )
        if not_modified is not None:
            return not_modified
        return self.export_response(queryset, filename or self.csv_export.filename)

    def whole_list_summary(self, queryset):
        """What the whole list's ETag is made of: `latest` (its Last-Modified) and what else changes with it."""
        return queryset.order_by().aggregate(latest=Max("updated_at"), count=Count("pk"))

    def csv_stream(self, queryset):
        """The CSV document's byte chunks."""
        return self.csv_export.stream(queryset, self.is_staff)

    def export_response(self, queryset, filename):
        response = StreamingHttpResponse(self.csv_stream(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response

    # -- responses

    @staticmethod
    def _timestamp(moment):
        return int(moment.timestamp()) if moment else None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        if isinstance(response, Response) and renderer is not None and renderer.format != "json":
            # Errors (and anything else DRF renders) are JSON whatever format was asked for.
            response.accepted_renderer = JSONRenderer()
            response.accepted_media_type = "application/json"
        patch_vary_headers(response, ["Authorization"])
        if request.method in {"GET", "HEAD"} and response.status_code == status.HTTP_200_OK:
            return self._conditional(request, response)
        return response

    def _conditional(self, request, response):
        last_modified = self._timestamp(getattr(self, "last_modified", None))
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        if isinstance(response, Response):
            response.render()
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        elif getattr(self, "weak_etag", None):
            response["ETag"] = self.weak_etag
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )


# ---------------------------------------------------------------------------------------------------
# Serializer parts every resource uses


# FAST_NESTED_NOTE: the small nested serializers build their dict directly in to_representation,
# while their declared fields still describe them in the OpenAPI schema. A page of agreements,
# studies or people holds hundreds of nested rows (parties, partners, themes, citations), and DRF's
# per-field machinery (get_attribute and to_representation for each value) adds up over them
# (BENCHMARKS.md). tests/api/test_endpoints.py checks the output field by field, so the two
# cannot drift apart. (Events go further: see events.models.attach_export_rows.)


class CitationSerializer(serializers.Serializer):
    """A verbatim passage of a source document behind a record (or one fact of it)."""

    source = serializers.CharField(source="source.slug")
    source_title = serializers.CharField(source="source.title")
    quote = serializers.CharField()
    fact = serializers.CharField()

    def to_representation(self, citation):
        source = citation.source
        return {"source": source.slug, "source_title": source.title, "quote": citation.quote, "fact": citation.fact}


class CitationListSerializer(serializers.ListSerializer):
    """Citations of draft source documents are shown to staff only; the rest see published sources."""

    def to_representation(self, data):
        citations = data.all() if hasattr(data, "all") else data
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if not sees_drafts(user):
            # Filtered in Python over the prefetched rows: no query per record.
            citations = [citation for citation in citations if citation.source.status == PublicationStatus.PUBLISHED]
        return [self.child.to_representation(citation) for citation in citations]


class PreparedRows(serializers.ListSerializer):
    """Related rows a QuerySet helper has already put in their export shape (events.models.attach_export_rows).

    The child serializer describes a row in the OpenAPI schema; the rows themselves pass through.
    """

    def to_representation(self, data):
        return list(data)


def citations_field(**kwargs):
    return CitationListSerializer(child=CitationSerializer(), read_only=True, **kwargs)


class ThemeRefSerializer(serializers.Serializer):
    """A theme, by slug and name."""

    slug = serializers.CharField()
    name = serializers.CharField()

    def to_representation(self, theme):  # see FAST_NESTED_NOTE
        return {"slug": theme.slug, "name": theme.name}


class CountryRefSerializer(serializers.Serializer):
    """A country, by ISO alpha-3 code and name."""

    iso3 = serializers.CharField()
    name = serializers.CharField()

    def to_representation(self, country):  # see FAST_NESTED_NOTE
        return {"iso3": country.iso3, "name": country.name}


class OrganisationRefSerializer(serializers.Serializer):
    """An organisation, by slug, name and acronym."""

    slug = serializers.CharField()
    name = serializers.CharField()
    acronym = serializers.CharField()


@extend_schema_field({"type": "string", "nullable": True, "example": "2025-07"})
class PartialDateSerializerField(serializers.Field):
    """A date as the sources give it: ISO 8601 to the day, month or year, or --MM-DD without a year."""

    def to_representation(self, value):
        return value.isoformat() if value else None


@extend_schema_field(serializers.ChoiceField(choices=DatePrecision.choices, allow_null=True))
class PrecisionField(serializers.Field):
    """How much of a partial date is known: day, month, year or day-no-year."""

    def to_representation(self, value):
        return str(value.precision) if value else None


class PublicRecordSerializer(serializers.ModelSerializer):
    """The fields every public record adds to its own: its page address and the citations behind it."""

    url = serializers.CharField(source="get_absolute_url", read_only=True)
    citations = citations_field()

    # Subclasses list these after their own fields.
    common_fields = ["url", "status", "citations", "created_at", "updated_at"]
