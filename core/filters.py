"""The FilterSet base and the generic filters every resource's FilterSet is built from.

Every FilterSet refuses query parameters it does not know, so a misspelt filter is an error
rather than a silently unfiltered list or export. Filters that name a registry record (a country,
a theme) are registry's own (registry/filters.py).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ModelChoiceField, ModelChoiceIterator
from drf_spectacular.utils import extend_schema_field

from .visibility import sees_drafts, visible_rows

slug_validator = RegexValidator(r"^[-a-zA-Z0-9_]{1,120}$", _("Give a slug: letters, digits, hyphens or underscores."))

# Parameters that pagination, output format and forms use; they are not filters but are allowed.
# `hxl` asks the CSV for its HXL hashtag row (core.api).
NON_FILTER_PARAMETERS = frozenset({"page", "page_size", "format", "csrfmiddlewaretoken", "hxl"})


# The OpenAPI schema states each parameter's accepted form, so generated clients and schemathesis know it.
SLUG_SCHEMA = {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,120}$"}


@extend_schema_field(SLUG_SCHEMA)
class SlugFilter(django_filters.CharFilter):
    """A filter taking a record's slug, validated before it reaches the database."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [slug_validator])
        kwargs.setdefault("max_length", 120)
        # Python's strip() also removes control characters such as \x1c, which would let "\x1cf" pass as "f".
        kwargs.setdefault("strip", False)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})  # used for years
class IntegerFilter(django_filters.NumberFilter):
    """A whole number within bounds (NumberFilter alone accepts 2025.5 and 10**30)."""

    field_class = forms.IntegerField


class ListedModelChoiceIterator(ModelChoiceIterator):
    """A select box's records read with one ordinary query.

    Django reads model choices through QuerySet.iterator(). A list page's form renders after
    ATOMIC_REQUESTS has committed, and outside a transaction PostgreSQL's iterator is a server-side
    cursor held past the commit (DECLARE … WITH HOLD, then FETCH and CLOSE): several round trips
    for a dozen countries that a plain SELECT returns in one (BENCHMARKS.md). Choice lists are
    short, so reading them whole costs no memory worth the name. Still one query per rendering.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        for row in self.queryset.all():
            yield self.choice(row)


class ListedModelChoiceField(ModelChoiceField):
    """django-filter's model choice field, its choices read by ListedModelChoiceIterator."""

    iterator = ListedModelChoiceIterator


class StrictBooleanField(forms.Field):
    """Yes or no as "true"/"false" (or 1/0); anything else is an error, never a silently ignored filter."""

    widget = forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))])
    values = {"true": True, "1": True, "false": False, "0": False}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.values[str(value).strip().lower()]
        except KeyError:
            raise ValidationError(_("Give true or false."), code="invalid") from None


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering with the primary key as a tie-breaker, so pages never shuffle."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("Default order"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        tie_breaker = "-id" if ordering and ordering[0].startswith("-") else "id"
        return qs.order_by(*ordering, tie_breaker)


def without_empty_values(data):
    """The query parameters with empty (or blank) values left out: an empty parameter means "not given".

    A filter form submitted as it stands sends every field, the empty ones as `name=`; the page, its
    export links and the API must all read those as no filter at all (issue 15).
    """
    if data is None:
        return None
    kept = QueryDict(mutable=True)
    lists = data.lists() if hasattr(data, "lists") else ((key, [value]) for key, value in data.items())
    for key, values in lists:
        values = [value for value in values if not isinstance(value, str) or value.strip()]
        if values:
            kept.setlist(key, values)
    return kept


class NamedRecordSelect(forms.Select):
    """A select box that names records and sends their slug: people choose "ARMAC", the URL says `armac`.

    `records` is a callable returning a QuerySet of (slug, name) rows, read when the box is rendered (one
    query, at most `most_listed` + 1 rows): the filter behind it stays a slug filter, so the API and old
    links keep working unchanged.
    """

    # Past this many records a list stops helping anyone choose (and at 20,000 organisations it weighed
    # 2 MB on every list page): the box becomes a text field for the short name the URL uses.
    most_listed = 500

    def __init__(self, records, attrs=None):
        super().__init__(attrs)
        self.records = records

    def render(self, name, value, attrs=None, renderer=None):
        rows = list(self.records()[: self.most_listed + 1])
        if len(rows) > self.most_listed:
            hint = _("Short name from its address, e.g. %(slug)s") % {"slug": rows[0][0]}
            return forms.TextInput({**self.attrs, "placeholder": hint}).render(name, value, attrs, renderer)
        self.choices = [("", _("Any")), *rows]
        return super().render(name, value, attrs, renderer)


class DatePickerInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates (YYYY-MM-DD), which DateFilter reads."""

    input_type = "date"

    def format_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value


class PortalFilterSet(django_filters.FilterSet):
    """Free-text search and incremental sync for every resource; unknown parameters are refused.

    Empty parameters are dropped before anything reads them (without_empty_values).
    """

    search = extend_schema_field({"type": "string", "maxLength": 200})(
        django_filters.CharFilter(method="filter_search", label=_("Search"), max_length=200)
    )
    modified_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Modified since"),
        help_text=_("ISO 8601 date-time; only records changed at or after it."),
    )

    @property
    def drafts(self):
        """Whether this request's reader sees drafts (core.visibility): a filter naming a draft is then
        answered as one naming nothing, so filters are no oracle for what is unpublished."""
        return sees_drafts(getattr(self.request, "user", None))

    # Machine parameters: the API takes them, the HTML filter form does not show them (issue 15).
    api_only = ("modified_since",)

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(without_empty_values(data), *args, **kwargs)

    def page_fields(self):
        """The filter form's fields that people fill in on a list page.

        API-only fields show only when the address gives them (a shared link), so their value and any
        error in it are visible and kept on the next submission.
        """
        given = self.data or {}
        return [field for field in self.form.visible_fields() if field.name not in self.api_only or field.name in given]

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_linked_slug(self, queryset, name, value):
        """Records whose link `name` points to the record with this slug, when the reader may see it."""
        related = queryset.model._meta.get_field(name).related_model
        return queryset.filter(**{f"{name}__in": self.visible(related.objects.filter(slug=value))})

    def visible(self, queryset):
        """The rows of `queryset` this request's reader may see."""
        return visible_rows(queryset, self.drafts)

    def is_valid(self):
        unknown = sorted(set(self.data.keys()) - set(self.filters) - NON_FILTER_PARAMETERS) if self.data else []
        if unknown:
            # Reported through the form so the HTML list shows it and the API answers 400 with it.
            # Names arrive from the URL and may hold "%": keep them as params, never in the format string.
            self.form.add_error(
                None, ValidationError(_("Unknown parameter: %(names)s."), params={"names": ", ".join(unknown)})
            )
        return super().is_valid()
