"""Admin for countries, organisations, people and the positions people hold."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import Country, Organisation, Person, Position

from .base import (
    PROVENANCE_FIELDSET,
    PUBLICATION_FIELDSET,
    WHAT,
    WHERE,
    WHO,
    CitationInline,
    PartInline,
    PublicRecordAdmin,
    RecordAdmin,
    partial_date_column,
)


@admin.register(Country)
class CountryAdmin(PublicRecordAdmin):
    """Countries by ISO code and relation to ASEAN."""

    list_display = ("name", "iso3", "iso2", "asean_relation", "mine_affected", "status", "public_page")
    list_filter = ("status", "asean_relation", "mine_affected")
    search_fields = ("name", "iso3", "iso2", "other_names")
    prepopulated_fields = {"slug": ("iso3",)}
    fieldsets = (
        (WHAT, {"fields": ("name", "other_names", ("iso3", "iso2"), "slug")}),
        (WHERE, {"fields": ("asean_relation", "mine_affected")}),
        PROVENANCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )


@admin.register(Organisation)
class OrganisationAdmin(PublicRecordAdmin):
    """Partner organisations, with their country and parent body."""

    list_display = ("name", "acronym", "kind", "country", "parent", "status", "public_page")
    list_select_related = ("country", "parent")
    list_filter = ("status", "kind", ("country", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "acronym", "other_names", "description")
    autocomplete_fields = ("country", "parent")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (WHAT, {"fields": ("name", "acronym", "other_names", "slug", "kind", "description", "website")}),
        (WHERE, {"fields": ("country", "postal_address", "telephones", "email")}),
        (WHO, {"fields": ("parent",)}),
        PROVENANCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )


class PositionInline(PartInline):
    """The titles a person held, each as one source states it."""

    model = Position
    fields = ("title", "organisation", "country", "stated_on", "year_inferred", "date_note", "source", "quote")
    autocomplete_fields = ("organisation", "country", "source")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "country", "source")


@admin.register(Person)
class PersonAdmin(PublicRecordAdmin):
    """People, one record per human however the sources order the name."""

    list_display = ("name", "honorific", "status", "updated_at", "public_page")
    list_filter = ("status",)
    search_fields = ("name", "honorific", "other_names")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (WHO, {"fields": ("name", "honorific", "other_names", "misspellings", "slug")}),
        PROVENANCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    inlines = (PositionInline, CitationInline)
    fieldset_inlines = {WHO: (PositionInline,)}


@admin.register(Position)
class PositionAdmin(RecordAdmin):
    """A title a person held at an organisation, as a source states it."""

    list_display = ("person", "title", "organisation", "country", "stated_on_shown", "source")
    list_select_related = ("person", "organisation", "country", "source")
    list_filter = (("source", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("title", "person__name", "organisation__name", "organisation__acronym")
    autocomplete_fields = ("person", "organisation", "country", "source")
    readonly_fields = ("created_at", "updated_at")

    stated_on_shown = partial_date_column("stated_on", _("as stated on"))
