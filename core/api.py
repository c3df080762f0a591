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
from datetime import UTC, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max
from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core import provenance
from core.csv_cells import neutralised_row
from core.dates import DatePrecision
from core.filters import without_empty_values
from core.visibility import sees_drafts, shown, visible_rows, visible_value

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


# --- HXL hashtags (issue 15): `?hxl=1` writes a hashtag row under the header row, so HDX and HXL
# tools read the file as it is. A resource maps the headers it can name in its own `hashtags`; the
# headers many resources share are named here once; any other column reads `#meta+<header>`.
SHARED_HASHTAGS = {
    "slug": "#meta+id",
    "status": "#status+publication",
    "updated_at": "#date+updated",
    "country_iso3": "#country+code",
    "countries_iso3": "#country+code",
    "country_name": "#country+name",
    "themes": "#sector+list",
    "sources": "#meta+source",
    "citations": "#meta+citation",
    "organisations": "#org+list",
}


def hxl_row(header, hashtags):
    """The HXL hashtag of each header: the resource's own, a shared one, else `#meta+<header>`."""
    return [hashtags.get(name) or SHARED_HASHTAGS.get(name) or f"#meta+{name}" for name in header]


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
    hashtags: dict[str, str] = field(default_factory=dict)

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
        # A column naming a linked record (parent__slug) is empty where the reader may not see it (core.visibility).
        values = [visible_value(queryset.model, lookup, staff) for lookup in lookups]
        records = queryset.values_list(*values).iterator(chunk_size=self.chunk_size)
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

    def hxl_row(self):
        return hxl_row(self.header, self.hashtags)

    def stream(self, queryset, staff, hxl=False):
        """The CSV document as UTF-8 byte chunks (csv_document), with the HXL hashtag row if asked."""
        return csv_document(self.header, self.rows(queryset, staff), self.hxl_row() if hxl else None)


def csv_document(header, rows, hashtags=None):
    """A CSV document as UTF-8 byte chunks, a byte-order mark first so spreadsheets read it as UTF-8.

    Every cell passes through core.csv_cells, so no cell runs as a spreadsheet formula. `hashtags`,
    when given, is the HXL hashtag row written under the header row.
    """
    buffer = _LineBuffer()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    if hashtags is not None:
        writer.writerow(hashtags)
    yield ("\ufeff" + buffer.take()).encode("utf-8")
    for count, row in enumerate(rows, start=1):
        writer.writerow(neutralised_row(row))
        if count % 500 == 0:
            yield buffer.take().encode("utf-8")
    yield buffer.take().encode("utf-8")


@dataclass
class ListColumns:
    """How a list member of a serializer's shape flattens into CSV: its headers, and `texts(items)`
    giving one text per header for a record's items (a row of a one-header list is its text)."""

    headers: tuple[str, ...]
    texts: Any


def _facts_not_from_sources(member):
    """The `provenance` member's facts that no citation supports, `;`-joined (the CSV column)."""
    return "; ".join(key for key, fact in (member or {}).items() if fact["status"] != provenance.FROM_SOURCES)


class SerializerCsv:
    """A CSV whose columns derive from a serializer's fields, so the JSON and the CSV share one shape.

    Each record's cells are read from its serializer document: the fields in their order (but
    those in `leave_out`), a nested object's members as columns of their own (one nested deeper
    prefixed by its name: place.country.iso3 is `country_iso3`), then each list member through its
    ListColumns in `lists`. Timestamps are written in UTC, as the database keeps them.

    The serializer class gives `with_relations(queryset)` and `prepare(records, staff)` (the
    relations a page of records needs), as for its JSON pages.
    """

    def __init__(self, filename, serializer_class, leave_out=(), lists=None, chunk_size=1000, hashtags=None):
        self.filename = filename
        self.hashtags = hashtags or {}
        self.serializer_class = serializer_class
        self.leave_out = set(leave_out)
        self.lists = lists or {}
        self.chunk_size = chunk_size
        self.plan = self._plan()

    def _plan(self):
        own, listed = [], []

        def walk(fields, path, prefix):
            for name, member in fields.items():
                if not path and name in self.leave_out:
                    continue
                if isinstance(member, ProvenanceField):
                    # In a CSV the `provenance` member reads as the shown facts no source states.
                    own.append(("facts_not_from_sources", (*path, name), _facts_not_from_sources))
                elif isinstance(member, serializers.ListSerializer):
                    listed.append((self.lists[name].headers, (*path, name), self.lists[name].texts))
                elif isinstance(member, serializers.Serializer):
                    walk(member.fields, (*path, name), f"{prefix}{name}_" if path else prefix)
                else:
                    convert = _utc_text if isinstance(member, serializers.DateTimeField) else as_text
                    own.append((f"{prefix}{name}", (*path, name), convert))

        walk(self.serializer_class().fields, (), "")
        return own, listed

    @property
    def header(self):
        own, listed = self.plan
        return [header for header, _, _ in own] + [header for headers, _, _ in listed for header in headers]

    def cells(self, document):
        """A record's CSV cells, from its serializer document."""
        own, listed = self.plan
        row = [convert(_member(document, path)) for _, path, convert in own]
        for headers, path, texts in listed:
            items = _member(document, path) or []
            row.extend(texts(items) if len(headers) > 1 else [texts(items)])
        return row

    def documents(self, queryset, staff):
        """(record id, serializer document) for every record of the queryset, in its order, a chunk at a time."""
        serializer = self.serializer_class(context={"drafts": staff})
        records = self.serializer_class.with_relations(queryset).iterator(chunk_size=self.chunk_size)
        while chunk := list(itertools.islice(records, self.chunk_size)):
            for record in self.serializer_class.prepare(chunk, staff):
                yield record.pk, serializer.to_representation(record)

    def keyed_rows(self, queryset, staff):
        """(record id, list of cell texts) for every record of the queryset, in its order."""
        for pk, document in self.documents(queryset, staff):
            yield pk, self.cells(document)

    def rows(self, queryset, staff):
        for _, row in self.keyed_rows(queryset, staff):
            yield row

    def hxl_row(self):
        return hxl_row(self.header, self.hashtags)

    def stream(self, queryset, staff, hxl=False):
        """The CSV document as UTF-8 byte chunks (csv_document), with the HXL hashtag row if asked."""
        return csv_document(self.header, self.rows(queryset, staff), self.hxl_row() if hxl else None)


def _member(document, path):
    for name in path:
        if document is None:
            return None
        document = document[name]
    return document


def _utc_text(text):
    """A serializer's timestamp (in the portal's time zone) as the database keeps it, in UTC."""
    if not text:
        return ""
    return datetime.fromisoformat(text).astimezone(UTC).isoformat()


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

HXL_PARAMETER = OpenApiParameter(
    "hxl",
    OpenApiTypes.STR,
    enum=["0", "1"],
    description="With `format=csv`, `1` adds the HXL hashtag row (#event+name, #country+code…) under the header row.",
)

LIST_FORMAT_DOC = extend_schema(parameters=[FORMAT_PARAMETER, HXL_PARAMETER])


def export_schema(**kwargs):
    """The schema decorations of a resource's list and detail operations."""
    return extend_schema_view(
        list=extend_schema(parameters=[FORMAT_PARAMETER, HXL_PARAMETER], **kwargs), retrieve=LIST_FORMAT_DOC
    )


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

    def get_serializer_context(self):
        # Serializers show a linked record only where the reader may see it (core.visibility.shown).
        return {**super().get_serializer_context(), "drafts": self.is_staff}

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
        if params.get("hxl", "0") not in {"0", "1"}:
            raise exceptions.ValidationError(
                {"hxl": ["Give hxl=1 for the HXL hashtag row, or hxl=0 (or leave it out)."]}
            )
        if self.action != "list":
            unknown = sorted(set(params) - {"format", "hxl"})
            if unknown:
                raise exceptions.ValidationError({"parameters": [f"Unknown parameter: {', '.join(unknown)}."]})

    @property
    def wants_hxl(self):
        """`hxl=1`: the CSV carries the HXL hashtag row (a bad value is refused in initial())."""
        return self.request.query_params.get("hxl") == "1"

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
        return self.csv_export.stream(queryset, self.is_staff, hxl=self.wants_hxl)

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
        drafts = self.context.get("drafts", False)
        # Filtered in Python over the prefetched rows (no query per record), by the rule of core.visibility.
        return [self.child.to_representation(c) for c in citations if shown(c.source, drafts) is not None]


class ShownLinkMixin:
    """A serializer field for a forward link (an organisation's parent, a study's lead): null where the
    reader may not see the linked record (core.visibility.shown; `drafts` in the serializer's context)."""

    def get_attribute(self, instance):
        return shown(super().get_attribute(instance), self.context.get("drafts", False))


def visible_related(rows, staff):
    """The related rows a CSV column shows (core.visibility.visible_rows): none naming a hidden record."""
    return visible_rows(rows, staff)


class PreparedRows(serializers.ListSerializer):
    """Related rows a QuerySet helper has already put in their export shape (events.models.attach_export_rows).

    The child serializer describes a row in the OpenAPI schema; the rows themselves pass through.
    """

    def to_representation(self, data):
        return list(data)


class ShownSlugField(ShownLinkMixin, serializers.SlugRelatedField):
    """A linked record by its slug, null where the reader may not see it."""


def citations_field(**kwargs):
    return CitationListSerializer(child=CitationSerializer(), read_only=True, **kwargs)


class ThemeRefSerializer(serializers.Serializer):
    """A theme, by slug and name."""

    slug = serializers.CharField()
    name = serializers.CharField()

    def to_representation(self, theme):  # see FAST_NESTED_NOTE
        return {"slug": theme.slug, "name": theme.name}


class CountryRefSerializer(ShownLinkMixin, serializers.Serializer):
    """A country, by ISO alpha-3 code and name."""

    iso3 = serializers.CharField()
    name = serializers.CharField()

    def to_representation(self, country):  # see FAST_NESTED_NOTE
        return {"iso3": country.iso3, "name": country.name}


class OrganisationRefSerializer(ShownLinkMixin, serializers.Serializer):
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


# --- provenance per fact (core.provenance): the `provenance` member and the `facts_not_from_sources` column


PROVENANCE_SCHEMA = {
    "type": "object",
    "description": (
        "Each fact the record shows, by key: whether it is from the sources (with the quotes), "
        "outside the sources or inferred (with the note)."
    ),
    "additionalProperties": {
        "type": "object",
        "properties": {
            "status": {"type": "string", "enum": [provenance.FROM_SOURCES, provenance.OUTSIDE_SOURCES,
                                                  provenance.INFERRED, provenance.UNACCOUNTED]},
            "label": {"type": "string"},
            "citations": {
                "type": "array",
                "items": {"type": "object", "properties": {"source": {"type": "string"}, "quote": {"type": "string"}}},
            },
            "note": {"type": "string", "nullable": True},
        },
    },
}  # fmt: skip


@extend_schema_field(PROVENANCE_SCHEMA)
class ProvenanceField(serializers.Field):
    """The `provenance` member, from the record's prefetched citations and fact notes.

    A record whose export is built from prepared rows (events.models.attach_export_rows) brings
    its member ready as `provenance_member`; otherwise it is read from `citations` (visible sources
    only, as the citations list) and `fact_notes`, which the resource's queryset prefetches.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        ready = getattr(record, "provenance_member", None)
        if ready is not None:
            return ready
        # The prefetched citations are already those the reader may see (core.visibility, with_citations).
        citations = [{"fact": c.fact, "source": c.source.slug, "quote": c.quote} for c in record.citations.all()]
        notes = [(note.kind, note.facts, note.note) for note in record.fact_notes.all()]
        return provenance.api_member(record, citations, notes)


def facts_not_from_sources_column(model):
    """The CSV column naming, per record, the shown facts no citation supports (`;`-joined keys).

    Three queries a chunk: the records' own fields, their citations' facts and their fact notes.
    """
    citation_model = model._meta.get_field("citations").related_model
    note_model = model._meta.get_field("fact_notes").related_model
    field_names = [key for key, fact in provenance.vocabulary(model).items() if fact.kind == "field"]

    def fetch(ids, staff):
        content_type = ContentType.objects.get_for_model(model)
        cited, noted = {}, {}
        citations = visible_rows(citation_model.objects.filter(content_type=content_type, object_id__in=ids), staff)
        for record_id, fact in citations.values_list("object_id", "fact"):
            cited.setdefault(record_id, []).append(fact)
        notes = note_model.objects.filter(content_type=content_type, object_id__in=ids)
        for record_id, facts in notes.values_list("object_id", "facts"):
            noted.setdefault(record_id, []).extend(facts)
        for record in model.objects.filter(pk__in=ids).only(*field_names):
            for key in provenance.not_from_sources(record, cited.get(record.pk, []), noted.get(record.pk, [])):
                yield record.pk, key

    return Related("facts_not_from_sources", fetch)


class PublicRecordSerializer(serializers.ModelSerializer):
    """The fields every public record adds to its own: its page address, the citations behind it and
    where each fact it shows comes from."""

    url = serializers.CharField(source="get_absolute_url", read_only=True)
    citations = citations_field()
    provenance = ProvenanceField()

    # Subclasses list these after their own fields.
    common_fields = ["url", "status", "citations", "provenance", "created_at", "updated_at"]
