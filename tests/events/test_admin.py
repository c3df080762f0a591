"""An admin save of an event and its inline rows is one transaction: all of it or none of it."""

import pytest
from django.db import IntegrityError

from events.models import Event, EventParticipant, Outcome
from registry.models import Citation
from tests import factories as f
from tests.admin_helpers import admin_url, changeform_data

pytestmark = pytest.mark.django_db


def _prefix(page, model):
    return next(i.formset.prefix for i in page.context["inline_admin_formsets"] if i.formset.model is model)


def _change_with_new_rows(admin_client, event):
    """Change the title and add a participant and an outcome in one post."""
    page = admin_client.get(admin_url(Event, "change", event.pk))
    data = changeform_data(page)
    participants, outcomes = _prefix(page, EventParticipant), _prefix(page, Outcome)
    data.update(
        {
            "title": "Renamed",
            f"{participants}-TOTAL_FORMS": "1",
            f"{participants}-0-person": str(f.make_person().pk),
            f"{participants}-0-role": "speaker",
            f"{participants}-0-position": "0",
            f"{outcomes}-TOTAL_FORMS": "1",
            f"{outcomes}-0-text": "A national plan was agreed.",
            f"{outcomes}-0-position": "0",
        }
    )
    return page, data


def _nothing_saved(event):
    event.refresh_from_db()
    assert event.title == "Original"
    assert not EventParticipant.objects.filter(event=event).exists()
    assert not Outcome.objects.filter(event=event).exists()


def test_an_event_change_with_valid_inlines_saves_everything(admin_client):
    event = f.make_event(title="Original")
    _, data = _change_with_new_rows(admin_client, event)
    assert admin_client.post(admin_url(Event, "change", event.pk), data).status_code == 302
    event.refresh_from_db()
    assert event.title == "Renamed"
    assert EventParticipant.objects.filter(event=event).count() == 1
    assert Outcome.objects.filter(event=event).count() == 1


def test_an_invalid_inline_citation_leaves_nothing_saved(admin_client):
    event = f.make_event(title="Original")
    source = f.make_source(text="ARMAC held a workshop.")
    page, data = _change_with_new_rows(admin_client, event)
    citations = _prefix(page, Citation)
    data.update(
        {
            f"{citations}-TOTAL_FORMS": "1",
            f"{citations}-0-source": str(source.pk),
            f"{citations}-0-quote": "words the source never said",
        }
    )
    response = admin_client.post(admin_url(Event, "change", event.pk), data)
    assert response.status_code == 200
    assert "is not in" in response.content.decode()
    _nothing_saved(event)


def test_a_database_failure_in_the_last_inline_rolls_back_the_whole_save(admin_client, monkeypatch):
    event = f.make_event(title="Original")
    _, data = _change_with_new_rows(admin_client, event)

    def fail(*args, **kwargs):
        raise IntegrityError("simulated constraint failure while saving an outcome")

    # Outcomes are saved after the event itself and after its participants.
    monkeypatch.setattr(Outcome, "save", fail)
    with pytest.raises(IntegrityError):
        admin_client.post(admin_url(Event, "change", event.pk), data)
    monkeypatch.undo()
    _nothing_saved(event)
