"""What every staff admin page shares: history and revert, refused deletes, publishing, citations.

History comes from django-simple-history rather than django-reversion because it records every
save through the ORM's signals — the fixture loader, the shell and inline rows included — not
only saves wrapped in an admin revision, and each change is a plain row (who, when, the whole
record) whose field-by-field difference the admin's history page shows and whose revert form
restores.
"""

import datetime
from typing import NamedTuple

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import NestedObjects, unquote
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router
from django.db.models import CASCADE, CharField, JSONField, URLField
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from core.models import PublicationStatus
from core.slugs import slugify_name
from registry.models import Citation, KeyFigure, PublicRecord, SourceDocument, Theme

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
        "fields": ("outside_knowledge",),
        "description": _(
            "The sources behind this record: cite each fact with the passage that states it (Citations, below). "
            "What no source states goes in outside knowledge, with where it comes from."
        ),
    },
)
PUBLICATION_FIELDSET = (PUBLICATION, {"fields": ("status", "published_at", "published_by", "created_at", "updated_at")})

# Text inputs for values this long (titles, names, titles held) get the whole width of the form.
WIDE_INPUT_MIN_LENGTH = 150


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


class RecordForm(forms.ModelForm):
    """A record's admin form: a slug left empty is made from the name or title by core.slugs.slugify_name.

    The admin's own prepopulated slug (Django's URLify, with static/js/admin-slugs.js) proposes the
    same slug while typing for names in Latin letters; for other scripts it proposes nothing, and
    this server-side slug, the one that counts, is made on saving or refused with a message.
    """

    # The fields the slug is made from, joined by spaces (set by RecordAdmin.get_form from prepopulated_fields).
    slug_from = ()

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and self.slug_from and not cleaned_data.get("slug") and not self.has_error("slug"):
            text = " ".join(str(cleaned_data.get(name) or "") for name in self.slug_from).strip()
            if not text:
                self.add_error(
                    "slug",
                    _("Give a slug, or the %(fields)s to make it from.") % {"fields": " and ".join(self.slug_from)},
                )
            else:
                try:
                    cleaned_data["slug"] = slugify_name(text, max_length=self.fields["slug"].max_length)
                except ValidationError as error:
                    self.add_error("slug", error)
        return cleaned_data


SLUG_HELP = _(
    "Left empty, it is made from the %(fields)s on saving, in ASCII: Nguyễn Thị Hương becomes nguyen-thi-huong "
    "and Chinese names become pinyin. For names in Khmer, Thai, Lao or Burmese script, type it yourself."
)


def partial_date_column(field_name, description, ordering=None):
    """A change-list column showing a partial date as readers see it: “23 May, year not stated”, “July 2025”."""

    @admin.display(description=description, ordering=ordering or field_name)
    def column(self, obj):
        value = getattr(obj, field_name)
        return value.display() if value else None  # None: the admin's “-” for an empty value

    column.__name__ = f"{field_name}_shown"
    return column


def user_label(user):
    """A staff member as history and lists name them: “Ana Editor (ana)”, or “ana” without a full name."""
    if user is None:
        return _("nobody")
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


def related_label(related_model, value):
    """A linked record as history shows it: staff by name, and honest words for none or a deleted one.

    simple-history gives a link that was empty as “Deleted user (pk=None)” and a deleted one as
    “Deleted user (pk=7)”: here they read “nobody” and “a deleted account”.
    """
    is_user = issubclass(related_model, get_user_model())
    if value is None or (isinstance(value, DeletedObject) and value.pk is None):
        return _("nobody") if is_user else _("none")
    if isinstance(value, DeletedObject):
        if is_user:
            return _("a deleted account")
        return _("a deleted %(record)s") % {"record": related_model._meta.verbose_name}
    return user_label(value) if is_user else value


class NamedHistoryContextHelper(HistoricalRecordContextHelper):
    """The history page's field-by-field changes, naming people and deleted records honestly."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        shown = super().prepare_delta_change_value(change, value)
        if field.many_to_one or field.one_to_one:
            return related_label(field.related_model, shown)
        if field.many_to_many:
            return [related_label(field.related_model, item) for item in shown] or _("none")
        if isinstance(shown, datetime.datetime):
            return date_format(timezone.localtime(shown), "DATETIME_FORMAT")
        return shown


def describe(obj):
    """“Participant: Ms Buth Rothna (panelist)” — a row or record as a refusal names it."""
    return f"{capfirst(obj._meta.verbose_name)}: {obj}"


def owning_record(row):
    """The record a row belongs to: an event for its participant, an agreement for a commitment's text.

    A row's owner is the subject of a citation or key figure, or else the record its required
    CASCADE link points to, followed up to a record with a public page (or a theme).
    """
    seen = set()
    while not isinstance(row, PublicRecord | Theme) and (type(row), row.pk) not in seen:
        seen.add((type(row), row.pk))
        if isinstance(row, Citation | KeyFigure):
            parent = row.subject
        else:
            parent = next(
                (
                    getattr(row, field.name)
                    for field in row._meta.concrete_fields
                    if field.many_to_one and not field.null and field.remote_field.on_delete is CASCADE
                ),
                None,
            )
        if parent is None:
            break
        row = parent
    return row


class Referrer(NamedTuple):
    """A record a delete would reach (None when several rows share its line), its line, and the rows that tie it."""

    record: object
    line: str
    rows: list


def _link_row(row, targets):
    """A many-to-many link row (an event's theme): (record on the far side, the near side, the field's name)."""
    declaring = row._meta.auto_created
    field = next(f for f in declaring._meta.many_to_many if f.remote_field.through is type(row))
    sides = [getattr(row, link.name) for link in row._meta.concrete_fields if link.is_relation]
    far = [side for side in sides if (type(side), side.pk) not in targets]
    near = [side for side in sides if (type(side), side.pk) in targets]
    return (far[0] if far else None), (near[0] if near else None), field.verbose_name


def describe_row(row, targets):
    """A row as listed under its record; a citation of a source being deleted does not repeat the source."""
    if isinstance(row, Citation) and (SourceDocument, row.source_id) in targets:
        fact = f" [{row.fact}]" if row.fact else ""
        return f"{capfirst(row._meta.verbose_name)}{fact}: “{row.quote[:60]}”"
    return describe(row)


def _counted(texts):
    """Each text once, with “(3 rows)” after a text that several rows share."""
    counts = {}
    for text in texts:
        counts[text] = counts.get(text, 0) + 1
    return [
        text if n == 1 else ngettext("%(text)s (%(n)d row)", "%(text)s (%(n)d rows)", n) % {"text": text, "n": n}
        for text, n in counts.items()
    ]


def referring_objects(objs, using):
    """Every record a delete of `objs` would reach, each named once with its title, with the rows that tie it.

    Returns Referrer(record, line, rows) tuples sorted by line: “Event: Signing of the MoU” with
    ["Organisation in event: ARMAC — host", "Participant: Rothna Buth (signatory)"]. The deleted
    record's own parts (its citations, positions, theme links) are lines of their own, counted
    when several read the same. Rows of models staff do not edit (stored exports) are left out.
    Django already refuses deletes blocked by PROTECT; this also refuses the ones that would
    cascade (citations, participants, signatories, positions, theme links), so nothing goes silently.
    """
    collector = NestedObjects(using=using)
    collector.collect(objs)
    targets = {(type(obj), obj.pk) for obj in objs}
    reached = [(type(row), row) for row in collector.protected]
    reached += [(model, row) for model, rows in collector.data.items() for row in rows]
    records, own_parts, seen = {}, {}, set()
    for model, row in reached:
        if (model, row.pk) in targets or (model, row.pk) in seen:
            continue
        seen.add((model, row.pk))
        if model._meta.auto_created:
            far, near, field_name = _link_row(row, targets)
            if far is None:
                continue
            if isinstance(near, model._meta.auto_created):
                # The deleted record's own link (an event being deleted, to its theme).
                own_parts.setdefault(f"{capfirst(field_name)}: {far}", []).append(None)
                continue
            record, row_text = far, _("in its %(field)s") % {"field": field_name}
        elif model not in admin.site._registry:
            continue
        else:
            record = owning_record(row)
            if (type(record), record.pk) in targets:
                own_parts.setdefault(describe_row(row, targets), []).append(row)
                continue
            row_text = None if record is row else describe_row(row, targets)
        _record, _line, rows = records.setdefault((type(record), record.pk), (record, describe(record), []))
        if row_text:
            rows.append(row_text)
    listed = [Referrer(record, line, sorted(_counted(rows))) for record, line, rows in records.values()]
    for line, rows in own_parts.items():
        listed.append(Referrer(rows[0] if len(rows) == 1 else None, _counted([line] * len(rows))[0], []))
    return sorted(listed, key=lambda referrer: referrer.line)


def referrers_as_list(referrers, admin_site):
    """For the admin's delete pages (`protected|unordered_list`): each record, linked to its admin page,
    then the rows that tie it nested under it."""
    items = []
    for record, line, rows in referrers:
        if record is not None and type(record) in admin_site._registry:
            opts = record._meta
            url = reverse(f"{admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[record.pk])
            line = format_html('<a href="{}">{}</a>', url, line)
        items.append(line)
        if rows:
            items.append(rows)
    return items


def referrers_as_text(referrers):
    """“Event: Signing of the MoU (Participant: Rothna Buth (signatory)); Study: …” for a one-line message."""
    return "; ".join(f"{line} ({'; '.join(rows)})" if rows else line for _record, line, rows in referrers)


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
                    params={"row": form.instance, "referrers": referrers_as_text(referrers)},
                )


class PartFormSet(RefuseReferencedDeletesMixin, BaseInlineFormSet):
    """Inline rows of a record (participants, signatories, positions, …)."""


class GenericPartFormSet(RefuseReferencedDeletesMixin, BaseGenericInlineFormSet):
    """Generic inline rows of a record (key figures, which carry citations of their own)."""


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
        if db_field.name in {"quote", "note"}:
            # Quotes are long; keep the inline row readable.
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 50})
        return compact_related_widget(super().formfield_for_dbfield(db_field, request, **kwargs))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")


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
    # The inlines of the Provenance section, on every record's form (fact notes will join citations).
    provenance_inlines = (CitationInline,)
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
