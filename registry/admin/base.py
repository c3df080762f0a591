"""What every staff admin page shares: history and revert, refused deletes, publishing, citations.

History comes from django-simple-history rather than django-reversion because it records every
save through the ORM's signals — the fixture loader, the shell and inline rows included — not
only saves wrapped in an admin revision, and each change is a plain row (who, when, the whole
record) whose field-by-field difference the admin's history page shows and whose revert form
restores.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.db import router
from django.db.models import CharField, JSONField, URLField
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from core import provenance
from core.models import PublicationStatus
from registry.models import Citation, FactNote, KeyFigure

from .deletes import GenericPartFormSet, PartFormSet, referrers_as_list, referring_objects
from .forms import SLUG_HELP, LinesField, RecordForm
from .history import NamedHistoryContextHelper
from .widgets import NamedAutocompleteMixin

# The sections of every record's change form, in this order: what the record is, when and where it
# happened, who took part, the sources behind it, and its publication. Inline tables sit in the
# section they belong to (RecordAdmin.fieldset_inlines), not all at the foot of the page.
WHAT = _("What")
WHEN = _("When")
WHERE = _("Where")
WHO = _("Who")
PROVENANCE = _("Provenance")
PUBLICATION = _("Publication")

PROVENANCE_FIELDSET = (
    PROVENANCE,
    {
        "fields": (),
        "description": _(
            "The sources behind this record: cite each fact with the passage that states it (Citations, below). "
            "A fact no source states needs a fact note saying where it comes from (outside the sources) or how "
            "it was worked out (inferred). A record cannot be published while a fact it shows has neither."
        ),
    },
)
PUBLICATION_FIELDSET = (PUBLICATION, {"fields": ("status", "published_at", "published_by", "created_at", "updated_at")})

# Text inputs for values this long (titles, names, titles held) get the whole width of the form.
WIDE_INPUT_MIN_LENGTH = 150


def partial_date_column(field_name, description, ordering=None):
    """A change-list column showing a partial date as readers see it: “23 May, year not stated”, “July 2025”."""

    @admin.display(description=description, ordering=ordering or field_name)
    def column(self, obj):
        value = getattr(obj, field_name)
        return value.display() if value else None  # None: the admin's “-” for an empty value

    column.__name__ = f"{field_name}_shown"
    return column


def compact_related_widget(field):
    """Keep only the “add another” button beside a choice in an inline row.

    Its change, delete and view buttons made each linked column some 100 px wider than its
    choice, so the tables did not fit a 1,366 px screen; each row links to its own page instead.
    """
    if field is not None and isinstance(field.widget, RelatedFieldWidgetWrapper):
        field.widget.can_change_related = field.widget.can_delete_related = field.widget.can_view_related = False
    return field


class PartInline(NamedAutocompleteMixin, admin.TabularInline):
    """A tabular inline whose rows cannot be deleted while something refers to them."""

    formset = PartFormSet
    extra = 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return compact_related_widget(super().formfield_for_dbfield(db_field, request, **kwargs))


class RecordAdmin(NamedAutocompleteMixin, SimpleHistoryAdmin):
    """Base admin for every registry and events model: history with revert, refused deletes, one-per-line lists."""

    list_per_page = 50
    show_full_result_count = False  # one COUNT(*) fewer on big tables
    # Change forms show their fieldsets and, right after a fieldset, the inline tables named for it here.
    change_form_template = "admin/portal/record_change_form.html"
    # The history list names who made each change (“Ana Editor (ana)”), see NamedHistoryContextHelper.
    object_history_list_template = "admin/portal/object_history_list.html"
    fieldset_inlines = {}
    form = RecordForm

    @property
    def media(self):
        media = super().media
        if "slug" in self.prepopulated_fields:
            # Django's URLify drops accented letters it has no entry for (ễ, ị, ư, Đ): spell them first.
            media += forms.Media(js=["admin/js/urlify.js", "js/admin-slugs.js"])
        return media

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        slug_from = self.prepopulated_fields.get("slug", ())
        if "slug" in form.base_fields and slug_from and issubclass(form, RecordForm):
            form.slug_from = tuple(slug_from)
            slug = form.base_fields["slug"]
            slug.required = False
            names = " and ".join(str(form.base_fields[name].label).lower() for name in slug_from)
            slug.help_text = format_html("{} {}", slug.help_text, SLUG_HELP % {"fields": names})
        return form

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, JSONField) and db_field.default is list:
            kwargs["form_class"] = LinesField
            kwargs.pop("widget", None)
            return db_field.formfield(**kwargs)
        if isinstance(db_field, URLField):
            # A website typed without a scheme is taken as https (Django 6's default, set now).
            kwargs.setdefault("assume_scheme", "https")
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if (
            isinstance(db_field, CharField)
            and not db_field.choices
            and (db_field.max_length or 0) >= WIDE_INPUT_MIN_LENGTH
            and isinstance(field.widget, forms.TextInput)
        ):
            field.widget.attrs["class"] = "vTextField wide-input"
        return field

    def get_fieldset_inlines(self, request, obj=None):
        """Fieldset name -> the inline classes shown right after that fieldset."""
        return self.fieldset_inlines

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        placed = {str(name): inlines for name, inlines in self.get_fieldset_inlines(request, obj).items()}
        inline_formsets = list(context.get("inline_admin_formsets") or ())
        sections, shown = [], set()
        for fieldset in context["adminform"]:
            group = [formset for formset in inline_formsets if type(formset.opts) in placed.get(str(fieldset.name), ())]
            shown.update(id(formset) for formset in group)
            sections.append((fieldset, group))
        context["sections"] = sections
        context["unplaced_inline_formsets"] = [formset for formset in inline_formsets if id(formset) not in shown]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_historical_record_context_helper(self, request, historical_record):
        return NamedHistoryContextHelper(self.model, historical_record)

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
        if referrers or protected:
            # Listed as "protected", the admin's delete page and delete action refuse and name them:
            # each record once, with its title, and the rows that tie it nested under it. (Django's
            # own list, which this replaces, names rows alone: three “ARMAC — organiser” rows of
            # three events, none saying which.)
            protected = referrers_as_list(referrers, self.admin_site)
        return deleted, model_count, perms_needed, protected


class CitationInline(NamedAutocompleteMixin, GenericTabularInline):
    """The sources a record cites, each with the verbatim passage (refused when not in the text)."""

    model = Citation
    extra = 0
    fields = ("fact", "source", "quote", "note")
    autocomplete_fields = ("source",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "fact":
            # Only the facts of the record being edited, by their labels (core.provenance).
            return forms.ChoiceField(
                label=db_field.verbose_name,
                choices=provenance.fact_choices(self.parent_model),
                initial=provenance.RECORD,
                help_text=db_field.help_text,
            )
        if db_field.name in {"quote", "note"}:
            # Quotes are long; keep the inline row readable.
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 50})
        return compact_related_widget(super().formfield_for_dbfield(db_field, request, **kwargs))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


class FactNoteInline(GenericTabularInline):
    """Facts of the record that no source states: outside the sources (say where from) or inferred (say how)."""

    model = FactNote
    extra = 0
    fields = ("kind", "facts", "note")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "facts":
            return forms.MultipleChoiceField(
                label=db_field.verbose_name,
                choices=provenance.fact_choices(self.parent_model),
                widget=forms.SelectMultiple(attrs={"size": 6}),
                help_text=db_field.help_text,
            )
        if db_field.name == "note":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 50})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class KeyFigureInline(NamedAutocompleteMixin, GenericTabularInline):
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
    # The inlines of the Provenance section, on every record's form.
    provenance_inlines = (CitationInline, FactNoteInline)
    readonly_fields = ("published_at", "published_by", "created_at", "updated_at")
    list_filter = ("status",)

    # The public detail views show drafts to staff, so "View on site" is the draft's preview.
    view_on_site = True

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return inlines + [inline for inline in self.provenance_inlines if inline not in inlines]

    def get_fieldset_inlines(self, request, obj=None):
        return {**super().get_fieldset_inlines(request, obj), PROVENANCE: self.provenance_inlines}

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        label = _("preview draft") if obj.status == PublicationStatus.DRAFT else _("view")
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    def save_model(self, request, obj, form, change):
        # Publishing by choosing "published" on the form records who and when, as the publish action does.
        if "status" in form.changed_data and obj.status == PublicationStatus.PUBLISHED:
            obj.mark_published(request.user)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """The publishing gate of the change form, checked once the inline citations and notes are saved.

        Checked here rather than in the form so that citations added in the same submission count.
        A record being published with a fact neither cited nor marked stays a draft, and the message
        names those facts.
        """
        super().save_related(request, form, formsets, change)
        record = form.instance
        if record.status != PublicationStatus.PUBLISHED:
            return
        unaccounted = provenance.unaccounted_facts(record)
        if not unaccounted:
            return
        message = provenance.describe_unaccounted(record, unaccounted)
        if change and form.initial.get("status") == PublicationStatus.PUBLISHED:
            # Already public: editing must stay possible, but the gap is said plainly.
            self.message_user(request, message, messages.WARNING)
            return
        record.status = PublicationStatus.DRAFT
        record.published_at = None
        record.published_by = None
        record.save(update_fields=["status", "published_at", "published_by", "updated_at"])
        self.message_user(
            request, _("Not published, kept as a draft. %(reason)s") % {"reason": message}, messages.ERROR
        )

    @admin.action(description=_("Publish the selected records"), permissions=("change",))
    def publish(self, request, queryset):
        changed = 0
        records = queryset.exclude(status=PublicationStatus.PUBLISHED).prefetch_related(
            *provenance.provenance_prefetches(self.model)
        )
        for record in records:
            unaccounted = provenance.unaccounted_facts(record)
            if unaccounted:
                # The publishing gate: every fact shown must be cited, or marked outside the sources or inferred.
                self.message_user(request, provenance.describe_unaccounted(record, unaccounted), messages.ERROR)
                continue
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
