"""Admin for programmes, their organisations, and the figures sources give about any record."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import KeyFigure, Programme, ProgrammeOrganisation

from .base import (
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
from .sources import citable_content_types


class ProgrammeOrganisationInline(PartInline):
    """The organisations that fund, run or host a programme."""

    model = ProgrammeOrganisation
    fields = ("organisation", "role")
    autocomplete_fields = ("organisation",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(Programme)
class ProgrammeAdmin(PublicRecordAdmin):
    """Programmes such as Clearing for Results, with their organisations and key figures."""

    list_display = ("title", "started_on_shown", "current_phase", "countries_covered", "status", "public_page")
    list_filter = ("status", "themes")
    search_fields = ("title", "summary")
    autocomplete_fields = ("countries", "themes")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (WHAT, {"fields": ("title", "slug", "current_phase", "summary", "areas", "themes")}),
        (WHEN, {"fields": ("started_on", "year_inferred", "date_note")}),
        (WHERE, {"fields": ("countries",)}),
        (WHO, {"fields": ()}),
        PROVENANCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    inlines = (ProgrammeOrganisationInline, KeyFigureInline, CitationInline)
    fieldset_inlines = {WHAT: (KeyFigureInline,), WHO: (ProgrammeOrganisationInline,)}

    started_on_shown = partial_date_column("started_on", _("started"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries"))
    def countries_covered(self, obj):
        return ", ".join(country.iso3 for country in obj.countries.all())


@admin.register(ProgrammeOrganisation)
class ProgrammeOrganisationAdmin(RecordAdmin):
    """An organisation's role in a programme."""

    list_display = ("programme", "organisation", "role")
    list_select_related = ("programme", "organisation")
    list_filter = ("role",)
    search_fields = ("programme__title", "organisation__name", "organisation__acronym")
    autocomplete_fields = ("programme", "organisation")
    readonly_fields = ("created_at", "updated_at")


@admin.register(KeyFigure)
class KeyFigureAdmin(RecordAdmin):
    """A figure a source states about a record, with its citations."""

    list_display = ("label", "qualifier", "value", "unit", "as_of_shown", "content_type", "subject")
    list_select_related = ("content_type",)
    list_filter = (("content_type", admin.RelatedOnlyFieldListFilter), "qualifier")
    search_fields = ("label", "unit")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CitationInline,)

    as_of_shown = partial_date_column("as_of", _("as of"))

    def get_queryset(self, request):
        # One query per kind of record described, not one per row.
        return super().get_queryset(request).prefetch_related("subject")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = citable_content_types()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
