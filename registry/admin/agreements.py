"""Admin for agreements with their parties, signatories and numbered commitments in every language."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registry.models import Agreement, AgreementParty, AgreementSignatory, Commitment, CommitmentText

from .base import (
    PROVENANCE_FIELDSET,
    PUBLICATION_FIELDSET,
    WHAT,
    WHEN,
    WHERE,
    WHO,
    CitationInline,
    PartInline,
    PublicRecordAdmin,
    RecordAdmin,
    partial_date_column,
)


def object_id_from(request):
    """The primary key of the record whose change page this request is for, if any."""
    match = request.resolver_match
    return match.kwargs.get("object_id") if match else None


class AgreementPartyInline(PartInline):
    """The organisations and countries party to the agreement."""

    model = AgreementParty
    fields = ("organisation", "country", "description")
    autocomplete_fields = ("organisation", "country")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation", "country")


class AgreementSignatoryInline(PartInline):
    """Who signed, with the title they held at signing and the party they signed for."""

    model = AgreementSignatory
    fields = ("person", "title_at_signing", "party")
    autocomplete_fields = ("person",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "party__organisation", "party__country")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "party":
            # Only this agreement's own parties can be chosen (the model's clean() insists too).
            queryset = AgreementParty.objects.select_related("organisation", "country")
            kwargs["queryset"] = queryset.filter(agreement_id=object_id_from(request) or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CommitmentInline(PartInline):
    """The numbered commitments; each one's wording in every language is on its own page."""

    model = Commitment
    fields = ("number", "themes")
    autocomplete_fields = ("themes",)
    show_change_link = True


@admin.register(Agreement)
class AgreementAdmin(PublicRecordAdmin):
    """Agreements: MoUs, joint statements, declarations."""

    list_display = ("title", "kind", "signed_on_shown", "place_country", "agreement_status", "status", "public_page")
    list_select_related = ("place_country",)
    list_filter = ("status", "kind", "agreement_status", "themes")
    search_fields = ("title", "summary")
    autocomplete_fields = ("place_country", "themes")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (
            WHAT,
            {"fields": ("title", "other_titles", "slug", "kind", "agreement_status", "summary", "themes", "refers_to")},
        ),
        (WHEN, {"fields": ("signed_on", "year_inferred", "date_note")}),
        (WHERE, {"fields": ("place_city", "place_country")}),
        (WHO, {"fields": ()}),
        PROVENANCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )
    inlines = (AgreementPartyInline, AgreementSignatoryInline, CommitmentInline, CitationInline)
    fieldset_inlines = {WHAT: (CommitmentInline,), WHO: (AgreementPartyInline, AgreementSignatoryInline)}

    signed_on_shown = partial_date_column("signed_on", _("date signed or adopted"))


@admin.register(AgreementParty)
class AgreementPartyAdmin(RecordAdmin):
    """One party to an agreement."""

    list_display = ("agreement", "organisation", "country", "description")
    list_select_related = ("agreement", "organisation", "country")
    search_fields = ("agreement__title", "organisation__name", "country__name", "description")
    autocomplete_fields = ("agreement", "organisation", "country")
    readonly_fields = ("created_at", "updated_at")


@admin.register(AgreementSignatory)
class AgreementSignatoryAdmin(RecordAdmin):
    """One signature on an agreement."""

    list_display = ("agreement", "person", "title_at_signing", "party")
    list_select_related = ("agreement", "person", "party__organisation", "party__country")
    search_fields = ("agreement__title", "person__name", "title_at_signing")
    autocomplete_fields = ("agreement", "person")
    readonly_fields = ("created_at", "updated_at")


class CommitmentTextInline(PartInline):
    """A commitment's wording in one language, verbatim from its source."""

    model = CommitmentText
    fields = ("language", "text", "source")
    autocomplete_fields = ("source",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


@admin.register(Commitment)
class CommitmentAdmin(RecordAdmin):
    """A numbered commitment with its wording in every language the source gives."""

    list_display = ("agreement", "number")
    list_select_related = ("agreement",)
    list_filter = ("themes",)
    search_fields = ("agreement__title", "texts__text")
    autocomplete_fields = ("agreement", "themes")
    readonly_fields = ("created_at", "updated_at")
    inlines = (CommitmentTextInline,)


@admin.register(CommitmentText)
class CommitmentTextAdmin(RecordAdmin):
    """One language's wording of a commitment."""

    list_display = ("commitment", "language", "source")
    list_select_related = ("commitment__agreement", "source")
    list_filter = ("language",)
    search_fields = ("text", "commitment__agreement__title")
    autocomplete_fields = ("commitment", "source")
    readonly_fields = ("created_at", "updated_at")
