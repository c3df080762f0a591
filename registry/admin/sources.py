"""Admin for the verbatim source documents and the citations that quote them."""

from django import forms
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from registry.models import Citation, FactNote, SourceDocument

from .base import (
    PROVENANCE_FIELDSET,
    PUBLICATION_FIELDSET,
    WHAT,
    WHEN,
    WHERE,
    WHO,
    PublicRecordAdmin,
    RecordAdmin,
    partial_date_column,
)
from .forms import RecordForm

# Pasted source texts are press releases and articles; the longest is a few dozen kilobytes.
MAX_SOURCE_TEXT_BYTES = 200 * 1024


class SourceDocumentForm(RecordForm):
    """A source document pasted as plain text, refused past MAX_SOURCE_TEXT_BYTES."""

    class Meta:
        model = SourceDocument
        fields = (
            "title", "slug", "kind", "publishers", "languages", "status", "published_on", "year_inferred",
            "date_note", "original_address", "origin_file", "text",
        )  # fmt: skip
        widgets = {
            # Untrusted text: a plain textarea, never rendered as a link.
            "original_address": forms.Textarea(attrs={"rows": 2, "cols": 80}),
            "text": forms.Textarea(attrs={"rows": 24, "cols": 100}),
        }

    def clean_text(self):
        text = self.cleaned_data["text"]
        size = len(text.encode("utf-8"))
        if size > MAX_SOURCE_TEXT_BYTES:
            raise forms.ValidationError(
                _("The text is %(size)s; paste at most %(limit)s, or split the file into its documents."),
                code="too_long",
                params={"size": filesizeformat(size), "limit": filesizeformat(MAX_SOURCE_TEXT_BYTES)},
            )
        return text


@admin.register(SourceDocument)
class SourceDocumentAdmin(PublicRecordAdmin):
    """Source documents: plain text only, size-limited, with their checksum."""

    form = SourceDocumentForm
    list_display = ("title", "kind", "publisher_names", "published_on_shown", "origin_file", "status", "public_page")
    list_filter = ("status", "kind", ("publishers", admin.RelatedOnlyFieldListFilter))
    search_fields = ("title", "origin_file", "text")
    autocomplete_fields = ("publishers",)
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ("checksum", *PublicRecordAdmin.readonly_fields)
    fieldsets = (
        (WHAT, {"fields": ("title", "slug", "kind", "languages", "text", "checksum")}),
        (WHEN, {"fields": ("published_on", "year_inferred", "date_note")}),
        (WHERE, {"fields": ("original_address", "origin_file"), "description": _("Untrusted text, never fetched.")}),
        (WHO, {"fields": ("publishers",)}),
        PROVENANCE_FIELDSET,
        PUBLICATION_FIELDSET,
    )

    published_on_shown = partial_date_column("published_on", _("publication date"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("publishers")

    @admin.display(description=_("publishers"))
    def publisher_names(self, obj):
        return ", ".join(str(organisation) for organisation in obj.publishers.all())


def citable_content_types():
    """Content types of the records a citation may support (not history tables or Django's own)."""
    return ContentType.objects.filter(app_label__in=("registry", "events")).exclude(model__startswith="historical")


class AboutARecordAdmin(RecordAdmin):
    """The admin of rows about a record (citations, fact notes): their subject is one of the citable records."""

    def get_queryset(self, request):
        # One query per kind of record, not one per row.
        return super().get_queryset(request).prefetch_related("subject")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "content_type":
            kwargs["queryset"] = citable_content_types()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Citation)
class CitationAdmin(AboutARecordAdmin):
    """Every citation across the portal, findable by source and by quoted words."""

    list_display = ("source", "content_type", "subject", "fact_shown", "quote_excerpt")
    list_select_related = ("source", "content_type")
    list_filter = (("content_type", admin.RelatedOnlyFieldListFilter), ("source", admin.RelatedOnlyFieldListFilter))
    search_fields = ("quote", "fact", "note", "source__title")
    autocomplete_fields = ("source",)
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("quote"))
    def quote_excerpt(self, obj):
        return obj.quote if len(obj.quote) <= 100 else obj.quote[:100] + "…"

    @admin.display(description=_("fact"), ordering="fact")
    def fact_shown(self, obj):
        return obj.fact_label


@admin.register(FactNote)
class FactNoteAdmin(AboutARecordAdmin):
    """Every fact no source states, across the portal: where it comes from, or how it was inferred."""

    list_display = ("content_type", "subject", "kind", "facts_shown", "note")
    list_select_related = ("content_type",)
    list_filter = ("kind", ("content_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("note",)
    readonly_fields = ("created_at", "updated_at")

    @admin.display(description=_("facts"))
    def facts_shown(self, obj):
        return "; ".join(obj.fact_labels)
