"""The events FilterSet, shared by /events/, /events/feed.ics and /api/v1/events/."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import DatePickerInput, IntegerFilter, PortalFilterSet, SlugFilter, StableOrderingFilter
from registry.filters import CountryFilter, ThemeFilter, organisation_select
from registry.models import Organisation

from .models import Event, EventKind, EventOrganisation, EventStatus


class EventFilterSet(PortalFilterSet):
    """Filter events by kind, country, dates, theme, partner organisation, parent event and text."""

    kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("Kind"))
    country = CountryFilter()
    date_from = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="gte",
        label=_("From"),
        help_text=_("Events starting on or after this day."),
        widget=DatePickerInput(),
    )
    date_to = django_filters.DateFilter(
        field_name="start_date",
        lookup_expr="lte",
        label=_("To"),
        help_text=_("Events starting on or before this day."),
        widget=DatePickerInput(),
    )
    year = IntegerFilter(method="filter_year", min_value=1, max_value=9999, label=_("Year"))
    theme = ThemeFilter()
    partner = SlugFilter(method="filter_partner", label=_("Partner organisation"), widget=organisation_select())
    parent = SlugFilter(
        field_name="parent", method="filter_linked_slug", label=_("Part of event"), help_text=_("Event slug.")
    )
    event_status = django_filters.ChoiceFilter(choices=EventStatus.choices, label=_("Event status"))
    ordering = StableOrderingFilter(
        fields=(("start_date", "date"), ("title", "title"), ("updated_at", "updated")),
        label=_("Sort by"),
    )

    # A parent event is given by its slug, from an event page's link; the form does not ask for it.
    api_only = (*PortalFilterSet.api_only, "parent")

    class Meta:
        model = Event
        fields = [
            "search",
            "kind",
            "country",
            "date_from",
            "date_to",
            "year",
            "theme",
            "partner",
            "parent",
            "event_status",
            "modified_since",
        ]

    def filter_year(self, queryset, name, value):
        # A range on the indexed day rather than a year() extraction.
        return queryset.filter(start_date__gte=f"{value:04d}-01-01", start_date__lte=f"{value:04d}-12-31")

    def filter_partner(self, queryset, name, value):
        # A subquery, not a join, so an organisation with two roles does not list an event twice.
        # A draft organisation is no partner for the public (core.visibility): as if the slug named nothing.
        organisations = self.visible(Organisation.objects.filter(slug=value))
        return queryset.filter(
            pk__in=EventOrganisation.objects.filter(organisation__in=organisations).values("event_id")
        )
