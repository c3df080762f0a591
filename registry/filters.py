"""FilterSets for the registry's resources: one per resource, shared by the HTML lists and the API.

Every FilterSet refuses query parameters it does not know, so a misspelt filter is an error
rather than a silently unfiltered list or export.
"""

import copy
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from django_filters.fields import ModelChoiceField, ModelChoiceIterator
from drf_spectacular.utils import extend_schema_field

from .models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AseanRelation,
    Country,
    Organisation,
    OrganisationKind,
    Person,
    Programme,
    SourceDocument,
    SourceKind,
    Study,
    StudyStatus,
    Theme,
    ThemeKind,
)
from .prepared import PreparedQuery, record

slug_validator = RegexValidator(r"^[-a-zA-Z0-9_]{1,120}$", _("Give a slug: letters, digits, hyphens or underscores."))
iso3_validator = RegexValidator(r"^[A-Za-z]{3}$", _("Give a country as its three-letter ISO code, for example VNM."))

# Parameters that pagination, output format and forms use; they are not filters but are allowed.
NON_FILTER_PARAMETERS = frozenset({"page", "page_size", "format", "csrfmiddlewaretoken"})


# The OpenAPI schema states each parameter's accepted form, so generated clients and schemathesis know it.
SLUG_SCHEMA = {"type": "string", "pattern": "^[-a-zA-Z0-9_]{1,120}$"}


@extend_schema_field(SLUG_SCHEMA)
class SlugFilter(django_filters.CharFilter):
    """A filter taking a record's slug, validated before it reaches the database."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [slug_validator])
        kwargs.setdefault("max_length", 120)
        super().__init__(*args, **kwargs)


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 9999})  # used for years
class IntegerFilter(django_filters.NumberFilter):
    """A whole number within bounds (NumberFilter alone accepts 2025.5 and 10**30)."""

    field_class = forms.IntegerField


class ListedModelChoiceIterator(ModelChoiceIterator):
    """A select box's records read with one ordinary query.

    Django reads model choices through QuerySet.iterator(). A list page's form renders after
    ATOMIC_REQUESTS has committed, and outside a transaction PostgreSQL's iterator is a server-side
    cursor held past the commit (DECLARE … WITH HOLD, then FETCH and CLOSE): about 1.5 ms for a
    dozen countries that a plain SELECT returns in 0.25 ms. Choice lists are short, so reading them
    whole costs no memory worth the name. Still one query per rendering, as before.
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


# The record a filter names, read with a statement compiled once (registry.prepared) rather than a
# QuerySet.get() compiled on every request: the filters' querysets are these whole tables.
COUNTRY_BY_CODE = PreparedQuery(
    lambda code: Country.objects.filter(iso3=code), ["id", "slug", "status", "iso3", "name"], keys={"code": str}
)
THEME_BY_SLUG = PreparedQuery(lambda slug: Theme.objects.filter(slug=slug), ["id", "slug", "name"], keys={"slug": str})


def prepared_choice(field, lookup, model, **keys):
    """The record `lookup` finds for a model choice field, or the field's own invalid-choice error."""
    rows = lookup.rows(field.queryset.db, **keys)
    if not rows:
        return None
    return record(model, field.queryset.db, dict(zip(lookup.fields, rows[0], strict=True)))


class ThemeSlugField(ListedModelChoiceField):
    """A theme chosen by its slug."""

    def to_python(self, value):
        if value in self.empty_values or (self.null_label is not None and value == self.null_value):
            return super().to_python(value)
        self.validate_no_null_characters(value)
        theme = prepared_choice(self, THEME_BY_SLUG, Theme, slug=str(value))
        if theme is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return theme


class CountryCodeField(forms.ModelChoiceField):
    """A country chosen by its ISO alpha-3 code, in any letter case."""

    iterator = ListedModelChoiceIterator

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if not re.fullmatch(r"[A-Za-z]{3}", value):
            raise ValidationError(iso3_validator.message, code="invalid_choice")
        country = prepared_choice(self, COUNTRY_BY_CODE, Country, code=value.upper())
        if country is None:
            raise ValidationError(
                _("No country has the ISO code %(code)s."), code="invalid_choice", params={"code": value.upper()}
            )
        return country


@extend_schema_field({"type": "string", "pattern": "^[A-Za-z]{3}$"})
class CountryFilter(django_filters.ModelChoiceFilter):
    """Filter by country, given as its ISO alpha-3 code."""

    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("to_field_name", "iso3")
        kwargs.setdefault("label", _("Country"))
        kwargs.setdefault("help_text", _("ISO 3166-1 alpha-3 code, for example VNM."))
        super().__init__(*args, **kwargs)


@extend_schema_field(SLUG_SCHEMA)
class ThemeFilter(django_filters.ModelChoiceFilter):
    """Filter by theme, given as its slug."""

    field_class = ThemeSlugField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Theme.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("field_name", "themes")
        kwargs.setdefault("label", _("Theme"))
        super().__init__(*args, **kwargs)


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


class PortalFilterSet(django_filters.FilterSet):
    """Free-text search and incremental sync for every resource; unknown parameters are refused."""

    search = extend_schema_field({"type": "string", "maxLength": 200})(
        django_filters.CharFilter(method="filter_search", label=_("Search"), max_length=200)
    )
    modified_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=_("Modified since"),
        help_text=_("ISO 8601 date-time; only records changed at or after it."),
    )

    # A FilterSet is made for every list request. django-filter deep-copies every filter for it (its
    # choices, querysets and validators) and builds a new form class with new fields: together over a
    # millisecond of a request whose SQL can take less. A filter keeps no per-request state but its
    # `parent` (and the method bound to it), so a shallow copy does; the form class depends on
    # nothing but the FilterSet class (and the form still copies its fields for each request).
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, fields_from_data=False):
        # fields_from_data: the form holds only the filters the request names (see get_form_class).
        self.fields_from_data = fields_from_data
        base_filters, self.base_filters = self.base_filters, {}  # nothing for django-filter to deep-copy
        super().__init__(data, queryset, request=request, prefix=prefix)
        del self.base_filters
        self.filters = {}
        for name, base in base_filters.items():
            filter_ = self.filters[name] = copy.copy(base)
            filter_.model, filter_.parent = self.queryset.model, self
            if base.method is not None:
                filter_.method = base.method  # binds the filter method to this copy, not to the base

    def get_form_class(self):
        form_class = type(self).__dict__.get("_form_class")
        if form_class is None:
            form_class = type(self)._form_class = super().get_form_class()
        if not (self.fields_from_data and self.is_bound):
            return form_class
        return self._form_class_for(form_class, frozenset(self.data.keys() & form_class.base_fields.keys()))

    @classmethod
    def _form_class_for(cls, form_class, names):
        """The form class with only the named filters' fields, made once per set of names.

        For the API, which only validates the form: a filter the request leaves out filters nothing,
        and the form copying and cleaning a dozen empty fields for every request was a third of the
        FilterSet's time. The HTML lists render every field, so they keep the whole form.
        """
        made = cls.__dict__.get("_form_classes_by_fields")
        if made is None:
            made = cls._form_classes_by_fields = {}
        subset = made.get(names)
        if subset is None:
            subset = type(form_class.__name__, (form_class,), {})
            subset.base_fields = {name: field for name, field in form_class.base_fields.items() if name in names}
            made[names] = subset
        return subset

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def is_valid(self):
        unknown = sorted(set(self.data.keys()) - set(self.filters) - NON_FILTER_PARAMETERS) if self.data else []
        if unknown:
            # Reported through the form so the HTML list shows it and the API answers 400 with it.
            # Names arrive from the URL and may hold "%": keep them as params, never in the format string.
            self.form.add_error(
                None, ValidationError(_("Unknown parameter: %(names)s."), params={"names": ", ".join(unknown)})
            )
        return super().is_valid()


class OrganisationFilterSet(PortalFilterSet):
    """Filters of the partner directory."""

    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"))
    country = CountryFilter()
    parent = SlugFilter(field_name="parent__slug", label=_("Parent organisation"))
    ordering = StableOrderingFilter(fields=(("name", "name"), ("updated_at", "updated")))

    class Meta:
        model = Organisation
        fields = ["search", "kind", "country", "parent", "modified_since"]


class PersonFilterSet(PortalFilterSet):
    """Filters of the people list."""

    organisation = SlugFilter(method="filter_organisation", label=_("Organisation"))
    ordering = StableOrderingFilter(fields=(("name", "name"), ("updated_at", "updated")))

    class Meta:
        model = Person
        fields = ["search", "organisation", "modified_since"]

    def filter_organisation(self, queryset, name, value):
        return queryset.filter(pk__in=Person.objects.filter(positions__organisation__slug=value).values("pk"))


class CountryFilterSet(PortalFilterSet):
    """Filters of the country list."""

    asean_relation = django_filters.ChoiceFilter(choices=AseanRelation.choices, label=_("Relation to ASEAN"))
    mine_affected = StrictBooleanFilter(label=_("Affected by mines/ERW"))
    ordering = StableOrderingFilter(fields=(("name", "name"), ("iso3", "iso3"), ("updated_at", "updated")))

    class Meta:
        model = Country
        fields = ["search", "asean_relation", "mine_affected", "modified_since"]


class AgreementFilterSet(PortalFilterSet):
    """Filters of the agreements list."""

    kind = django_filters.ChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    agreement_status = django_filters.ChoiceFilter(choices=AgreementStatus.choices, label=_("Status"))
    year = IntegerFilter(method="filter_year", min_value=1, max_value=9999, label=_("Year signed"))
    party = SlugFilter(method="filter_party", label=_("Party (organisation slug)"))
    theme = ThemeFilter()
    ordering = StableOrderingFilter(fields=(("signed_on", "date"), ("title", "title"), ("updated_at", "updated")))

    class Meta:
        model = Agreement
        fields = ["search", "kind", "agreement_status", "year", "party", "theme", "modified_since"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(signed_on__startswith=f"{value:04d}")

    def filter_party(self, queryset, name, value):
        return queryset.filter(pk__in=Agreement.objects.filter(parties__organisation__slug=value).values("pk"))


class StudyFilterSet(PortalFilterSet):
    """Filters of the studies list."""

    study_status = django_filters.ChoiceFilter(choices=StudyStatus.choices, label=_("Status"))
    country = CountryFilter(field_name="countries")
    lead = SlugFilter(field_name="lead_organisation__slug", label=_("Lead organisation"))
    theme = ThemeFilter()
    ordering = StableOrderingFilter(fields=(("title", "title"), ("updated_at", "updated")))

    class Meta:
        model = Study
        fields = ["search", "study_status", "country", "lead", "theme", "modified_since"]


class ProgrammeFilterSet(PortalFilterSet):
    """Filters of the programmes list."""

    country = CountryFilter(field_name="countries")
    theme = ThemeFilter()
    ordering = StableOrderingFilter(fields=(("title", "title"), ("updated_at", "updated")))

    class Meta:
        model = Programme
        fields = ["search", "country", "theme", "modified_since"]


class SourceDocumentFilterSet(PortalFilterSet):
    """Filters of the source documents list."""

    kind = django_filters.ChoiceFilter(choices=SourceKind.choices, label=_("Kind"))
    publisher = SlugFilter(field_name="publisher__slug", label=_("Publisher"))
    ordering = StableOrderingFilter(fields=(("published_on", "date"), ("title", "title"), ("updated_at", "updated")))

    class Meta:
        model = SourceDocument
        fields = ["search", "kind", "publisher", "modified_since"]


class ThemeFilterSet(PortalFilterSet):
    """Filters of the themes list."""

    kind = django_filters.ChoiceFilter(choices=ThemeKind.choices, label=_("Kind"))
    ordering = StableOrderingFilter(fields=(("name", "name"), ("updated_at", "updated")))

    class Meta:
        model = Theme
        fields = ["search", "kind", "modified_since"]

    def filter_search(self, queryset, name, value):
        # Themes are vocabulary, not public records: a plain name match is enough.
        return queryset.filter(name__icontains=value)
