"""The staff admin: every page of every registered model answers, costs a fixed number of queries,
publishes and unpublishes, edits lists one per line, limits pasted sources and refuses deletes
that would take other records with them."""

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import strip_tags

from core.models import PublicationStatus
from events.models import Event, EventExport, EventExportText, EventOrganisation, EventParticipant, Outcome
from registry.admin.sources import MAX_SOURCE_TEXT_BYTES
from registry.models import (
    Agreement,
    AgreementParty,
    AgreementSignatory,
    Citation,
    Commitment,
    CommitmentText,
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
    Theme,
)
from tests import factories as f
from tests.admin_helpers import admin_url, changeform_data, make_staff

pytestmark = pytest.mark.django_db

_users = iter(range(1, 10**6))

# One way to make a valid row of every model the admin shows. A model registered without an
# entry here fails test_every_registered_model_has_a_factory, so a new model is never skipped.
MAKERS = {
    Country: f.make_country,
    Organisation: f.make_organisation,
    Person: f.make_person,
    Position: f.make_position,
    SourceDocument: f.make_source,
    Citation: lambda: f.cite(f.make_event()),
    FactNote: lambda: f.note_facts(f.make_country()),
    Agreement: f.make_agreement,
    AgreementParty: lambda: f.add_party(f.make_agreement()),
    AgreementSignatory: lambda: f.add_signatory(f.make_agreement()),
    Commitment: lambda: f.add_commitment(f.make_agreement()),
    CommitmentText: lambda: f.add_commitment(f.make_agreement()).texts.get(),
    Study: lambda: f.make_study(countries=[f.make_country()]),
    StudyPartner: lambda: f.add_study_partner(f.make_study()),
    Programme: f.make_programme,
    ProgrammeOrganisation: lambda: f.add_programme_organisation(f.make_programme()),
    KeyFigure: lambda: f.add_key_figure(f.make_programme()),
    Theme: f.make_theme,
    Event: f.make_full_event,
    EventOrganisation: lambda: f.add_organisation(f.make_event()),
    EventParticipant: lambda: f.add_participant(f.make_event()),
    Outcome: lambda: f.add_outcome(f.make_event()),
    User: lambda: User.objects.create_user(f"user-{next(_users)}"),
    Group: lambda: Group.objects.create(name=f"group-{next(_users)}"),
}

# Our own models (and Django's users and groups) get every test; the admins that libraries
# register (lockout logs, API tokens) get the changelist and login checks, which need no row.
OWN_APPS = {"registry", "events", "auth"}
ALL_REGISTERED = sorted(
    (model for model in apps.get_models() if admin.site.is_registered(model)), key=lambda model: model._meta.label
)
REGISTERED = [model for model in ALL_REGISTERED if model._meta.app_label in OWN_APPS]
LIBRARY_REGISTERED = [model for model in ALL_REGISTERED if model._meta.app_label not in OWN_APPS]


def _id(model):
    return model._meta.label


def test_every_registered_model_has_a_factory():
    assert set(REGISTERED) <= set(MAKERS), "add a maker to MAKERS for each newly registered model"


def test_every_registry_and_events_model_is_in_the_admin():
    from django.apps import apps

    models = [
        model
        for label in ("registry", "events")
        for model in apps.get_app_config(label).get_models()
        # History rows and stored exports are written by the portal itself, never by staff.
        if not model._meta.model_name.startswith("historical") and model not in {EventExport, EventExportText}
    ]
    assert [m for m in models if not admin.site.is_registered(m)] == []


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_changelist_add_change_and_history_pages_answer_for_a_superuser(admin_client, model):
    obj = MAKERS[model]()
    for url in (
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
        admin_url(model, "history", obj.pk),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("model", LIBRARY_REGISTERED, ids=_id)
def test_library_admin_changelists_answer_for_a_superuser_and_send_anonymous_to_login(admin_client, client, model):
    url = admin_url(model, "changelist")
    assert admin_client.get(url).status_code == 200
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response.url


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_changelist_search_answers_for_a_superuser(admin_client, model):
    MAKERS[model]()
    response = admin_client.get(admin_url(model, "changelist"), {"q": "Ha Noi 2025"})
    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_anonymous_visitors_are_sent_to_the_login_page(client, model):
    obj = MAKERS[model]()
    for url in (admin_url(model, "changelist"), admin_url(model, "add"), admin_url(model, "change", obj.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login/" in response.url


def _changelist_queries(client, model):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("model", REGISTERED, ids=_id)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, model):
    with f.one_export_rebuild():
        for _ in range(3):
            MAKERS[model]()
    few = _changelist_queries(admin_client, model)
    with f.one_export_rebuild():
        for _ in range(27):
            MAKERS[model]()
    many = _changelist_queries(admin_client, model)
    assert model.objects.count() >= 30
    assert many == few


def test_publish_action_records_who_and_when(admin_client, admin_user):
    drafts = [f.make_event(status=PublicationStatus.DRAFT) for _ in range(2)]
    for draft in drafts:
        f.account_for(draft)  # the publishing gate: every shown fact cited or marked
    response = admin_client.post(
        admin_url(Event, "changelist"), {"action": "publish", "_selected_action": [e.pk for e in drafts]}
    )
    assert response.status_code == 302
    for event in drafts:
        event.refresh_from_db()
        assert event.status == PublicationStatus.PUBLISHED
        assert event.published_by == admin_user
        assert event.published_at is not None
        assert event.history.first().history_user == admin_user


def test_publishing_through_the_change_form_records_who_and_when(admin_client, admin_user):
    draft = f.make_organisation(status=PublicationStatus.DRAFT)
    f.account_for(draft)  # the publishing gate: every shown fact cited or marked
    data = changeform_data(admin_client.get(admin_url(Organisation, "change", draft.pk)))
    data["status"] = PublicationStatus.PUBLISHED
    response = admin_client.post(admin_url(Organisation, "change", draft.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED
    assert draft.published_by == admin_user
    assert draft.published_at is not None
    assert draft.history.first().history_user == admin_user

    # Saving the published record again changes neither who published it nor when.
    published_at = draft.published_at
    data = changeform_data(admin_client.get(admin_url(Organisation, "change", draft.pk)))
    data["name"] = "Renamed after publishing"
    assert admin_client.post(admin_url(Organisation, "change", draft.pk), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.name, draft.published_at) == ("Renamed after publishing", published_at)


def test_unpublish_action_returns_records_to_draft(admin_client):
    organisation = f.make_organisation()
    response = admin_client.post(
        admin_url(Organisation, "changelist"), {"action": "unpublish", "_selected_action": [organisation.pk]}
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == PublicationStatus.DRAFT


def test_a_draft_offers_a_preview_of_its_public_page(admin_client):
    draft = f.make_event(status=PublicationStatus.DRAFT)
    listing = admin_client.get(admin_url(Event, "changelist"))
    assert f'href="{draft.get_absolute_url()}">preview draft<' in listing.content.decode()
    change = admin_client.get(admin_url(Event, "change", draft.pk))
    assert "View on site" in change.content.decode()


def test_the_preview_link_shows_staff_the_draft_public_page(admin_client, client):
    draft = f.make_event(status=PublicationStatus.DRAFT, title="Workshop not yet announced")
    link = admin_client.get(f"/{settings.ADMIN_URL}r/{ContentType.objects.get_for_model(Event).pk}/{draft.pk}/")
    assert link.status_code == 302
    assert link.url.endswith(draft.get_absolute_url())
    assert "Workshop not yet announced" in admin_client.get(draft.get_absolute_url()).content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_other_names_are_edited_one_per_line(admin_client):
    page = admin_client.get(admin_url(Organisation, "add"))
    data = changeform_data(page)
    data.update(name="Cambodian Mine Action Centre", slug="cmac", kind="mine-action-authority", status="draft")
    data["other_names"] = "CMAC\n\n  Centre Cambodgien de Lutte contre les Mines  \n"
    response = admin_client.post(admin_url(Organisation, "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    organisation = Organisation.objects.get(slug="cmac")
    assert organisation.other_names == ["CMAC", "Centre Cambodgien de Lutte contre les Mines"]
    change = admin_client.get(admin_url(Organisation, "change", organisation.pk))
    assert "CMAC\nCentre Cambodgien de Lutte contre les Mines</textarea>" in change.content.decode()


def _source_data(admin_client, text):
    data = changeform_data(admin_client.get(admin_url(SourceDocument, "add")))
    data.update(title="Pasted", slug="pasted", kind="news-article", languages="en", status="draft", text=text)
    data["original_address"] = "javascript:alert(1)"
    return data


def test_a_pasted_source_text_is_stored_as_plain_text(admin_client):
    response = admin_client.post(admin_url(SourceDocument, "add"), _source_data(admin_client, "<b>Plain</b> text."))
    assert response.status_code == 302
    source = SourceDocument.objects.get(slug="pasted")
    assert source.text == "<b>Plain</b> text."
    assert source.languages == ["en"]
    page = admin_client.get(admin_url(SourceDocument, "change", source.pk)).content.decode()
    assert 'href="javascript:alert(1)"' not in page
    assert "&lt;b&gt;Plain&lt;/b&gt; text." in page


def test_a_pasted_source_text_over_the_limit_is_refused_with_a_form_error(admin_client):
    text = "a" * (MAX_SOURCE_TEXT_BYTES + 1)
    response = admin_client.post(admin_url(SourceDocument, "add"), _source_data(admin_client, text))
    assert response.status_code == 200
    assert "paste at most 200.0\xa0KB" in str(response.context["adminform"].form.errors["text"])
    assert not SourceDocument.objects.filter(slug="pasted").exists()


def test_deleting_a_person_who_signed_an_agreement_is_refused_naming_the_signature(admin_client):
    signatory = f.add_signatory(f.make_agreement())
    url = admin_url(Person, "delete", signatory.person.pk)
    page = admin_client.get(url)
    assert str(signatory) in page.content.decode()
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Cannot delete" in response.content.decode() or "would require deleting" in response.content.decode()
    assert Person.objects.filter(pk=signatory.person.pk).exists()


def test_deleting_a_cited_record_is_refused_rather_than_losing_its_citations(admin_client):
    programme = f.make_programme()
    citation = f.cite(programme)
    response = admin_client.post(admin_url(Programme, "delete", programme.pk), {"post": "yes"})
    assert response.status_code == 200
    assert "Citation:" in response.content.decode()
    assert Programme.objects.filter(pk=programme.pk).exists()
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_deleting_a_theme_in_use_is_refused_naming_the_record_that_uses_it(admin_client):
    theme = f.make_theme()
    agreement = f.make_agreement(title="Joint statement on mine action")
    agreement.themes.add(theme)
    response = admin_client.post(admin_url(Theme, "delete", theme.pk), {"post": "yes"})
    assert "Agreement: Joint statement on mine action" in response.content.decode()
    assert Theme.objects.filter(pk=theme.pk).exists()


def test_the_delete_action_refuses_referenced_records_too(admin_client):
    organisation = f.make_organisation()
    f.add_study_partner(f.make_study(), organisation=organisation)
    response = admin_client.post(
        admin_url(Organisation, "changelist"),
        {"action": "delete_selected", "_selected_action": [organisation.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_a_record_nothing_refers_to_can_be_deleted(admin_client):
    organisation = f.make_organisation()
    response = admin_client.post(admin_url(Organisation, "delete", organisation.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Organisation.objects.filter(pk=organisation.pk).exists()
    # The deleted row is still in its history.
    assert Organisation.history.filter(id=organisation.pk, history_type="-").exists()


def test_an_inline_row_others_cite_cannot_be_ticked_away(admin_client):
    event = f.make_event()
    participant = f.add_participant(event)
    f.cite(participant)
    page = admin_client.get(admin_url(Event, "change", event.pk))
    data = changeform_data(page)
    inlines = page.context["inline_admin_formsets"]
    prefix = next(inline.formset.prefix for inline in inlines if inline.formset.model is EventParticipant)
    data[f"{prefix}-0-DELETE"] = "on"
    response = admin_client.post(admin_url(Event, "change", event.pk), data)
    assert response.status_code == 200
    assert "cannot be removed while these refer to it" in response.content.decode()
    assert EventParticipant.objects.filter(pk=participant.pk).exists()


def test_superuser_fixture_is_a_superuser(admin_user):
    # Guards the tests above: they prove nothing if admin_client were not a superuser.
    assert admin_user.is_superuser
    assert make_staff().is_superuser


def test_the_admin_carries_the_portal_name_and_mark(admin_client, client):
    from django.contrib.staticfiles import finders

    for page in (client.get(f"/{settings.ADMIN_URL}login/"), admin_client.get(f"/{settings.ADMIN_URL}")):
        body = page.content.decode()
        assert "ARMAC Portal — staff</span>" in body
        assert "| ARMAC Portal — staff</title>" in body
        assert 'src="/static/img/mark.svg"' in body
        assert "Django administration" not in body
    assert finders.find("img/mark.svg") and finders.find("css/admin.css")


def _refusal_items(response):
    """The refused delete page's list as text: each record line, with the rows under it (Django's unordered_list)."""
    assert response.status_code == 200
    return [item if isinstance(item, list) else strip_tags(item) for item in response.context["protected"]]


def test_a_refused_delete_names_each_referring_record_once_with_its_title(admin_client):
    armac = f.make_organisation(name="ASEAN Regional Mine Action Centre", acronym="ARMAC")
    signing = f.make_event(title="Signing of the UNDP–ARMAC Memorandum of Understanding")
    dialogue = f.make_event(title="Regional High-Level Dialogue")
    f.add_organisation(signing, armac, role="partner")
    f.add_organisation(signing, armac, role="host")
    f.add_organisation(dialogue, armac, role="organiser")
    f.add_participant(dialogue, title_held="Executive Director", organisation=armac)
    study = f.make_study(title="Feasibility Study on Physical Rehabilitation", lead_organisation=armac)

    response = admin_client.post(admin_url(Organisation, "delete", armac.pk), {"post": "yes"})
    items = _refusal_items(response)
    records = [item for item in items if isinstance(item, str)]
    assert records == [
        f"Event: {dialogue.title}",
        f"Event: {signing.title}",
        f"Study: {study.title}",
    ]
    rows_of_signing = items[items.index(f"Event: {signing.title}") + 1]
    assert rows_of_signing == [
        "Organisation in event: ASEAN Regional Mine Action Centre (ARMAC) — host",
        "Organisation in event: ASEAN Regional Mine Action Centre (ARMAC) — partner",
    ]
    rows_of_dialogue = items[items.index(f"Event: {dialogue.title}") + 1]
    assert rows_of_dialogue == [
        "Organisation in event: ASEAN Regional Mine Action Centre (ARMAC) — organiser",
        f"Participant: {dialogue.participants.get().person} (panelist)",
    ]
    page = response.content.decode()
    assert page.count(signing.title) == 1
    assert f'<a href="{admin_url(Event, "change", signing.pk)}">Event: {signing.title}</a>' in page
    assert Organisation.objects.filter(pk=armac.pk).exists()


def test_a_refused_delete_counts_rows_that_read_the_same_instead_of_repeating_them(admin_client):
    armac = f.make_organisation(name="ARMAC")
    person = f.make_person(name="Rothna Buth")
    for _ in range(3):  # the same title, stated by three sources
        f.make_position(person=person, title="Executive Director", organisation=armac)
    items = _refusal_items(admin_client.post(admin_url(Organisation, "delete", armac.pk), {"post": "yes"}))
    assert items == ["Person: Rothna Buth", ["Position: Rothna Buth, Executive Director (ARMAC) (3 rows)"]]


def test_deleting_a_cited_source_names_each_cited_record_and_not_the_source_again(admin_client):
    source = f.make_source(title="UNDP and ARMAC renew their partnership", text="The MoU was signed on 4 July 2025.")
    event = f.make_event(title="Signing of the MoU")
    f.cite(event, source=source, quote="The MoU was signed", fact="title")
    f.cite(event, source=source, quote="4 July 2025", fact="start")
    items = _refusal_items(admin_client.post(admin_url(SourceDocument, "delete", source.pk), {"post": "yes"}))
    assert items == [
        "Event: Signing of the MoU",
        ["Citation [start]: “4 July 2025”", "Citation [title]: “The MoU was signed”"],
    ]
