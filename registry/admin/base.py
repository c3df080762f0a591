"""What every staff admin page shares: history and revert, refused deletes, publishing, citations.

History comes from django-simple-history rather than django-reversion because it records every
save through the ORM's signals — the fixture loader, the shell and inline rows included — not
only saves wrapped in an admin revision, and each change is a plain row (who, when, the whole
record) whose field-by-field difference the admin's history page shows and whose revert form
restores.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, unquote
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.db.models import JSONField, URLField
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core.models import PublicationStatus
from registry.models import Citation, KeyFigure


class LinesField(forms.CharField):
    """A list of short texts edited one per line in a textarea instead of as raw JSON."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def __init__(self, **kwargs):
        for unused in ("encoder", "decoder"):  # JSONField's form options mean nothing here
            kwargs.pop(unused, None)
        kwargs.setdefault("help_text", _("One per line."))
        kwargs["required"] = False
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


def describe(obj):
    """“Participant: Ms Buth Rothna (panelist)” — what the refusal message lists."""
    return f"{capfirst(obj._meta.verbose_name)}: {obj}"


def referring_objects(objs, using):
    """Everything a delete of `objs` would take with it, named as the record that refers to them.

    Django already refuses deletes blocked by PROTECT; this also refuses the ones that would
    cascade (citations, participants, signatories, positions, theme links), so nothing goes silently.
    """
    collector = NestedObjects(using=using)
    collector.collect(objs)
    targets = {(type(obj), obj.pk) for obj in objs}
    found = []
    for model, instances in collector.data.items():
        for instance in instances:
            if (model, instance.pk) in targets:
                continue
            if model._meta.auto_created:
                # A many-to-many link row: name the record on its other side.
                for field in model._meta.concrete_fields:
                    if field.is_relation and (field.related_model, getattr(instance, field.attname)) not in targets:
                        found.append(describe(getattr(instance, field.name)))
            else:
                found.append(describe(instance))
    return sorted(set(found))


class RefuseReferencedDeletesMixin:
    """An inline row that others refer to cannot be ticked away: its referrers would go with it."""

    def clean(self):
        super().clean()
        using = router.db_for_write(self.model)
        for form in self.deleted_forms:
            if form.instance.pk is None:
                continue
            referrers = referring_objects([form.instance], using)
            if referrers:
                raise ValidationError(
                    _("“%(row)s” cannot be removed while these refer to it: %(referrers)s."),
                    params={"row": form.instance, "referrers": "; ".join(referrers)},
                )


class PartFormSet(RefuseReferencedDeletesMixin, BaseInlineFormSet):
    """Inline rows of a record (participants, signatories, positions, …)."""


class GenericPartFormSet(RefuseReferencedDeletesMixin, BaseGenericInlineFormSet):
    """Generic inline rows of a record (key figures, which carry citations of their own)."""


class PartInline(admin.TabularInline):
    """A tabular inline whose rows cannot be deleted while something refers to them."""

    formset = PartFormSet
    extra = 0


class RecordAdmin(SimpleHistoryAdmin):
    """Base admin for every registry and events model: history with revert, refused deletes, one-per-line lists."""

    list_per_page = 50
    show_full_result_count = False  # one COUNT(*) fewer on big tables

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, JSONField) and db_field.default is list:
            kwargs["form_class"] = LinesField
            kwargs.pop("widget", None)
            return db_field.formfield(**kwargs)
        if isinstance(db_field, URLField):
            # A website typed without a scheme is taken as https (Django 6's default, set now).
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history checks only view permission here, yet its form saves on POST: a reverting
        # POST needs change permission, so viewers can look at old versions but not restore them.
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        using = router.db_for_write(self.model)
        referrers = referring_objects(list(objs), using)
        if referrers:
            # Listed as "protected", the admin's delete page and delete action refuse and name them.
            protected = [*protected, *referrers]
        return deleted, model_count, perms_needed, protected


class CitationInline(GenericTabularInline):
    """The sources a record cites, each with the verbatim passage (refused when not in the text)."""

    model = Citation
    extra = 0
    fields = ("fact", "source", "quote", "note")
    autocomplete_fields = ("source",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in {"quote", "note"}:
            # Quotes are long; keep the inline row readable.
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 50})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class KeyFigureInline(GenericTabularInline):
    """Figures a source states about the record (land released, people benefiting, …)."""

    model = KeyFigure
    formset = GenericPartFormSet
    extra = 0
    fields = ("position", "label", "qualifier", "value", "unit", "as_of", "year_inferred", "date_note")
    show_change_link = True  # each figure carries its own citations


class PublicRecordAdmin(RecordAdmin):
    """Admin for records with a public page: publish and unpublish actions, a preview link, citations."""

    actions = ("publish", "unpublish")
    inlines = (CitationInline,)
    readonly_fields = ("published_at", "published_by", "created_at", "updated_at")
    list_filter = ("status",)

    # The public detail views show drafts to staff, so "View on site" is the draft's preview.
    view_on_site = True

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        label = _("preview draft") if obj.status == PublicationStatus.DRAFT else _("view")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    @admin.action(description=_("Publish the selected records"), permissions=("change",))
    def publish(self, request, queryset):
        changed = 0
        for record in queryset.exclude(status=PublicationStatus.PUBLISHED):
            # One save per record, so history keeps who published each one and when.
            record._history_user = request.user
            record.publish(request.user)
            self.log_change(request, record, [{"changed": {"fields": ["status", "published_at", "published_by"]}}])
            changed += 1
        self.message_user(
            request,
            ngettext("%(n)d record published.", "%(n)d records published.", changed) % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish the selected records (back to draft)"), permissions=("change",))
    def unpublish(self, request, queryset):
        changed = 0
        for record in queryset.filter(status=PublicationStatus.PUBLISHED):
            record._history_user = request.user
            record.unpublish()
            self.log_change(request, record, [{"changed": {"fields": ["status"]}}])
            changed += 1
        self.message_user(
            request,
            ngettext("%(n)d record unpublished.", "%(n)d records unpublished.", changed) % {"n": changed},
            messages.SUCCESS,
        )
