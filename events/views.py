"""Public event pages: the filtered list, each event's page, and the iCalendar feed and files."""

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from registry.models import Citation, Theme
from registry.views import FilteredListView

from .filters import EventFilterSet
from .ical import CONTENT_TYPE, build_calendar
from .models import Event, EventOrganisation, EventParticipant, Outcome


class EventListView(FilteredListView):
    """/events/: every visible event, filtered by the shared EventFilterSet."""

    model = Event
    filterset_class = EventFilterSet
    template_name = "events/event_list.html"
    api_path = "/api/v1/events/"

    def base_queryset(self):
        # The rows show an event's own fields, its country's name, its parent's link and its themes'
        # names; the joined country and parent rows loaded whole were forty columns, mostly of
        # NULL parents, for Django to compile and convert on every page. A field a row shows but the
        # query leaves out would cost a query per row, which the list's query-count test would show.
        return (
            Event.objects.visible_to(self.request.user)
            .select_related("country", "parent")
            .only(
                *(field.name for field in Event._meta.concrete_fields),
                "country__name",
                "parent__slug",
                "parent__title",
            )
            # As a plain list (event_item reads it): a related manager and a queryset per row, made
            # once to hold the prefetched themes and again to read them, were half a millisecond a page.
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("name"), to_attr="listed_themes"))
        )


class EventDetailView(DetailView):
    """One event: the whole record with its people, partners, outcomes and sources."""

    template_name = "events/event_detail.html"

    def get_queryset(self):
        # Each query loads the columns the page shows, not whole records: Django's cost of a query grows
        # with its columns (compiling each, converting each value) far more than the database's does,
        # and the four single relations alone were seventy columns for the dozen used. A field the page
        # uses but the query leaves out would cost a query per row; the query-count test would show it.
        record = ("slug", "status")
        return (
            Event.objects.visible_to(self.request.user)
            .select_related("country", "parent", "agreement", "study")
            .only(
                *(field.name for field in Event._meta.concrete_fields),
                *(f"country__{name}" for name in (*record, "name", "iso2", "iso3")),
                *(f"{link}__{name}" for link in ("parent", "agreement", "study") for name in (*record, "title")),
            )
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.only("slug", "name")),
                # Sorted by the key column itself: the models' ordering by "event" would join every row
                # to its event to sort by the event's own ordering.
                Prefetch(
                    "organisations",
                    queryset=EventOrganisation.objects.select_related("organisation")
                    .only("event", "role", "note", *(f"organisation__{name}" for name in (*record, "name", "acronym")))
                    .order_by("event_id", "role", "id"),
                ),
                # One event's participants join their people and organisations by primary key (nested
                # loops over ten rows), so the organisations need no query of their own.
                Prefetch(
                    "participants",
                    queryset=EventParticipant.objects.select_related("person", "organisation")
                    .only(
                        "event",
                        "role",
                        "title_held",
                        *(f"person__{name}" for name in (*record, "name")),
                        *(f"organisation__{name}" for name in ("name", "acronym", "other_names")),
                    )
                    .order_by("event_id", "position", "id"),
                ),
                Prefetch(
                    "outcomes", queryset=Outcome.objects.only("event", "text").order_by("event_id", "position", "id")
                ),
                Prefetch(
                    "sessions",
                    queryset=Event.objects.published()
                    .only("parent", *record, "title", "start", "year_inferred", "date_note", "event_status")
                    .order_by("start_date", "title"),
                ),
                Prefetch(
                    "citations",
                    queryset=Citation.objects.select_related("source").only(
                        "content_type",
                        "object_id",
                        "fact",
                        "quote",
                        "note",
                        *(f"source__{name}" for name in (*record, "title")),
                    ),
                ),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        user = self.request.user
        # Linked records appear only when the reader may see them: the rule of visible_to(), applied to
        # the records the page's query has already joined rather than asked of the database again.
        staff = user.is_active and user.is_staff
        visible = {
            name: related is not None and (staff or related.is_published)
            for name, related in (("agreement", event.agreement), ("study", event.study), ("parent", event.parent))
        }
        page_url = self.request.build_absolute_uri(event.get_absolute_url())
        context.update(
            visible_links=visible,
            page_url=page_url,
            description=Truncator(event.summary).words(40, truncate=" …") or event.title,
            structured_data=self.structured_data(event, page_url),
        )
        return context

    def structured_data(self, event, page_url):
        """schema.org Event, stating only what the record states."""
        status = {
            "cancelled": "https://schema.org/EventCancelled",
            "postponed": "https://schema.org/EventPostponed",
        }.get(event.event_status, "https://schema.org/EventScheduled")
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": event.title,
            "url": page_url,
            "eventStatus": status,
            "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
            if event.online
            else "https://schema.org/OfflineEventAttendanceMode",
        }
        # schema.org dates are ISO 8601; a date without its year cannot be given, so it is left out.
        if event.start and event.start.year is not None:
            data["startDate"] = event.start.isoformat()
        if event.end and event.end.year is not None:
            data["endDate"] = event.end.isoformat()
        if event.summary:
            data["description"] = event.summary
        if event.city or event.country_id:
            address = {"@type": "PostalAddress"}
            if event.city:
                address["addressLocality"] = event.city
            if event.country_id:
                address["addressCountry"] = event.country.iso2
            data["location"] = {"@type": "Place", "name": event.city or event.country.name, "address": address}
        organisers = [row.organisation.name for row in event.organisations.all() if row.role == "organiser"]
        if organisers:
            data["organizer"] = [{"@type": "Organization", "name": name} for name in organisers]
        return data


def _calendar_response(events, request, filename, name=None):
    response = HttpResponse(
        build_calendar(events, build_url=request.build_absolute_uri, name=name), content_type=CONTENT_TYPE
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class EventFeedView(View):
    """/events/feed.ics: every published event with a known year, narrowed by the list's filters."""

    def get(self, request):
        base = Event.objects.published().with_listing_relations()
        filterset = EventFilterSet(request.GET or None, queryset=base, request=request)
        if filterset.is_bound and not filterset.is_valid():
            reasons = "; ".join(
                f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
                for field, messages in filterset.errors.items()
            )
            return HttpResponseBadRequest(
                _("The calendar filters are not valid: %(reasons)s") % {"reasons": reasons},
                content_type="text/plain; charset=utf-8",
            )
        events = (filterset.qs if filterset.is_bound else base).filter(start_date__isnull=False)
        return _calendar_response(events, request, "armac-events.ics")


class EventCalendarView(View):
    """/events/<slug>/calendar.ics: one event as a calendar file ("add to calendar")."""

    def get(self, request, slug):
        event = get_object_or_404(Event.objects.visible_to(request.user).select_related("country"), slug=slug)
        if event.start_date is None:
            raise Http404(_("This event's year is not known, so it cannot be added to a calendar."))
        return _calendar_response([event], request, f"{event.slug}.ics", name=event.title)
