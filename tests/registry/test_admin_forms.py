"""Change forms made for staff: sections in a fixed order, inline tables in their section, every field
explained where its meaning is not plain, wide inputs for long titles, and honest partial dates in lists."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.test import RequestFactory

from events.models import Event, EventOrganisation, EventParticipant, Outcome
from registry.models import (
    Agreement,
    AgreementParty,
    AgreementSignatory,
    Citation,
    Commitment,
    Country,
    FactNote,
    KeyFigure,
    Organisation,
    Person,
    Position,
    Programme,
    ProgrammeOrganisation,
    SourceDocument,
    Study,
    StudyPartner,
)
from tests import factories as f
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db

RECORD_MODELS = [Event, Organisation, Person, Country, Agreement, Study, Programme, SourceDocument]
MAKERS = {
    Event: f.make_full_event,
    Organisation: f.make_organisation,
    Person: f.make_person,
    Country: f.make_country,
    Agreement: f.make_agreement,
    Study: lambda: f.make_study(countries=[f.make_country()]),
    Programme: f.make_programme,
    SourceDocument: f.make_source,
}
SECTIONS = ["What", "When", "Where", "Who", "Provenance", "Publication"]

# The inline tables each record's form shows, and the section each sits in.
INLINE_SECTIONS = {
    Event: {
        Outcome: "What",
        KeyFigure: "What",
        EventOrganisation: "Who",
        EventParticipant: "Who",
        Citation: "Provenance",
        FactNote: "Provenance",
    },
    Person: {Position: "Who", Citation: "Provenance", FactNote: "Provenance"},
    Agreement: {
        Commitment: "What",
        AgreementParty: "Who",
        AgreementSignatory: "Who",
        Citation: "Provenance",
        FactNote: "Provenance",
    },
    Study: {KeyFigure: "What", StudyPartner: "Who", Citation: "Provenance", FactNote: "Provenance"},
    Programme: {KeyFigure: "What", ProgrammeOrganisation: "Who", Citation: "Provenance", FactNote: "Provenance"},
    Organisation: {Citation: "Provenance", FactNote: "Provenance"},
    Country: {Citation: "Provenance", FactNote: "Provenance"},
    SourceDocument: {Citation: "Provenance", FactNote: "Provenance"},
}

# Fields whose label says all there is to say. Every other field on a record's form, its inline rows
# included, carries help text on the model, so the admin and the API schema explain it alike.
PLAIN_FIELDS = {
    "title",
    "name",
    "summary",
    "description",
    "website",
    "city",
    "place_city",
    "place_country",
    "kind",
    "country",
    "person",
    "organisation",
    "role",
    "label",
    "language",
    "start",
    "end",
}


def _request(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    return request


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.__name__)
def test_the_change_form_is_in_sections_in_the_fixed_order(admin_user, model):
    model_admin = admin.site.get_model_admin(model)
    names = [str(name) for name, _options in model_admin.get_fieldsets(_request(admin_user))]
    assert names == [name for name in SECTIONS if name in names]
    assert names[-2:] == ["Provenance", "Publication"]
    assert names[0] in {"What", "Who"}


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.__name__)
def test_every_editable_field_is_on_the_form(admin_user, model):
    """A field left out of the fieldsets would silently drop out of the form."""
    model_admin = admin.site.get_model_admin(model)
    shown = set(flatten_fieldsets(model_admin.get_fieldsets(_request(admin_user))))
    editable = {field.name for field in [*model._meta.fields, *model._meta.many_to_many] if field.editable}
    assert editable - {"id"} - shown == set()


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.__name__)
def test_inline_tables_sit_in_their_section(admin_client, model):
    obj = MAKERS[model]()
    context = admin_client.get(admin_url(model, "change", obj.pk)).context
    placed = {formset.formset.model: str(fieldset.name) for fieldset, group in context["sections"] for formset in group}
    assert placed == INLINE_SECTIONS[model]
    assert context["unplaced_inline_formsets"] == []


def test_inline_tables_render_inside_the_page_in_section_order(admin_client):
    event = f.make_full_event()
    body = admin_client.get(admin_url(Event, "change", event.pk)).content.decode()
    order = [
        '">What</h2>',
        'id="outcomes-heading"',
        '">Who</h2>',
        'id="organisations-heading"',
        'id="participants-heading"',
        '">Provenance</h2>',
        'id="registry-citation-content_type-object_id-heading"',
        '">Publication</h2>',
    ]
    positions = [body.index(marker) for marker in order]
    assert positions == sorted(positions)


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m.__name__)
def test_every_field_whose_meaning_is_not_plain_has_help_text(admin_user, model):
    request = _request(admin_user)
    model_admin = admin.site.get_model_admin(model)
    forms = [(model, model_admin.get_form(request)().fields)]
    for inline in model_admin.get_inline_instances(request):
        forms.append((inline.model, inline.get_formset(request).form().fields))
    missing = [
        f"{form_model.__name__}.{name}"
        for form_model, fields in forms
        for name in fields
        if name not in PLAIN_FIELDS
        and name not in {"id", "DELETE", "content_type", "object_id"}
        and not form_model._meta.get_field(name).help_text
    ]
    assert missing == []


def test_long_titles_get_wide_inputs_and_short_codes_do_not(admin_client):
    event = f.make_event()
    body = admin_client.get(admin_url(Event, "change", event.pk)).content.decode()
    assert 'class="vTextField wide-input" maxlength="400"' in body
    assert 'name="city" class="vTextField" maxlength="100"' in body


def test_partial_dates_read_as_readers_see_them_in_change_lists(admin_client):
    f.make_event(title="Regional dialogue", start="--05-23", end="--05-27")
    f.make_agreement(title="Joint statement", signed_on="2025-07")
    events = admin_client.get(admin_url(Event, "changelist")).content.decode()
    assert "23 May, year not stated" in events
    assert "27 May, year not stated" in events
    assert "--05-23" not in events
    agreements = admin_client.get(admin_url(Agreement, "changelist")).content.decode()
    assert "July 2025" in agreements


def test_the_event_list_sorts_by_the_derived_start_day(admin_client):
    f.make_event(title="Later", start="2025-07-04")
    f.make_event(title="Earlier", start="2024-12")
    page = admin_client.get(admin_url(Event, "changelist"), {"o": "2"})  # the start column, ascending
    titles = [str(event) for event in page.context["cl"].result_list]
    assert titles == ["Earlier", "Later"]


def _add_person(admin_client, **values):
    data = changeform_data(admin_client.get(admin_url(Person, "add")))
    data.update(status="draft", **values)
    return admin_client.post(admin_url(Person, "add"), data)


def test_a_slug_left_empty_is_transliterated_from_the_name(admin_client):
    response = _add_person(admin_client, name="Nguyễn Thị Hương", slug="")
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Person.objects.get(name="Nguyễn Thị Hương").slug == "nguyen-thi-huong"


def test_a_slug_left_empty_is_made_from_an_event_title(admin_client):
    data = changeform_data(admin_client.get(admin_url(Event, "add")))
    data.update(title="Hội thảo tại Đà Nẵng", slug="", kind="workshop", status="draft", event_status="held")
    response = admin_client.post(admin_url(Event, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Event.objects.get(title="Hội thảo tại Đà Nẵng").slug == "hoi-thao-tai-da-nang"


def test_a_typed_slug_is_kept_as_typed(admin_client):
    _add_person(admin_client, name="Nguyễn Thị Hương", slug="huong-nguyen")
    assert Person.objects.get(name="Nguyễn Thị Hương").slug == "huong-nguyen"


def test_a_name_in_khmer_script_without_a_slug_is_refused_with_a_message_asking_for_one(admin_client):
    response = _add_person(admin_client, name="ហ៊ុន សែន", slug="")
    assert response.status_code == 200
    (message,) = response.context["adminform"].form.errors["slug"]
    assert "written in Khmer script" in message and "type the slug yourself" in message
    assert not Person.objects.filter(name="ហ៊ុន សែន").exists()


def test_a_made_slug_already_taken_is_a_form_error(admin_client):
    f.make_person(name="Somebody Else", slug="nguyen-thi-huong")
    response = _add_person(admin_client, name="Nguyễn Thị Hương", slug="")
    assert response.status_code == 200
    assert "already exists" in str(response.context["adminform"].form.errors["slug"])


def test_the_slug_field_says_how_an_empty_slug_is_made(admin_client):
    body = admin_client.get(admin_url(Person, "add")).content.decode()
    assert "Left empty, it is made from the name as usually written on saving" in body
    assert 'src="/static/js/admin-slugs.js"' in body
