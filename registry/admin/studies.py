"""Admin for victim-assistance studies and their partners."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import Study, StudyPartner

from .base import (
    PROVENANCE_FIELDSET,
    PUBLICATION_FIELDSET,
    WHAT,
    WHERE,
    WHO,
    CitationInline,
    KeyFigureInline,
    PartInline,
    PublicRecordAdmin,
    RecordAdmin,
)


class StudyPartnerInline(PartInline):
    """The organisations behind a study, each in its role."""

    model = StudyPartner
    fields = ("organisation", "role")
    autocomplete_fields = ("organisation",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(Study)
class StudyAdmin(PublicRecordAdmin):
    """Studies with the countries they cover and their lead organisation."""

    list_display = ("title", "lead_organisation", "countries_covered", "study_status", "status", "public_page")
    list_select_related = ("lead_organisation",)
    list_filter = ("status", "study_status", "themes")
    search_fields = ("title", "summary")
    autocomplete_fields = ("lead_organisation", "countries", "themes", "builds_on")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (WHAT, {"fields": ("title", "slug", "study_status", "summary", "themes", "builds_on")}),
        (WHERE, {"fields": ("countries",)}),
        (WHO, {"fields": ("lead_organisation",)}),
        PROVENANCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    inlines = (StudyPartnerInline, KeyFigureInline, CitationInline)
    fieldset_inlines = {WHAT: (KeyFigureInline,), WHO: (StudyPartnerInline,)}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries covered"))
    def countries_covered(self, obj):
        return ", ".join(country.iso3 for country in obj.countries.all())


@admin.register(StudyPartner)
class StudyPartnerAdmin(RecordAdmin):
    """An organisation's role in a study."""

    list_display = ("study", "organisation", "role")
    list_select_related = ("study", "organisation")
    list_filter = ("role",)
    search_fields = ("study__title", "organisation__name", "organisation__acronym")
    autocomplete_fields = ("study", "organisation")
    readonly_fields = ("created_at", "updated_at")
