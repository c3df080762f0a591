"""Public event pages: the filtered list, each event's page, and the iCalendar feed and files."""

from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views import View

from core import provenance
from core.views import FilteredListView, PublicDetailView
from core.visibility import sees_drafts, shown
from registry.models import OrganisationRole

from . import ical
from .filters import EventFilterSet
from .ical import CONTENT_TYPE, build_calendar
from .models import Event, EventStatus, attach_detail_citations


class EventListView(FilteredListView):
    """/events/: every visible event, filtered by the shared EventFilterSet."""

    model = Event
    filterset_class = EventFilterSet
    template_name = "events/event_list.html"
    api_path = "/api/v1/events/"


class EventDetailView(PublicDetailView):
    """One event: the whole record with its people, partners, outcomes and sources."""

    model = Event
    template_name = "events/event_detail.html"

    def get_object(self, queryset=None):
        try:
            event = super().get_object(queryset)
        except Http404:
            raise Http404(_("No event is published at this address.")) from None
        # The references of the event and of its rows (each row's own, and JSON-LD names an organiser only
        # when a source does), read in one query.
        attach_detail_citations(event, self.drafts)
        return event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        # Linked records appear only when the reader may see them: the rule of visible_to(), applied to
        # the records the page's query has already joined rather than asked of the database again.
        drafts = sees_drafts(self.request.user)
        visible = {name: shown(getattr(event, name), drafts) for name in ("country", "agreement", "study", "parent")}
        page_url = self.request.build_absolute_uri(event.get_absolute_url())
        # The lists come prefetched with the event (EventQuerySet.with_detail_relations).
        organisations = event.organisations.all()
        context.update(
            themes=event.themes.all(),
            sessions=event.sessions.all(),
            organisations=organisations,
            participants=event.participants.all(),
            outcomes=event.outcomes.all(),
            citations=provenance.citations_of(event),
            visible_links=visible,
            page_url=page_url,
            description=Truncator(event.summary).words(40, truncate=" …") or event.title,
            structured_data=self.structured_data(event, page_url, organisations, visible["country"]),
        )
        return context

    def structured_data(self, event, page_url, organisations, country):
        """schema.org Event, stating only the facts the sources state (cited ones, core.provenance).

        A fact outside the sources or inferred is shown on the page with its mark, but a machine
        reading JSON-LD would take it as plain fact, so it is left out here; without a cited name
        there is no block at all. `country` is the event's country as the reader may see it.
        """
        # The citations attached are already those the reader may see (core.visibility).
        cited = provenance.covers(Event, [citation.fact for citation in provenance.citations_of(event)])
        if "title" not in cited:
            return None
        status = {
            EventStatus.CANCELLED: "https://schema.org/EventCancelled",
            EventStatus.POSTPONED: "https://schema.org/EventPostponed",
        }.get(event.event_status, "https://schema.org/EventScheduled")
        data = {"@context": "https://schema.org", "@type": "Event", "name": event.title, "url": page_url}
        if "event_status" in cited:
            data["eventStatus"] = status
        if event.online and "online" in cited:
            data["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
        # schema.org dates are ISO 8601; a date without its year cannot be given, so it is left out.
        if event.start and event.start.year is not None and "start" in cited:
            data["startDate"] = event.start.isoformat()
        if event.end and event.end.year is not None and "end" in cited:
            data["endDate"] = event.end.isoformat()
        if event.summary and "summary" in cited:
            data["description"] = event.summary
        city = event.city if "city" in cited else ""
        country = country if "country" in cited else None
        if city or country:
            address = {"@type": "PostalAddress"}
            if city:
                address["addressLocality"] = city
            if country:
                address["addressCountry"] = country.iso2
            data["location"] = {"@type": "Place", "name": city or country.name, "address": address}
        # An organiser row is from the sources when the row cites a passage, or the event cites its organisations.
        organisers = [
            row.organisation.name
            for row in organisations
            if row.role == OrganisationRole.ORGANISER and ("organisations" in cited or provenance.citations_of(row))
        ]
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
    """/events/feed.ics: the published events with a known year, narrowed by the list's filters.

    Bounded and streamed (events.ical): without a date filter, the events from twelve months ago
    onward; never more than ical.FEED_MAX_EVENTS.
    """

    def get(self, request):
        base = Event.objects.published()
        filterset = EventFilterSet(request.GET or None, queryset=base, request=request)
        if filterset.is_bound and not filterset.is_valid():
            reasons = "; ".join(
                f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
                for field, messages in filterset.errors.items()
            )
            return _bad_calendar_request(_("The calendar filters are not valid: %(reasons)s") % {"reasons": reasons})
        try:
            events = ical.bounded_events(filterset.qs if filterset.is_bound else base, request.GET)
        except ical.FeedTooLarge as error:
            return _bad_calendar_request(str(error))
        chunks = ical.streamed(events, build_url=ical.site_url(request))
        response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPE)
        response["Content-Disposition"] = 'inline; filename="armac-events.ics"'
        return response


def _bad_calendar_request(reason):
    return HttpResponseBadRequest(reason, content_type="text/plain; charset=utf-8")


class EventCalendarView(View):
    """/events/<slug>/calendar.ics: one event as a calendar file ("add to calendar")."""

    def get(self, request, slug):
        event = get_object_or_404(Event.objects.visible_to(request.user).select_related("country"), slug=slug)
        if event.start_date is None:
            raise Http404(_("This event's year is not known, so it cannot be added to a calendar."))
        return _calendar_response([event], request, f"{event.slug}.ics", name=event.title)
