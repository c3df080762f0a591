"""core.sections: another app's part of a record's page, without the page's app importing it."""

import pytest
from django.db.models import Prefetch

from core import sections
from core.sections import Section
from registry.models import Agreement, Country, Organisation, Person, Study, StudyPartner
from tests.factories import make_study

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("model", "template_name"),
    [
        (Organisation, "events/sections/organisation_events.html"),
        (Person, "events/sections/person_events.html"),
        (Country, "events/sections/country_events.html"),
        (Agreement, "events/sections/agreement_events.html"),
        (Study, "events/sections/study_events.html"),
    ],
)
def test_events_adds_its_section_to_each_registry_page_that_lists_events(model, template_name):
    assert template_name in [section.template_name for section in sections.sections_for(model)]


def test_a_section_prefetches_with_the_page_and_gets_its_record_and_reader(client, monkeypatch):
    study = make_study(title="Feasibility study")
    seen = []

    def context(record, user):
        seen.append((record, user.is_anonymous))
        return {"partners": record.section_partners}

    section = Section(
        "events/sections/study_events.html",  # any template: the test checks the plumbing, not markup
        prefetch=lambda user: [
            Prefetch(
                "partners", queryset=StudyPartner.objects.select_related("organisation"), to_attr="section_partners"
            )
        ],
        context=context,
    )
    monkeypatch.setitem(sections._registered, Study, {section.template_name: section})
    response = client.get(study.get_absolute_url())
    assert response.status_code == 200
    assert seen == [(study, True)]
    (rendered,) = response.context["sections"]
    assert rendered.template_name == section.template_name
    assert rendered.context == {"partners": []}  # read from the page's own query, prefetched


def test_registering_a_template_again_replaces_it(monkeypatch):
    monkeypatch.setitem(sections._registered, Study, {})
    sections.register(Study, Section("events/sections/study_events.html"))
    sections.register(Study, Section("events/sections/study_events.html", context=lambda record, user: {}))
    (only,) = sections.sections_for(Study)
    assert only.context is not None
