"""Refused deletes: what a delete would reach, each record named once with its title and the rows that tie it."""

from typing import NamedTuple

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.core.exceptions import ValidationError
from django.db import router
from django.db.models import CASCADE
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from registry.models import Citation, KeyFigure, PublicRecord, SourceDocument, Theme


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
        elif not admin.site.is_registered(model):
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
        if record is not None and admin_site.is_registered(type(record)):
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
