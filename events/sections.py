"""The events section of registry pages: an organisation's, a person's, a country's, an agreement's, a study's events.

Registered for those pages in EventsConfig.ready() (core.sections), so registry never imports
events. Each section lists only the events its reader may see, a page at a time (core.sections
paginates it): two queries of its own, a count and the page's rows, however many events there are.
"""

from django.db.models import F

from core.sections import Section, register
from core.visibility import sees_drafts, visible_rows
from registry.models import Agreement, Country, Organisation, Person, Study

from .models import Event, EventOrganisation, EventParticipant

# Newest first, as the event list: the rows of a section are read a page at a time (core.sections),
# so a country with ten thousand events costs its page what a country with ten does.
NEWEST_EVENT_FIRST = (F("event__start_date").desc(nulls_last=True), "event__title", "event__id", "id")


def organisation_roles(organisation, user):
    # visible_rows drops a row whose event (or organisation) the reader may not see (core.visibility).
    roles = visible_rows(EventOrganisation.objects.filter(organisation=organisation), sees_drafts(user))
    return {"roles": roles.select_related("event").order_by(*NEWEST_EVENT_FIRST)}


def person_participations(person, user):
    participations = visible_rows(EventParticipant.objects.filter(person=person), sees_drafts(user))
    return {"participations": participations.select_related("event", "organisation").order_by(*NEWEST_EVENT_FIRST)}


SECTIONS = {
    Organisation: Section("events/sections/organisation_events.html", context=organisation_roles, paginate="roles"),
    Person: Section("events/sections/person_events.html", context=person_participations, paginate="participations"),
    Country: Section(
        "events/sections/country_events.html",
        context=lambda country, user: {
            "events": Event.objects.visible_to(user).filter(country=country).with_listing_relations(sees_drafts(user))
        },
        paginate="events",
    ),
    Agreement: Section(
        "events/sections/agreement_events.html",
        context=lambda agreement, user: {"events": Event.objects.visible_to(user).filter(agreement=agreement)},
        paginate="events",
    ),
    Study: Section(
        "events/sections/study_events.html",
        context=lambda study, user: {"events": Event.objects.visible_to(user).filter(study=study)},
        paginate="events",
    ),
}


def register_sections():
    """Show each record's events on its registry page (EventsConfig.ready)."""
    for model, section in SECTIONS.items():
        register(model, section)
