"""An event's export shape, defined once: EventSerializer. Its JSON is the API's; the CSV columns derive from
its fields (EVENT_CSV), and the stored exports (events.exports) hold both.

To add a member to the export, add a field to EventSerializer (a list member also needs its
ListColumns in EVENT_CSV_LISTS), then bump events.exports.EXPORT_VERSION and add the new golden
files (tests/events/test_golden.py).
"""

from rest_framework import serializers

from core.api import (
    CitationSerializer,
    CountryRefSerializer,
    ListColumns,
    PartialDateSerializerField,
    PrecisionField,
    PreparedRows,
    PublicRecordSerializer,
    SerializerCsv,
    ShownSlugField,
    ThemeRefSerializer,
)
from registry.api import OrganisationRoleSerializer, role_text

from .models import Event, EventParticipant, attach_export_rows


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
    place = EventPlaceSerializer(source="*")
    # Rows put in their export shape by events.models.attach_export_rows (see prepare()).
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

    @staticmethod
    def with_relations(queryset):
        """The single relations the shape shows, joined."""
        return queryset.with_api_relations()

    @staticmethod
    def prepare(events, staff=False):
        """The many-relations the shape shows, attached (staff also see citations of draft sources)."""
        return attach_export_rows(events, include_draft_sources=staff)

    @classmethod
    def documents(cls, queryset, staff=False):
        """The JSON objects of the queryset's events, by event id."""
        # `drafts` is the reader's core.visibility answer: a linked record it may not see is null.
        serializer = cls(context={"drafts": staff})
        return {
            event.pk: serializer.to_representation(event)
            for event in cls.prepare(list(cls.with_relations(queryset)), staff)
        }


def _sources_and_citations(citations):
    # The sources column names each cited document once; the citations column quotes each passage.
    sources = dict.fromkeys(citation["source"] for citation in citations)
    quotes = []
    for citation in citations:
        label = f"{citation['source']} [{citation['fact']}]" if citation["fact"] else citation["source"]
        quotes.append(f"{label}: “{citation['quote']}”")
    return ["; ".join(sources), "; ".join(quotes)]


# How each list member of the shape reads in one CSV cell (or two, for citations).
EVENT_CSV_LISTS = {
    "themes": ListColumns(("themes",), lambda themes: "; ".join(theme["slug"] for theme in themes)),
    "organisations": ListColumns(
        ("organisations",),
        lambda links: "; ".join(role_text(link["name"], link["slug"], link["role"]) for link in links),
    ),
    "participants": ListColumns(
        ("participants",),
        lambda people: "; ".join(
            f"{p['name']} ({p['person']}): {p['role']}" + (f", {p['title_held']}" if p["title_held"] else "")
            for p in people
        ),
    ),
    "citations": ListColumns(("sources", "citations"), _sources_and_citations),
}

# The CSV leaves out the page address (the slug names the event) and the creation time.
# The HXL hashtags of the event CSV's columns (`?hxl=1`; core.api.hxl_row names the rest).
EVENT_HASHTAGS = {
    "title": "#event+name",
    "kind": "#event+type",
    "event_status": "#status+event",
    "parent": "#event+parent+id",
    "start": "#date+start",
    "end": "#date+end",
    "start_date": "#date+start+first_day",
    "end_date": "#date+end+last_day",
    "city": "#loc+name",
    "participant_count": "#affected+participants+num",
    "summary": "#description",
    "participants": "#contact+list",
}

EVENT_CSV = SerializerCsv(
    "events", EventSerializer, leave_out=("url", "created_at"), lists=EVENT_CSV_LISTS, hashtags=EVENT_HASHTAGS
)


def event_csv_header():
    return EVENT_CSV.header


def event_csv_rows(queryset, staff=False):
    """(event id, CSV cells) of the queryset's events."""
    return EVENT_CSV.keyed_rows(queryset, staff)
