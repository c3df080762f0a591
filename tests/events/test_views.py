"""The public event pages: the filtered list, each event's page, the feed and per-event calendar files."""

import datetime as dt
import json
import re

import icalendar
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.models import PublicationStatus
from events import ical
from events.models import EventStatus, Outcome, ParticipantRole
from tests.factories import (
    add_organisation,
    add_participant,
    cite,
    make_agreement,
    make_country,
    make_event,
    make_full_event,
    make_organisation,
    make_person,
    make_source,
    make_study,
    make_theme,
    one_export_rebuild,
)

pytestmark = pytest.mark.django_db

LIST = reverse("events:list")
FEED = reverse("events:feed")


def days_from_today(days):
    """A day relative to today, as a partial-date string: the feed holds the last twelve months onward."""
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def streamed_text(response):
    """The body of a streamed response (the feed), read whole."""
    return b"".join(response.streaming_content).decode("utf-8")


def feed_summaries(response):
    return [str(c["SUMMARY"]) for c in icalendar.Calendar.from_ical(streamed_text(response)).walk("VEVENT")]


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("editor", password="x" * 16, is_staff=True)
    client.force_login(user)
    return client


def listed_titles(response):
    return [event.title for event in response.context["object_list"]]


# The list and its filters


def test_event_list_shows_published_events_only():
    make_event(title="Public workshop")
    make_event(title="Secret draft", status=PublicationStatus.DRAFT)
    from django.test import Client

    response = Client().get(LIST)
    assert response.status_code == 200
    assert "Public workshop" in listed_titles(response)
    assert "Secret draft" not in response.content.decode()


def test_staff_see_drafts_in_the_list_marked_as_draft(staff_client):
    make_event(title="Draft dialogue", status=PublicationStatus.DRAFT)
    response = staff_client.get(LIST)
    assert "Draft dialogue" in listed_titles(response)
    assert "status-draft" in response.content.decode()


def test_event_list_filters_by_country_and_kind(client):
    viet_nam = make_country(iso3="VNM", iso2="VN", name="Viet Nam")
    laos = make_country(iso3="LAO", iso2="LA", name="Lao PDR")
    make_event(title="Workshop in Ha Noi", country=viet_nam, kind="workshop")
    make_event(title="Signing in Ha Noi", country=viet_nam, kind="signing")
    make_event(title="Workshop in Vientiane", country=laos, kind="workshop")
    response = client.get(LIST, {"country": "vnm", "kind": "workshop"})
    assert response.status_code == 200
    assert listed_titles(response) == ["Workshop in Ha Noi"]


def test_event_list_filters_by_theme_partner_year_and_text(client):
    theme = make_theme(slug="victim-assistance")
    partner = make_organisation(slug="undp")
    tagged = make_event(title="Rehabilitation dialogue", start="2024-05-09")
    tagged.themes.add(theme)
    add_organisation(tagged, partner)
    make_event(title="Other meeting", start="2025-01-10")
    assert listed_titles(client.get(LIST, {"theme": "victim-assistance"})) == ["Rehabilitation dialogue"]
    assert listed_titles(client.get(LIST, {"partner": "undp"})) == ["Rehabilitation dialogue"]
    assert listed_titles(client.get(LIST, {"year": "2024"})) == ["Rehabilitation dialogue"]
    assert listed_titles(client.get(LIST, {"search": "rehabilitation"})) == ["Rehabilitation dialogue"]
    assert listed_titles(client.get(LIST, {"date_from": "2025-01-01"})) == ["Other meeting"]


def test_event_list_sorts_by_title(client):
    make_event(title="Bravo")
    make_event(title="Alpha")
    assert listed_titles(client.get(LIST, {"ordering": "title"})) == ["Alpha", "Bravo"]
    assert listed_titles(client.get(LIST, {"ordering": "-title"})) == ["Bravo", "Alpha"]


@pytest.mark.parametrize(
    "params",
    [
        {"country": "Viet Nam"},
        {"country": "ZZZ"},
        {"date_from": "15 December"},
        {"date_to": "2025-13-45"},
        {"year": "twenty"},
        {"year": "99999999999999999999"},
        {"kind": "party"},
        {"theme": "no-such-theme"},
        {"partner": "<script>"},
        {"ordering": "password"},
        {"modified_since": "yesterday"},
        {"colour": "red"},
        {"search": "x" * 500},
    ],
)
def test_malformed_filter_shows_the_form_error_instead_of_failing(client, params):
    make_event()
    response = client.get(LIST, params)
    assert response.status_code == 400
    body = response.content.decode()
    assert "These filters could not be applied" in body or "field-errors" in body
    assert response.context["object_list"].count() == 0
    assert "<script>" not in body.split("<main")[1]


def test_a_page_number_beyond_the_end_is_not_found_not_an_error(client):
    make_event()
    assert client.get(LIST, {"page": "99"}).status_code == 404
    assert client.get(LIST, {"page": "abc"}).status_code == 404


def test_empty_filtered_list_says_so_and_offers_the_full_list(client):
    make_event(kind="workshop")
    response = client.get(LIST, {"kind": "signing"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "No event matches these filters" in body
    assert 'href="/events/"' in body


def test_the_count_reads_as_a_sentence(client):
    make_event(kind="workshop")
    make_event(kind="signing")
    assert "2 records." in client.get(LIST).content.decode()
    assert "1 record matches these filters." in client.get(LIST, {"kind": "workshop"}).content.decode()
    assert "0 records match these filters." in client.get(LIST, {"kind": "plenary-session"}).content.decode()


def test_filter_selects_offer_any_and_keep_the_chosen_value(client):
    body = client.get(LIST, {"kind": "workshop"}).content.decode()
    assert '<option value="workshop" selected>' in body
    assert '<option value="">Any</option>' in body  # the kind select, and the others left open:
    assert '<option value="" selected>Any</option>' in body
    assert '<option value="" selected>Default order</option>' in body
    assert "---------" not in body


def test_export_links_carry_exactly_the_current_filters(client):
    make_country(iso3="VNM", iso2="VN")
    make_event()
    response = client.get(LIST, {"country": "VNM", "kind": "workshop", "page": "1"})
    body = response.content.decode()
    assert 'href="/api/v1/events/?country=VNM&amp;kind=workshop&amp;format=csv"' in body
    assert 'href="/api/v1/events/?country=VNM&amp;kind=workshop&amp;format=json"' in body
    assert 'href="/events/feed.ics?country=VNM&amp;kind=workshop"' in body


def test_cancelled_and_postponed_events_are_labelled_in_the_list(client):
    make_event(title="Called off", event_status=EventStatus.CANCELLED)
    make_event(title="Moved", event_status=EventStatus.POSTPONED)
    body = client.get(LIST).content.decode()
    assert 'class="status-label status-cancelled">Cancelled<' in body
    assert 'class="status-label status-postponed">Postponed<' in body


@pytest.mark.parametrize("rows", [5, 50])
def test_event_list_query_count_does_not_grow_with_rows(client, django_assert_num_queries, rows):
    country = make_country()
    theme = make_theme()
    parent = make_event(title="Parent dialogue")
    with one_export_rebuild():
        for _ in range(rows):
            make_event(country=country, parent=parent).themes.add(theme)
    # savepoint pair (ATOMIC_REQUESTS), count, the country, theme and partner-organisation choices of
    # the filter form, the page of events (country and parent joined), their themes: the same for 5 rows or 50.
    with django_assert_num_queries(8):
        response = client.get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    # every row on the page shows its theme and its parent
    assert body.count(f'<ul class="tags" aria-label="Themes"><li>{theme.name}</li></ul>') == min(rows, 20)
    assert body.count(f'Part of <a href="{parent.get_absolute_url()}">Parent dialogue</a>') == min(rows, 20)


def test_filtered_list_query_count_stays_flat(client, django_assert_num_queries):
    country = make_country(iso3="VNM", iso2="VN")
    with one_export_rebuild():
        for _ in range(30):
            make_event(country=country)
    # as above, plus the country lookup that validates ?country=
    with django_assert_num_queries(9):
        client.get(LIST, {"country": "VNM"})


# The event page


def test_event_page_shows_the_whole_record(client):
    event = make_full_event(title="Regional High-Level Dialogue", start="--12-15")
    session = make_event(title="Plenary Session 2", parent=event, kind="plenary-session")
    Outcome.objects.create(event=event, text="Shared commitment to a mine-free ASEAN")
    agreement = make_agreement(title="UNDP–ARMAC MoU")
    event.agreement = agreement
    event.save()
    add_participant(event, role=ParticipantRole.MODERATOR, title_held="Senior Minister")
    response = client.get(event.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    assert '<time datetime="12-15">15 December, year not stated</time>' in body  # markup, not escaped text
    assert session.title in body
    assert "Senior Minister" in body and "moderator" in body
    assert "Executive Director" in body
    assert "organiser" in body
    assert "Shared commitment to a mine-free ASEAN" in body
    assert "UNDP–ARMAC MoU" in body
    assert "56" in body
    assert event.citations.get().quote in body
    # no year, no calendar file
    assert reverse("events:calendar", kwargs={"slug": event.slug}) not in body


def test_event_page_has_json_ld_and_open_graph(client):
    event = make_full_event(title="Workshop </script><script>alert(1)</script>", start="2025-04-04")
    # JSON-LD states only facts from the sources (core.provenance): these three are cited.
    for fact in ("record", "start", "event_status"):
        cite(event, fact=fact)
    body = client.get(event.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Event"
    assert data["name"] == event.title
    assert data["startDate"] == "2025-04-04"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert "</script><script>" not in block
    assert '<meta property="og:title" content="Workshop &lt;/script&gt;' in body
    assert "<script>alert(1)</script>" not in body
    url = f"http://testserver{event.get_absolute_url()}"
    assert data["url"] == url
    assert f'<meta property="og:url" content="{url}">' in body and f'<link rel="canonical" href="{url}">' in body


def test_event_page_description_is_the_summary_cut_at_forty_words_or_else_the_title(client):
    long = make_event(title="Long", summary=" ".join(f"word{n}" for n in range(60)))
    body = client.get(long.get_absolute_url()).content.decode()
    cut = " ".join(f"word{n}" for n in range(40)) + " …"
    assert f'<meta name="description" content="{cut}">' in body
    assert f'<meta property="og:description" content="{cut}">' in body
    untitled = make_event(title="Only a <title>", summary="")
    body = client.get(untitled.get_absolute_url()).content.decode()
    assert '<meta property="og:description" content="Only a &lt;title&gt;">' in body


def test_cancelled_event_page_says_so_and_in_json_ld(client):
    event = make_event(event_status=EventStatus.CANCELLED)
    cite(event, fact="record")
    cite(event, fact="event_status")  # JSON-LD states only cited facts
    body = client.get(event.get_absolute_url()).content.decode()
    assert "This event is cancelled." in body
    assert "https://schema.org/EventCancelled" in body


def test_draft_event_is_not_found_publicly(client):
    event = make_event(status=PublicationStatus.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:calendar", kwargs={"slug": event.slug})).status_code == 404


def test_staff_can_preview_a_draft_event(staff_client):
    event = make_event(status=PublicationStatus.DRAFT)
    response = staff_client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only staff can see this page" in response.content.decode()


def test_draft_linked_records_are_not_shown_on_a_public_event(client):
    agreement = make_agreement(title="Unpublished MoU", status=PublicationStatus.DRAFT)
    event = make_event(agreement=agreement)
    assert "Unpublished MoU" not in client.get(event.get_absolute_url()).content.decode()


def test_hostile_record_text_is_escaped_on_the_event_page(client):
    hostile = '<img src=x onerror="alert(1)"><a href="javascript:alert(2)">x</a>'
    source = make_source(text=f"The report says {hostile} and more.")
    event = make_event(title=hostile, summary=hostile, city=hostile)
    cite(event, source=source, quote=hostile)
    body = client.get(event.get_absolute_url()).content.decode()
    assert "<img src=x" not in body
    assert 'href="javascript:' not in body
    assert "&lt;img src=x onerror=" in body


@pytest.mark.parametrize("rows", [5, 50])
def test_event_page_query_count_does_not_grow_with_related_rows(
    client, django_assert_num_queries, rows, views_uncached
):
    event = make_full_event(parent=make_event(), agreement=make_agreement(), study=make_study())
    source = make_source()
    with one_export_rebuild():
        for index in range(rows):
            cite(add_participant(event, title_held=f"Delegate {index}", organisation=make_organisation()), source)
            cite(add_organisation(event), source)
            cite(Outcome.objects.create(event=event, text=f"Outcome {index}"), source)
            make_event(parent=event)
            cite(event)
    # savepoint pair (ATOMIC_REQUESTS), the event with its country, parent, agreement and study
    # joined (their visibility read from those rows), themes, sessions, organisations, participants
    # with their people and organisations joined, outcomes: one query each
    # (EventQuerySet.with_detail_relations); the event's fact notes (core.views.PublicDetailView); the
    # citations of the event and of every organisation, participant and outcome row, with their sources,
    # in one query (events.models.attach_detail_citations).
    # A first request fills Django's content-type cache (the rows' generic citations), as in production.
    client.get(event.get_absolute_url())
    with django_assert_num_queries(10):
        response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert event.agreement.title in body and event.study.title in body and event.parent.title in body
    assert body.count("Outcome 0<sup") == 1  # a row's own citation is marked beside it


def test_event_page_marks_each_row_with_its_own_citations_and_names_no_draft_source(staff_client):
    """The rows' citations, read with the event's in one query, still land on their own rows."""
    from django.test import Client

    event = make_event(title="Regional dialogue")
    published = make_source(title="Press release", text="The Centre organised it. Ms Lan spoke. Plans were agreed.")
    draft = make_source(title="Unpublished draft note", status=PublicationStatus.DRAFT)
    organisation_row = add_organisation(event, make_organisation(name="ASEAN Regional Mine Action Centre"))
    participant_row = add_participant(event, make_person(name="Lan Nguyen"))
    outcome = Outcome.objects.create(event=event, text="Plans agreed")
    cite(organisation_row, published, quote="The Centre organised it.")
    cite(participant_row, published, quote="Ms Lan spoke.")
    cite(outcome, draft, quote=draft.text[:20])
    cite(event, published, quote="Plans were agreed.", fact="title")

    body = Client().get(event.get_absolute_url()).content.decode()
    references = body.split('id="sources-heading"')[1]

    def marks_of(text):
        item = re.search(rf"<li>[^<]*<a [^>]*>{re.escape(text)}</a>.*?</li>|<li>{re.escape(text)}.*?</li>", body, re.S)
        return re.findall(r'href="#ref-(\d+)"', item.group(0))

    quotes = dict(re.findall(r'<li id="ref-(\d+)"[^>]*>.*?<p>(.*?)</p>', references, re.S))
    assert [quotes[n] for n in marks_of("ASEAN Regional Mine Action Centre")] == ["The Centre organised it."]
    assert [quotes[n] for n in marks_of("Lan Nguyen")] == ["Ms Lan spoke."]
    assert marks_of("Plans agreed") == []  # its only source is a draft: not named to the public
    assert draft.title not in body and "Press release" in references
    structured = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert structured["organizer"] == [{"@type": "Organization", "name": "ASEAN Regional Mine Action Centre"}]

    staff_body = staff_client.get(event.get_absolute_url()).content.decode()
    assert draft.title in staff_body  # staff see the draft source and the outcome's reference to it
    assert re.search(r"<li>Plans agreed<sup class=\"ref\">", staff_body)


def test_event_page_links_draft_records_for_staff_only(staff_client):
    from django.test import Client

    draft = PublicationStatus.DRAFT
    event = make_event(
        parent=make_event(title="Draft dialogue", status=draft),
        agreement=make_agreement(title="Draft MoU", status=draft),
        study=make_study(title="Draft study", status=draft),
    )
    public = Client().get(event.get_absolute_url()).content.decode()
    for title in ("Draft dialogue", "Draft MoU", "Draft study"):
        assert title not in public
    staff = staff_client.get(event.get_absolute_url()).content.decode()
    assert all(
        f'<a href="{record.get_absolute_url()}">{record.title}</a>' in staff
        for record in (event.parent, event.agreement, event.study)
    )


def test_event_page_leaves_out_draft_people_partners_and_sources_and_marks_them_for_staff(staff_client):
    from django.test import Client

    draft = PublicationStatus.DRAFT
    event = make_event()
    person = make_person(name="Draft Person", status=draft)
    partner = make_organisation(name="Draft Partner", status=draft)
    add_participant(event, person=person)
    add_organisation(event, organisation=partner)
    citation = cite(event, source=make_source(title="Draft report", status=draft))
    public = Client().get(event.get_absolute_url()).content.decode()
    # Issue 13: a draft is absent for the public, not merely unlinked.
    assert "Draft Person" not in public and "Draft Partner" not in public
    assert person.get_absolute_url() not in public and partner.get_absolute_url() not in public
    assert "Draft report" not in public and citation.quote not in public
    staff = staff_client.get(event.get_absolute_url()).content.decode()
    assert f'<a href="{person.get_absolute_url()}">Draft Person</a>' in staff
    assert f'<a href="{partner.get_absolute_url()}">Draft Partner</a>' in staff
    assert f'<a href="{citation.source.get_absolute_url()}">Draft report</a>' in staff
    assert staff.count('status-draft">Draft</span>') >= 3


def test_event_page_lists_each_events_own_rows_in_order(client):
    dialogue, other = make_event(), make_event()
    make_event(parent=dialogue, title="Second plenary", start="2025-04-05")
    make_event(parent=dialogue, title="First plenary", start="2025-04-04")
    make_event(parent=dialogue, title="Draft plenary", status=PublicationStatus.DRAFT)
    add_participant(dialogue, person=make_person(name="Later speaker"), position=2)
    add_participant(dialogue, person=make_person(name="First speaker"), position=1)
    add_participant(other, person=make_person(name="Elsewhere"))
    Outcome.objects.create(event=dialogue, text="Agreed second", position=2)
    Outcome.objects.create(event=dialogue, text="Agreed first", position=1)
    body = client.get(dialogue.get_absolute_url()).content.decode()
    assert body.index("First plenary") < body.index("Second plenary")
    assert "Draft plenary" not in body
    assert body.index("First speaker") < body.index("Later speaker")
    assert body.index("Agreed first") < body.index("Agreed second")
    assert "Elsewhere" not in body
    # The same statements, compiled once, answer the other event with its own rows.
    body = client.get(other.get_absolute_url()).content.decode()
    assert "Elsewhere" in body and "First speaker" not in body and "First plenary" not in body


def test_event_page_shows_each_participants_organisation_unless_their_title_names_it(client):
    event = make_event()
    unhcr = make_organisation(name="Refugee Agency", acronym="UNHCR")
    add_participant(event, person=make_person(name="Ana Lim"), title_held="Director", organisation=unhcr)
    add_participant(event, person=make_person(name="Bo Tran"), title_held="Head of UNHCR office", organisation=unhcr)
    body = client.get(event.get_absolute_url()).content.decode()
    assert "Ana Lim</a>, Director (Refugee Agency)" in body
    assert "Bo Tran</a>, Head of UNHCR office — " in body


# Calendars


def test_feed_carries_every_published_event_with_a_known_year_and_parses(client):
    make_event(title="Held workshop", start=days_from_today(-30))
    make_event(title="Year unknown", start="--12-15")
    make_event(title="Hidden draft", status=PublicationStatus.DRAFT, start=days_from_today(-30))
    make_event(title="Called off", event_status=EventStatus.CANCELLED, start=days_from_today(20))
    response = client.get(FEED)
    assert response.status_code == 200
    assert response.streaming  # written a chunk at a time, never whole in memory
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(streamed_text(response))
    events = {str(c["SUMMARY"]): c for c in calendar.walk("VEVENT")}
    assert set(events) == {"Held workshop", "Cancelled: Called off"}
    assert str(events["Cancelled: Called off"]["STATUS"]) == "CANCELLED"
    assert str(events["Held workshop"]["URL"]).startswith("http://testserver/events/")


def test_feed_accepts_the_list_filters(client):
    viet_nam = make_country(iso3="VNM", iso2="VN")
    recent = days_from_today(-10)
    make_event(title="Workshop in Viet Nam", country=viet_nam, kind="workshop", start=recent)
    make_event(title="Signing in Viet Nam", country=viet_nam, kind="signing", start=recent)
    make_event(title="Workshop elsewhere", kind="workshop", start=recent)
    response = client.get(FEED, {"country": "VNM", "kind": "workshop"})
    assert feed_summaries(response) == ["Workshop in Viet Nam"]


def test_feed_holds_the_last_twelve_months_onward_unless_a_date_filter_asks_for_more(client):
    make_event(title="Long ago", start=days_from_today(-ical.FEED_WINDOW_DAYS - 1))
    make_event(title="Within the year", start=days_from_today(-ical.FEED_WINDOW_DAYS))
    make_event(title="Next year", start=days_from_today(400))
    make_event(title="Year unknown", start="--12-15")
    assert sorted(feed_summaries(client.get(FEED))) == ["Next year", "Within the year"]
    # The list's own date filters choose another span, back to any year.
    older = {"date_from": days_from_today(-ical.FEED_WINDOW_DAYS - 1)}
    assert sorted(feed_summaries(client.get(FEED, older))) == ["Long ago", "Next year", "Within the year"]
    before = {"date_to": days_from_today(-ical.FEED_WINDOW_DAYS - 1)}
    assert feed_summaries(client.get(FEED, before)) == ["Long ago"]
    a_year = {"year": days_from_today(-ical.FEED_WINDOW_DAYS - 1)[:4]}
    assert "Long ago" in feed_summaries(client.get(FEED, a_year))


def test_feed_larger_than_its_limit_answers_400_saying_how_to_narrow_it(client, monkeypatch):
    monkeypatch.setattr(ical, "FEED_MAX_EVENTS", 2)
    for _ in range(3):
        make_event(start=days_from_today(-5))
    response = client.get(FEED)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert "would hold 3 events; it holds at most 2" in text
    assert "date_from" in text
    assert client.get(FEED, {"kind": "signing"}).status_code == 200  # narrowed: no event left


@pytest.mark.parametrize("value", ["last-year", "2025-13-01", "1-1-1"])
def test_feed_with_a_malformed_date_from_answers_400_with_a_reason(client, value):
    response = client.get(FEED, {"date_from": value})
    assert response.status_code == 400
    assert "date_from" in response.content.decode()


def test_feed_with_a_malformed_filter_answers_400_with_a_reason(client):
    response = client.get(FEED, {"year": "soon"})
    assert response.status_code == 400
    assert "year" in response.content.decode()


def test_feed_query_count_does_not_grow(client, django_assert_num_queries):
    country = make_country()
    with one_export_rebuild():
        for _ in range(40):
            make_event(country=country, start=days_from_today(-3))
    # Savepoint pair, the count the size limit asks, then the events with their country joined.
    with django_assert_num_queries(4):
        assert len(feed_summaries(client.get(FEED))) == 40


def test_event_calendar_file_holds_that_event(client):
    event = make_event(slug="mou-signing", start="2025-07-04")
    response = client.get(reverse("events:calendar", kwargs={"slug": "mou-signing"}))
    assert response.status_code == 200
    assert 'filename="mou-signing.ics"' in response["Content-Disposition"]
    (vevent,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["UID"]) == f"{event.slug}@armac-portal"
    body = client.get(event.get_absolute_url()).content.decode()
    assert 'href="/events/mou-signing/calendar.ics"' in body


def test_event_without_a_year_has_no_calendar_file(client):
    event = make_event(start="--12-15")
    assert client.get(reverse("events:calendar", kwargs={"slug": event.slug})).status_code == 404
