"""FilterSets for the registry's resources: one per resource, shared by the HTML lists and the API.

Every FilterSet refuses query parameters it does not know, so a misspelt filter is an error
rather than a silently unfiltered list or export (core.filters.PortalFilterSet).
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core.filters import (
    SLUG_SCHEMA,
    IntegerFilter,
    ListedModelChoiceField,
    ListedModelChoiceIterator,
    NamedRecordSelect,
    PortalFilterSet,
    SlugFilter,
    StableOrderingFilter,
    StrictBooleanFilter,
)

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

iso3_validator = RegexValidator(r"^[A-Za-z]{3}$", _("Give a country as its three-letter ISO code, for example VNM."))


class CountryCodeField(forms.ModelChoiceField):
    """A country chosen by its ISO alpha-3 code, in any letter case."""

    iterator = ListedModelChoiceIterator

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if not re.fullmatch(r"[A-Za-z]{3}", value):
            raise ValidationError(iso3_validator.message, code="invalid_choice")
        try:
            return self.queryset.get(iso3=value.upper())
        except self.queryset.model.DoesNotExist:
            raise ValidationError(
                _("No country has the ISO code %(code)s."), code="invalid_choice", params={"code": value.upper()}
            ) from None


# The ISO code is for the API (its schema says so); the HTML form shows a select of country names.
@extend_schema_field(
    {"type": "string", "pattern": "^[A-Za-z]{3}$", "description": "ISO 3166-1 alpha-3 code, for example VNM."}
)
class CountryFilter(django_filters.ModelChoiceFilter):
    """Filter by country, given as its ISO alpha-3 code."""

    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        # A draft country is no choice (nor named in the select) for the public: the rule of core.visibility.
        kwargs.setdefault("queryset", lambda request: Country.objects.visible_to(getattr(request, "user", None)))
        kwargs.setdefault("to_field_name", "iso3")
        kwargs.setdefault("label", _("Country"))
        super().__init__(*args, **kwargs)


@extend_schema_field(SLUG_SCHEMA)
class ThemeFilter(django_filters.ModelChoiceFilter):
    """Filter by theme, given as its slug."""

    field_class = ListedModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Theme.objects.all())
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("field_name", "themes")
        kwargs.setdefault("label", _("Theme"))
        super().__init__(*args, **kwargs)


def published_organisations():
    """(slug, name) of every published organisation, for the select boxes of the list pages."""
    return Organisation.objects.published().order_by("name", "id").values_list("slug", "name")


def organisation_select():
    return NamedRecordSelect(published_organisations)


class OrganisationFilterSet(PortalFilterSet):
    """Filters of the partner directory."""

    kind = django_filters.ChoiceFilter(choices=OrganisationKind.choices, label=_("Kind"))
    country = CountryFilter()
    parent = SlugFilter(
        field_name="parent", method="filter_linked_slug", label=_("Parent organisation"), widget=organisation_select()
    )
    ordering = StableOrderingFilter(fields=(("name", "name"), ("updated_at", "updated")))

    class Meta:
        model = Organisation
        fields = ["search", "kind", "country", "parent", "modified_since"]


class PersonFilterSet(PortalFilterSet):
    """Filters of the people list."""

    organisation = SlugFilter(method="filter_organisation", label=_("Organisation"), widget=organisation_select())
    ordering = StableOrderingFilter(fields=(("name", "name"), ("updated_at", "updated")))

    class Meta:
        model = Person
        fields = ["search", "organisation", "modified_since"]

    def filter_organisation(self, queryset, name, value):
        organisations = self.visible(Organisation.objects.filter(slug=value))
        return queryset.filter(pk__in=Person.objects.filter(positions__organisation__in=organisations).values("pk"))


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
    party = SlugFilter(method="filter_party", label=_("Party"), widget=organisation_select())
    # A country's agreements as its page lists them: those it is a party to or that were signed there.
    country = CountryFilter(method="filter_country")
    theme = ThemeFilter()
    ordering = StableOrderingFilter(fields=(("signed_on", "date"), ("title", "title"), ("updated_at", "updated")))

    class Meta:
        model = Agreement
        fields = ["search", "kind", "agreement_status", "year", "party", "country", "theme", "modified_since"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(signed_on__startswith=f"{value:04d}")

    def filter_country(self, queryset, name, value):
        return queryset.of_country(value)

    def filter_party(self, queryset, name, value):
        organisations = self.visible(Organisation.objects.filter(slug=value))
        return queryset.filter(pk__in=Agreement.objects.filter(parties__organisation__in=organisations).values("pk"))


class StudyFilterSet(PortalFilterSet):
    """Filters of the studies list."""

    study_status = django_filters.ChoiceFilter(choices=StudyStatus.choices, label=_("Status"))
    country = CountryFilter(field_name="countries")
    lead = SlugFilter(
        field_name="lead_organisation",
        method="filter_linked_slug",
        label=_("Lead organisation"),
        widget=organisation_select(),
    )
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
    # A publisher the reader may see (core.filters.filter_linked_slug); one match per document at most.
    publisher = SlugFilter(
        field_name="publishers", method="filter_linked_slug", label=_("Publisher"), widget=organisation_select()
    )
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
