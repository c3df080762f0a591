"""What a reader may see: the one rule every public surface asks, never re-stated.

The rule: the public sees published records only; an active staff user sees drafts too (to preview
them, marked as drafts). A record the reader may not see is simply absent wherever it would appear
through another record: not linked, not named, not counted, not a slug in an export. So:

- `PublishableQuerySet.visible_to(user)` (core.models) gives the records of a list or a page;
- `visible_rows(queryset, drafts)` gives the related rows a page or an export shows: records the
  reader may see, and rows (a participation, a party, a citation, a position...) none of whose
  links points to a record the reader may not see. It reads the links from the model's `_meta`,
  so a link added later is covered without editing a list;
- `visible_subjects(queryset, drafts)` keeps the rows *about* a record (citations, through their
  generic foreign key) whose subject the reader may see, by the same rule for the subject's model:
  a citation of a participation is hidden with the draft event or the draft person it names;
- `visible_prefetch(lookup, queryset, drafts)` is that queryset as a `Prefetch`;
- `visible_value(model, lookup, drafts)` is an export column's lookup ("parent__slug") that reads
  nothing where the linked record is one the reader may not see;
- `shown(record, drafts)` answers for one record already loaded (a forward link such as an event's
  parent): the record itself, or None when the reader may not see it. Templates use it through
  the `shown` filter (core.templatetags.portal), never by testing a status themselves.

`drafts` is `sees_drafts(user)`: asked once per request, passed down as the answer.
"""

import functools
import operator

from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, When
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    """Whether the public may see a record."""

    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


def sees_drafts(user):
    """An active staff user sees drafts (to preview them); nobody else does."""
    return bool(user is not None and user.is_active and user.is_staff)


def is_publishable(model):
    """Whether a model's records are published or drafts (its manager asks `visible_to`, core.models)."""
    return callable(getattr(model._default_manager, "visible_to", None))


def shown(record, drafts):
    """The record when the reader may see it, else None (a draft for the public; nothing stays nothing)."""
    if record is None or drafts or not is_publishable(type(record)):
        return record
    return record if record.status == PublicationStatus.PUBLISHED else None


def _hidden_link_conditions(model, prefix="", nullable=False, seen=()):
    """A condition per link of `model` to a publishable record, reached directly or through the rows it
    links to (a signatory's party's organisation): the linked record is published, or there is none."""
    conditions = []
    for field in model._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.related_model is None:
            continue
        related, path = field.related_model, f"{prefix}{field.name}"
        optional = nullable or field.null
        if is_publishable(related):
            condition = Q(**{f"{path}__status": PublicationStatus.PUBLISHED})
            conditions.append(condition | Q(**{f"{path}__isnull": True}) if optional else condition)
        elif related not in seen and related is not model and len(seen) < 2:
            conditions += _hidden_link_conditions(related, f"{path}__", optional, (*seen, model))
    return conditions


def visible_rows(queryset, drafts):
    """The rows of `queryset` the reader may see.

    A publishable model's rows: the published ones (all for staff). Any other model's rows (the
    rows that join records: a participation, a party, a citation, a position, a through row):
    those whose every link to a publishable record, directly or through another such row, points
    to a published one; a null link points to nothing hidden.
    """
    if drafts:
        return queryset
    model = queryset.model
    if is_publishable(model):
        return queryset.filter(status=PublicationStatus.PUBLISHED)
    for condition in _hidden_link_conditions(model):
        queryset = queryset.filter(condition)
    return queryset


def visible_subjects(queryset, drafts):
    """The rows of `queryset` (a model with a generic foreign key: citations) whose subject the reader may see.

    visible_rows follows concrete links only, and a generic subject is not one. Listed from the subject's
    side (a source page's citations), a citation of a row must be hidden when the row is: a participation
    when the event it belongs to or the person it names is a draft, a key figure when the record it is
    about is. So each subject is asked visible_rows of its own model, as an EXISTS on its primary key (and
    a subject that is itself about a record, a key figure, asks the same of that record). A row whose
    subject no longer exists is left out too.

    It first asks which kinds of record the rows are about (one query: narrow the queryset first, to one
    source's citations say), and builds an EXISTS for those kinds only, as each costs Django building and
    compiling it and PostgreSQL planning it.
    """
    if drafts:
        return queryset
    subject = _generic_key(queryset.model)
    kinds = queryset.order_by().values_list(subject.ct_field, flat=True).distinct()
    subject_models = [ContentType.objects.get_for_id(content_type_id).model_class() for content_type_id in kinds]
    # A kind of record the portal no longer has (model_class() None): nothing of it to show.
    return queryset.filter(_subject_is_visible(subject, [model for model in subject_models if model is not None]))


def _generic_key(model):
    return next((field for field in model._meta.get_fields() if isinstance(field, GenericForeignKey)), None)


def _subject_is_visible(subject, subject_models, seen=()):
    """The condition that a row's generic `subject` is a record of one of `subject_models` the public may see."""
    condition = Q(pk__in=[])
    for model in subject_models:
        records = visible_rows(model._default_manager.filter(pk=OuterRef(subject.fk_field)), drafts=False)
        own_subject = _generic_key(model)
        if own_subject is not None and model not in seen:
            records = records.filter(_subject_is_visible(own_subject, _models_with_rows_about(model), (*seen, model)))
        condition |= Q(**{subject.ct_field: ContentType.objects.get_for_model(model)}) & Q(Exists(records))
    return condition


def _models_with_rows_about(model):
    """The models whose records `model`'s rows may be about (each has a GenericRelation to it)."""
    return [
        candidate
        for candidate in apps.get_models()
        if any(
            isinstance(field, GenericRelation) and field.related_model is model
            for field in candidate._meta.get_fields()
        )
    ]


def visible_value(model, lookup, drafts):
    """A values_list() lookup such as "parent__slug" that reads nothing (None) where the linked record is
    one the reader may not see: for the columns of an export that name a linked record."""
    if drafts:
        return lookup
    parts, current, path, conditions = lookup.split("__"), model, [], []
    for part in parts[:-1]:
        field = current._meta.get_field(part)
        if not field.is_relation:
            return lookup
        path.append(part)
        current = field.related_model
        if is_publishable(current):
            conditions.append(Q(**{"__".join([*path, "status"]): PublicationStatus.PUBLISHED}))
    if not conditions:
        return lookup
    output = current._meta.get_field(parts[-1]) if parts[-1] != "pk" else current._meta.pk
    return Case(When(functools.reduce(operator.and_, conditions), then=F(lookup)), default=None, output_field=output)


def visible_prefetch(lookup, queryset, drafts, to_attr=None):
    """A Prefetch of the related rows the reader may see (see visible_rows)."""
    return Prefetch(lookup, queryset=visible_rows(queryset, drafts), to_attr=to_attr)
