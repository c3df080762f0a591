"""The events section of registry pages: an organisation's, a person's, a country's, an agreement's, a study's events.

Registered for those pages in EventsConfig.ready() (core.sections), so registry never imports
events. Each section lists only the events its reader may see, with the same queries the pages
always made: a prefetch with the page's record, or one query of its own.
"""

from django.db.models import Prefetch

from core.sections import Section, register
from core.visibility import sees_drafts, visible_prefetch
from registry.models import Agreement, Country, Organisation, Person, Study

from .models import Event, EventOrganisation, EventParticipant


def organisation_roles(user):
    roles = EventOrganisation.objects.select_related("event")
    return [visible_prefetch("event_roles", roles, sees_drafts(user))]


def person_participations(user):
    participations = EventParticipant.objects.select_related("event", "organisation")
    return [visible_prefetch("participations", participations, sees_drafts(user))]


def study_events(user):
    return [Prefetch("events", queryset=Event.objects.visible_to(user))]


SECTIONS = {
    Organisation: Section(
        "events/sections/organisation_events.html",
        prefetch=organisation_roles,
        context=lambda organisation, user: {"roles": organisation.event_roles.all()},
    ),
    Person: Section(
        "events/sections/person_events.html",
        prefetch=person_participations,
        context=lambda person, user: {"participations": person.participations.all()},
    ),
    Country: Section(
        "events/sections/country_events.html",
        context=lambda country, user: {
            "events": Event.objects.visible_to(user).filter(country=country).with_listing_relations(sees_drafts(user))
        },
    ),
    Agreement: Section(
        "events/sections/agreement_events.html",
        context=lambda agreement, user: {"events": Event.objects.visible_to(user).filter(agreement=agreement)},
    ),
    Study: Section(
        "events/sections/study_events.html",
        prefetch=study_events,
        context=lambda study, user: {"events": study.events.all()},
    ),
}


def register_sections():
    """Show each record's events on its registry page (EventsConfig.ready)."""
    for model, section in SECTIONS.items():
        register(model, section)
