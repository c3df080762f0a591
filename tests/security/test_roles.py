"""Staff roles in the admin: viewers read, editors add, change and publish, only superusers run accounts."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission, User

from core.models import PublicationStatus
from events.models import Event, EventExport, EventExportText, Outcome
from registry.models import Organisation
from tests import factories as f
from tests.admin_helpers import admin_url, changeform_data, make_staff

pytestmark = pytest.mark.django_db

RECORD_MODELS = [
    model
    for label in ("registry", "events")
    for model in apps.get_app_config(label).get_models()
    # History rows and stored exports are written by the portal itself, never by staff.
    if not model._meta.model_name.startswith("historical") and model not in {EventExport, EventExportText}
]


@pytest.fixture
def viewer(client):
    client.force_login(make_staff("viewers"))
    return client


@pytest.fixture
def editor(client):
    client.force_login(make_staff("editors"))
    return client


def _codenames(group_name):
    return set(Group.objects.get(name=group_name).permissions.values_list("codename", flat=True))


@pytest.mark.parametrize("model", RECORD_MODELS, ids=lambda m: m._meta.label)
def test_the_groups_cover_every_record_model(model):
    """A model added later without a permissions migration fails here."""
    name = model._meta.model_name
    assert {f"view_{name}", f"add_{name}", f"change_{name}"} <= _codenames("editors")
    assert f"view_{name}" in _codenames("viewers")


def test_viewers_hold_only_view_permissions_and_nobody_but_superusers_holds_account_permissions():
    assert all(codename.startswith("view_") for codename in _codenames("viewers"))
    account_permissions = Permission.objects.filter(content_type__app_label="auth")
    assert not Group.objects.filter(permissions__in=account_permissions).exists()


def test_editors_may_not_delete_whole_records():
    assert not {"delete_event", "delete_organisation", "delete_person", "delete_sourcedocument"} & _codenames("editors")


def test_viewer_reads_changelists_and_change_pages_without_a_save_button(viewer):
    event = f.make_full_event()
    assert viewer.get(admin_url(Event, "changelist")).status_code == 200
    page = viewer.get(admin_url(Event, "change", event.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in page.content.decode()


def test_viewer_cannot_add_change_publish_or_delete(viewer):
    event = f.make_event(status=PublicationStatus.DRAFT, title="Draft workshop")
    assert viewer.get(admin_url(Event, "add")).status_code == 403
    assert viewer.post(admin_url(Event, "add"), {"title": "New"}).status_code == 403
    assert viewer.post(admin_url(Event, "change", event.pk), {"title": "Changed"}).status_code == 403
    assert viewer.post(admin_url(Event, "delete", event.pk), {"post": "yes"}).status_code == 403
    listing = viewer.get(admin_url(Event, "changelist"))
    assert 'value="publish"' not in listing.content.decode()
    viewer.post(admin_url(Event, "changelist"), {"action": "publish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert (event.status, event.title) == (PublicationStatus.DRAFT, "Draft workshop")


def test_viewer_cannot_see_user_accounts(viewer):
    assert viewer.get(admin_url(User, "changelist")).status_code == 403
    assert viewer.get(admin_url(Group, "changelist")).status_code == 403


def test_editor_adds_and_changes_a_record(editor):
    data = changeform_data(editor.get(admin_url(Organisation, "add")))
    data.update(name="Lao National Regulatory Authority", slug="nra", kind="mine-action-authority", status="draft")
    assert editor.post(admin_url(Organisation, "add"), data).status_code == 302
    organisation = Organisation.objects.get(slug="nra")
    data = changeform_data(editor.get(admin_url(Organisation, "change", organisation.pk)))
    data["acronym"] = "NRA"
    assert editor.post(admin_url(Organisation, "change", organisation.pk), data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.acronym == "NRA"


def test_editor_publishes_and_unpublishes(editor):
    event = f.make_event(status=PublicationStatus.DRAFT)
    f.account_for(event)  # the publishing gate: every shown fact cited or marked
    editor.post(admin_url(Event, "changelist"), {"action": "publish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == PublicationStatus.PUBLISHED
    assert event.published_by.groups.filter(name="editors").exists()
    editor.post(admin_url(Event, "changelist"), {"action": "unpublish", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert event.status == PublicationStatus.DRAFT


def test_editor_removes_an_inline_part_but_not_a_whole_record(editor):
    event = f.make_event()
    outcome = f.add_outcome(event)
    assert editor.post(admin_url(Event, "delete", event.pk), {"post": "yes"}).status_code == 403
    assert editor.post(admin_url(Outcome, "delete", outcome.pk), {"post": "yes"}).status_code == 302
    assert Event.objects.filter(pk=event.pk).exists()
    assert not Outcome.objects.filter(pk=outcome.pk).exists()


def test_editor_cannot_touch_user_accounts_or_groups(editor):
    other = make_staff("viewers")
    assert editor.get(admin_url(User, "changelist")).status_code == 403
    assert editor.get(admin_url(User, "add")).status_code == 403
    assert editor.post(admin_url(User, "change", other.pk), {"is_superuser": "on"}).status_code == 403
    assert editor.get(admin_url(Group, "changelist")).status_code == 403
    other.refresh_from_db()
    assert not other.is_superuser


def test_superuser_administers_user_accounts(admin_client):
    assert admin_client.get(admin_url(User, "changelist")).status_code == 200
    assert admin_client.get(admin_url(User, "add")).status_code == 200


def test_a_group_member_without_staff_status_is_sent_to_login(client):
    user = make_staff("editors")
    user.is_staff = False
    user.save()
    client.force_login(user)
    response = client.get(admin_url(Event, "changelist"))
    assert response.status_code == 302
    assert "/login/" in response.url


def test_anonymous_is_sent_to_login_even_for_a_post(client):
    event = f.make_event()
    response = client.post(admin_url(Event, "change", event.pk), {"title": "Defaced"})
    assert response.status_code == 302
    assert "/login/" in response.url
    event.refresh_from_db()
    assert event.title != "Defaced"
