"""Admin for events with their organisations, participants, outcomes, figures and citations."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.admin.base import (
    PROVENANCE_FIELDSET,
    PUBLICATION_FIELDSET,
    WHAT,
    WHEN,
    WHERE,
    WHO,
    CitationInline,
    KeyFigureInline,
    PartInline,
    PublicRecordAdmin,
    RecordAdmin,
    partial_date_column,
)

from .models import Event, EventOrganisation, EventParticipant, Outcome


class EventOrganisationInline(PartInline):
    """Organisers, hosts, funders and supporters of the event, each in its role."""

    model = EventOrganisation
    fields = ("organisation", "role", "note")
    autocomplete_fields = ("organisation",)
    show_change_link = True  # its own citations are edited there

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


class EventParticipantInline(PartInline):
    """The people at the event, in their roles, with the titles they held there."""

    model = EventParticipant
    fields = ("position", "person", "role", "title_held", "organisation")
    autocomplete_fields = ("person", "organisation")
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "organisation")


class OutcomeInline(PartInline):
    """What the sources report came out of the event."""

    model = Outcome
    fields = ("position", "text")
    show_change_link = True


@admin.register(Event)
class EventAdmin(PublicRecordAdmin):
    """Events, newest first, with everything that happened at them."""

    list_display = (
        "title", "kind", "start_shown", "end_shown", "city", "country", "event_status", "status", "public_page",
    )  # fmt: skip
    list_select_related = ("country",)
    list_filter = ("status", "event_status", "kind", "online", ("country", admin.RelatedOnlyFieldListFilter), "themes")
    date_hierarchy = "start_date"
    search_fields = ("title", "summary", "city")
    autocomplete_fields = ("parent", "country", "themes", "agreement", "study")
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("start_date", "end_date", *PublicRecordAdmin.readonly_fields)
    fieldsets = (
        (WHAT, {"fields": ("title", "slug", "kind", "parent", "summary", "themes", "agreement", "study")}),
        # The earliest and latest days are derived from start and end: how the list sorts and filters them.
        (
            WHEN,
            {
                "fields": (
                    "event_status",
                    ("start", "end"),
                    "year_inferred",
                    "date_note",
                    ("start_date", "end_date"),
                )
            },
        ),
        (WHERE, {"fields": ("city", "country", "online")}),
        (WHO, {"fields": ("participant_count",)}),
        PROVENANCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    inlines = (EventOrganisationInline, EventParticipantInline, OutcomeInline, KeyFigureInline, CitationInline)
    fieldset_inlines = {WHAT: (OutcomeInline, KeyFigureInline), WHO: (EventOrganisationInline, EventParticipantInline)}

    start_shown = partial_date_column("start", _("start"), ordering="start_date")
    end_shown = partial_date_column("end", _("end"), ordering="end_date")


@admin.register(EventOrganisation)
class EventOrganisationAdmin(RecordAdmin):
    """An organisation's role in an event, with the citations for it."""

    list_display = ("event", "organisation", "role", "note")
    list_select_related = ("event", "organisation")
    list_filter = ("role",)
    search_fields = ("event__title", "organisation__name", "organisation__acronym")
    autocomplete_fields = ("event", "organisation")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CitationInline,)


@admin.register(EventParticipant)
class EventParticipantAdmin(RecordAdmin):
    """A person's part in an event, with the citations for it."""

    list_display = ("event", "person", "role", "title_held", "organisation")
    list_select_related = ("event", "person", "organisation")
    list_filter = ("role",)
    search_fields = ("event__title", "person__name", "title_held")
    autocomplete_fields = ("event", "person", "organisation")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CitationInline,)


@admin.register(Outcome)
class OutcomeAdmin(RecordAdmin):
    """One reported outcome of an event, with the citations for it."""

    list_display = ("event", "position", "excerpt")
    list_select_related = ("event",)
    search_fields = ("text", "event__title")
    autocomplete_fields = ("event",)
    readonly_fields = ("created_at", "updated_at")
    inlines = (CitationInline,)

    @admin.display(description=_("text"))
    def excerpt(self, obj):
        return str(obj)
