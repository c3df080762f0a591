"""Admin for programmes, their organisations, and the figures sources give about any record."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import KeyFigure, Programme, ProgrammeOrganisation

from .base import CitationInline, KeyFigureInline, PartInline, PublicRecordAdmin, RecordAdmin
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

    list_display = ("title", "started_on", "current_phase", "countries_covered", "status", "public_page")
    list_filter = ("status", "themes")
    search_fields = ("title", "summary")
    autocomplete_fields = ("countries", "themes")
    prepopulated_fields = {"slug": ("title",)}
    inlines = (ProgrammeOrganisationInline, KeyFigureInline, CitationInline)

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

    list_display = ("label", "qualifier", "value", "unit", "as_of", "content_type", "subject")
    list_select_related = ("content_type",)
    list_filter = (("content_type", admin.RelatedOnlyFieldListFilter), "qualifier")
    search_fields = ("label", "unit")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CitationInline,)

    def get_queryset(self, request):
        # One query per kind of record described, not one per row.
        return super().get_queryset(request).prefetch_related("subject")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = citable_content_types()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
