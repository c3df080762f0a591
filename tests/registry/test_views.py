"""The registry's public pages, the home page and site search."""

import re

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.forms.renderers import DjangoTemplates, TemplatesSetting, get_default_renderer
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import SafeString

from core.models import PublicationStatus
from registry.models import (
    AgreementParty,
    AgreementSignatory,
    Commitment,
    CommitmentText,
    KeyFigure,
    Position,
    Programme,
    StudyPartner,
    ThemeKind,
)
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


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_user("editor", password="x" * 16, is_staff=True)
    client.force_login(user)
    return client


def make_programme(**fields):
    defaults = {"title": "Clearing for Results", "slug": "clearing-for-results", "status": PublicationStatus.PUBLISHED}
    defaults.update(fields)
    return Programme.objects.create(**defaults)


# Each row: a factory for a draft record. The matrix is data, so a new page means a new row.
DRAFT_RECORDS = [
    pytest.param(lambda: make_organisation(status=PublicationStatus.DRAFT), id="organisation"),
    pytest.param(lambda: make_person(status=PublicationStatus.DRAFT), id="person"),
    pytest.param(lambda: make_country(status=PublicationStatus.DRAFT), id="country"),
    pytest.param(lambda: make_agreement(status=PublicationStatus.DRAFT), id="agreement"),
    pytest.param(lambda: make_study(status=PublicationStatus.DRAFT), id="study"),
    pytest.param(lambda: make_programme(status=PublicationStatus.DRAFT), id="programme"),
    pytest.param(lambda: make_source(status=PublicationStatus.DRAFT), id="source"),
    pytest.param(lambda: make_event(status=PublicationStatus.DRAFT), id="event"),
]

LISTS = [
    "events:list",
    "registry:organisation-list",
    "registry:person-list",
    "registry:country-list",
    "registry:agreement-list",
    "registry:study-list",
    "registry:programme-list",
    "registry:source-list",
]


@pytest.mark.parametrize("factory", DRAFT_RECORDS)
def test_draft_record_page_is_not_found_publicly(client, factory):
    record = factory()
    assert client.get(record.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("factory", DRAFT_RECORDS)
def test_staff_can_preview_a_draft_record_page(staff_client, factory):
    record = factory()
    response = staff_client.get(record.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only staff can see this page" in response.content.decode()


@pytest.mark.parametrize("factory", [p.values[0] for p in DRAFT_RECORDS])
def test_published_record_page_has_one_h1_landmarks_and_a_skip_link(client, factory):
    record = factory()
    record.publish()
    body = client.get(record.get_absolute_url()).content.decode()
    assert body.count("<h1") == 1
    assert '<a class="skip-link" href="#main-content">' in body
    assert '<main id="main-content"' in body
    assert "<header" in body and "<nav" in body and "<footer" in body


@pytest.mark.parametrize("name", LISTS)
def test_every_list_answers_and_hides_drafts(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("params", [{"unknown": "1"}, {"search": "y" * 300}, {"modified_since": "last week"}])
def test_every_list_reports_a_malformed_filter_without_failing(client, name, params):
    response = client.get(reverse(name), params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_organisation_page_shows_its_people_events_agreements_and_studies(client):
    organisation = make_organisation(name="ASEAN Regional Mine Action Centre", acronym="ARMAC", slug="armac")
    source = make_source(text="Ms Rothna Buth, Executive Director of ARMAC, signed.")
    person = make_person(name="Rothna Buth")
    Position.objects.create(
        person=person,
        title="Executive Director",
        organisation=organisation,
        source=source,
        quote="Ms Rothna Buth, Executive Director of ARMAC",
    )
    event = make_event(title="MoU signing")
    add_organisation(event, organisation)
    hidden = make_event(title="Draft meeting", status=PublicationStatus.DRAFT)
    add_organisation(hidden, organisation)
    agreement = make_agreement(title="UNDP–ARMAC MoU")
    AgreementParty.objects.create(agreement=agreement, organisation=organisation)
    study = make_study(title="Feasibility study")
    StudyPartner.objects.create(study=study, organisation=organisation, role="technical-expertise")
    body = client.get(organisation.get_absolute_url()).content.decode()
    for text in ("Rothna Buth", "Executive Director", "MoU signing", "UNDP–ARMAC MoU", "Feasibility study"):
        assert text in body
    assert "Draft meeting" not in body


def test_organisation_website_link_is_nofollow_and_only_for_http(client):
    safe = make_organisation(website="https://www.undp.org/cambodia")
    body = client.get(safe.get_absolute_url()).content.decode()
    assert '<a href="https://www.undp.org/cambodia" rel="nofollow noopener noreferrer">' in body


def test_person_page_shows_titles_with_their_sources_and_events(client):
    source = make_source(text="H.E. Dr. Ly Thuch, Senior Minister, moderated.")
    person = make_person(name="Ly Thuch")
    Position.objects.create(person=person, title="Senior Minister", source=source, quote="Ly Thuch, Senior Minister")
    event = make_event(title="Plenary Session 2", start="--12-15")
    add_participant(event, person=person, role="moderator", title_held="Senior Minister")
    body = client.get(person.get_absolute_url()).content.decode()
    assert "Senior Minister" in body
    assert "Plenary Session 2" in body
    assert "15 December, year not stated" in body
    assert source.get_absolute_url() in body


def test_agreement_page_gives_commitments_in_every_language_with_lang(client):
    source = make_source(
        text="We will cooperate in mine clearance. 我们将在扫雷方面开展合作。", languages=["en", "zh-Hans"]
    )
    agreement = make_agreement(title="Joint Statement")
    person = make_person(name="Alissar Chaker")
    AgreementSignatory.objects.create(agreement=agreement, person=person, title_at_signing="Resident Representative")
    commitment = Commitment.objects.create(agreement=agreement, number=1)
    CommitmentText.objects.create(
        commitment=commitment, language="en", text="We will cooperate in mine clearance.", source=source
    )
    CommitmentText.objects.create(
        commitment=commitment, language="zh-Hans", text="我们将在扫雷方面开展合作。", source=source
    )
    body = client.get(agreement.get_absolute_url()).content.decode()
    assert '<blockquote lang="en"' in body
    assert '<blockquote lang="zh-Hans"' in body
    assert "我们将在扫雷方面开展合作。" in body
    assert "Resident Representative" in body


def test_country_profile_lists_its_events_and_studies(client):
    cambodia = make_country(iso3="KHM", iso2="KH", name="Cambodia")
    make_event(title="Dialogue in Phnom Penh", country=cambodia)
    make_study(title="Rehabilitation needs", countries=[cambodia])
    response = client.get("/countries/KHM/")
    body = response.content.decode()
    assert "Dialogue in Phnom Penh" in body
    assert "Rehabilitation needs" in body


def test_country_code_in_lower_case_redirects_to_the_canonical_page(client):
    make_country(iso3="KHM", iso2="KH", name="Cambodia")
    response = client.get("/countries/khm/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/KHM/"


def test_unknown_country_code_is_not_found(client):
    assert client.get("/countries/QQQ/").status_code == 404


def test_source_page_highlights_cited_passages_after_escaping(client):
    source = make_source(
        text='Intro <b>bold</b> text. ARMAC held a workshop with 56 participants. See <a href="http://evil.example">here</a>.'
    )
    cite(make_event(), source=source, quote="ARMAC held a workshop with 56 participants.")
    body = client.get(source.get_absolute_url()).content.decode()
    assert "<mark>ARMAC held a workshop with 56 participants.</mark>" in body
    assert "&lt;b&gt;bold&lt;/b&gt;" in body
    assert 'href="http://evil.example"' not in body


def test_quote_containing_markup_is_escaped_inside_the_highlight(client):
    source = make_source(text='He said <script>alert("x")</script> loudly.')
    cite(make_event(), source=source, quote='<script>alert("x")</script>')
    body = client.get(source.get_absolute_url()).content.decode()
    assert "<mark>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</mark>" in body
    assert '<script>alert("x")</script>' not in body


def test_source_original_address_is_shown_as_inert_text(client):
    source = make_source(original_address="https://rational-rose.example/PRESS%20RELEASE.pdf")
    body = client.get(source.get_absolute_url()).content.decode()
    assert "rational-rose.example" in body
    assert 'href="https://rational-rose.example' not in body


# savepoint pair, count, page, prefetches, and the filter form's choice lists (organisations by name
# included, one query each): fixed per list.
EXPECTED_LIST_QUERIES = {
    # Each list with a choice of organisations by name (registry.filters.organisation_select) makes one query more.
    "registry:organisation-list": 6,
    "registry:agreement-list": 9,  # parties with their organisation and country joined; the countries to filter by
    "registry:study-list": 9,
    "registry:person-list": 6,
    "registry:source-list": 6,  # publishers are many-to-many now: one prefetch query
}


@pytest.mark.parametrize("rows", [5, 50])
@pytest.mark.parametrize("name", sorted(EXPECTED_LIST_QUERIES))
def test_registry_list_query_counts_do_not_grow_with_rows(client, django_assert_num_queries, rows, name):
    country = make_country()
    theme = make_theme()
    lead = make_organisation()
    for _ in range(rows):
        organisation = make_organisation(country=country)
        agreement = make_agreement(place_country=country)
        agreement.themes.add(theme)
        AgreementParty.objects.create(agreement=agreement, country=country)
        AgreementParty.objects.create(agreement=agreement, organisation=organisation)
        make_study(countries=[country], lead_organisation=lead).themes.add(theme)
        source = make_source()
        source.publishers.add(organisation, lead)
        Position.objects.create(
            person=make_person(), title="Director", organisation=organisation, source=source, quote=source.text[:10]
        )
    with django_assert_num_queries(EXPECTED_LIST_QUERIES[name]):
        assert client.get(reverse(name)).status_code == 200


def test_home_page_shows_events_agreements_studies_figures_and_the_chart(client):
    pillar = make_theme(name="Victim assistance", kind=ThemeKind.PILLAR)
    make_event(title="Coming dialogue", start="2099-01-15").themes.add(pillar)
    make_event(title="Past workshop", start="2024-05-09").themes.add(pillar)
    make_event(title="Called off", start="2024-06-01", event_status="cancelled")
    make_agreement(title="UNDP–ARMAC MoU")
    make_study(title="Feasibility study")
    programme = make_programme()
    KeyFigure.objects.create(
        content_type=ContentType.objects.get_for_model(Programme),
        object_id=programme.pk,
        label="land released",
        qualifier="more-than",
        value="1000.00",
        unit="km²",
    )
    KeyFigure.objects.create(
        content_type=ContentType.objects.get_for_model(Programme),
        object_id=make_programme(slug="hidden", title="Hidden", status=PublicationStatus.DRAFT).pk,
        label="secret figure",
        value=1,
    )
    body = client.get("/").content.decode()
    for text in ("Coming dialogue", "Past workshop", "UNDP–ARMAC MoU", "Feasibility study", "Land released", "1,000"):
        assert text in body
    assert "secret figure" not in body.lower()
    assert "<svg" in body and 'class="pillar-0"' in body
    assert "<caption>" in body  # the chart's numbers as a table, readable without the picture
    assert 'status-cancelled">Cancelled<' in body
    assert 'style="' not in body and "<style" not in body


def test_home_page_query_count_is_fixed(client, django_assert_num_queries):
    pillar = make_theme(kind=ThemeKind.PILLAR)
    with one_export_rebuild():
        for index in range(30):
            make_event(start=f"20{10 + index % 15}-01-01").themes.add(pillar)
    with django_assert_num_queries(HOME_QUERIES):
        client.get("/")


HOME_QUERIES = 10


def test_search_finds_records_of_every_kind(client):
    make_event(title="Mine risk education workshop")
    make_organisation(name="Mine Action Authority")
    make_agreement(title="Mine clearance statement")
    make_event(title="Hidden mine draft", status=PublicationStatus.DRAFT)
    body = client.get("/search/", {"q": "mine"}).content.decode()
    assert "Mine risk education workshop" in body
    assert "Mine Action Authority" in body
    assert "Mine clearance statement" in body
    assert "Hidden mine draft" not in body


def test_search_counts_each_kind_with_a_fixed_number_of_queries(client, django_assert_num_queries):
    from armac_portal.views import SEARCH_LIMIT, SEARCHED_MODELS

    with one_export_rebuild():
        for index in range(SEARCH_LIMIT + 1):
            make_event(title=f"Mine risk education workshop {index}")
    for index in range(SEARCH_LIMIT):
        make_organisation(name=f"Mine Action Authority {index}")
    for index in range(3):
        make_agreement(title=f"Mine clearance statement {index}")
    # The savepoint pair (ATOMIC_REQUESTS), then the first records and the count of each kind, whatever
    # matches: make bench holds the query count equal at 1,000 and 100,000 events.
    with django_assert_num_queries(2 + 2 * len(SEARCHED_MODELS)):
        body = client.get("/search/", {"q": "mine"}).content.decode()
    counts = dict(re.findall(r'<h2 id="group-(\w+)">[^<]*<span class="count">\((\d+)\)</span>', body))
    assert counts == {"event": str(SEARCH_LIMIT + 1), "organisation": str(SEARCH_LIMIT), "agreement": "3"}
    assert f"{2 * SEARCH_LIMIT + 4} records match" in body
    assert body.count("More records match") == 1  # the events only


def test_search_with_no_match_says_so_and_escapes_the_query(client):
    response = client.get("/search/", {"q": "<script>alert(1)</script>"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nothing published matches" in body
    assert "<script>alert(1)</script>" not in body


def test_search_refuses_an_overlong_query_plainly(client):
    response = client.get("/search/", {"q": "a" * 201})
    assert response.status_code == 400
    assert "at most 200 characters" in response.content.decode()


def test_source_page_lists_each_cited_passage_once_with_the_public_records_it_supports(client):
    source = make_source(text="The ASEAN grouping includes Cambodia and Viet Nam. Other text.")
    quote = "The ASEAN grouping includes Cambodia and Viet Nam."
    cambodia = make_country(iso3="KHM", iso2="KH", name="Cambodia")
    hidden = make_country(iso3="VNM", iso2="VN", name="Hidden Viet Nam", status=PublicationStatus.DRAFT)
    cite(cambodia, source=source, quote=quote, fact="asean_relation")
    cite(hidden, source=source, quote=quote, fact="asean_relation")
    response = client.get(source.get_absolute_url())
    passages = response.context["cited_passages"]
    assert [p["quote"] for p in passages] == [quote]
    body = response.content.decode()
    assert '<a href="/countries/KHM/">Cambodia</a>' in body
    assert "Hidden Viet Nam" not in body


@pytest.mark.parametrize("rows", [5, 50])
def test_source_page_query_count_does_not_grow_with_citations(client, django_assert_num_queries, rows):
    source = make_source(text="ARMAC held a workshop with 56 participants. " * 2)
    for _ in range(rows):
        cite(make_event(), source=source, quote="ARMAC held a workshop")
    # savepoint pair, document, its publishers (many-to-many), the kinds of record its citations support
    # (core.visibility.visible_subjects), citations, their events, positions, commitment texts, and the
    # document's own citations and fact notes (its references, core/templatetags/provenance.py)
    with django_assert_num_queries(11):
        assert client.get(source.get_absolute_url()).status_code == 200


WIDGETS = [
    forms.Select(
        attrs={"class": "wide", "data-x": '"<quoted>"', "required": True, "disabled": False},
        choices=[("", "Any"), ("a&b", "A <and> B"), ("Group", [("g1", "One"), ("g2", 2)]), (3, "Three")],
    ),
    forms.Select(choices=[("", "Any"), ("x", "X")]),
    forms.TextInput(attrs={"maxlength": 200, "aria-describedby": "id_helptext", "autofocus": True}),
    forms.NumberInput(attrs={"min": 1, "max": 9999}),
    forms.DateInput(),
    forms.DateTimeInput(),
    forms.HiddenInput(),
    forms.SearchInput(attrs={"placeholder": "Search <all>"}),
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda widget: type(widget).__name__)
@pytest.mark.parametrize("value", ["a&b", "g2", 3, "", None, '"><script>', SafeString("<b>safe</b>")])
def test_widgets_write_exactly_what_djangos_own_templates_write(widget, value):
    # Widgets render through the project's templates (TemplatesSetting), where templates/django/forms/
    # widgets/select.html writes each option inline; the markup must stay what Django's own templates
    # write. Only the blank lines differ: Django's option template ends each option with a line break.
    def markup(renderer):
        html = widget.render("field", value, attrs={"id": "id_field"}, renderer=renderer)
        return re.sub(r">\s+<", "><", html.strip())

    assert isinstance(get_default_renderer(), TemplatesSetting)
    assert markup(TemplatesSetting()) == markup(DjangoTemplates())


def test_the_projects_widget_templates_override_djangos():
    # templates/django/forms/widgets/select.html writes its options inline: no blank line between them,
    # which Django's own template (an include per option) leaves. A template override applies because
    # widgets render through TEMPLATES, not through markup written in Python.
    html = forms.Select(choices=[("a", "A"), ("b", "B")]).render("field", "a")
    assert html == (
        '<select name="field">\n  <option value="a" selected>A</option>\n  <option value="b">B</option>\n</select>'
    )


def test_filter_choices_are_read_with_one_plain_query(client):
    country = make_country()
    theme = make_theme()
    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("events:list")).content.decode()
    # Not a server-side cursor per select box (DECLARE … CURSOR, FETCH, CLOSE on PostgreSQL): one SELECT.
    assert not any("DECLARE" in query["sql"].upper() for query in queries.captured_queries)
    assert f'<option value="{country.iso3}">{country.name}</option>' in body
    assert f'<option value="{theme.slug}">{theme.name}</option>' in body


@pytest.mark.parametrize("name", LISTS)
def test_every_export_link_on_a_list_answers(client, name):
    make_full_event()
    make_agreement()
    make_study()
    make_programme()
    body = client.get(reverse(name), {"search": "a"}).content.decode()
    exports = re.search(r'<p class="exports">(.*?)</p>', body, re.S)
    links = [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', exports.group(1))] if exports else []
    if name != "registry:programme-list":  # the API has no programmes endpoint to link to
        assert len(links) >= 2
    for href in links:
        assert "search=a" in href  # the current filters travel with the link
        assert client.get(href).status_code == 200, href


# The events section of a record's page is paginated (core.sections): a country with ten thousand
# events costs its page what a country with ten does.


def _linking(kind):
    """A public record of `kind` and a function that makes an event linked to it."""
    if kind == "country":
        record = make_country()
        return record.get_absolute_url(), lambda **fields: make_event(country=record, **fields)
    if kind == "organisation":
        record = make_organisation()
        return record.get_absolute_url(), lambda **fields: add_organisation(make_event(**fields), record).event
    if kind == "person":
        record = make_person()
        return record.get_absolute_url(), lambda **fields: add_participant(make_event(**fields), record).event
    if kind == "agreement":
        record = make_agreement()
        return record.get_absolute_url(), lambda **fields: make_event(agreement=record, **fields)
    record = make_study()
    return record.get_absolute_url(), lambda **fields: make_event(study=record, **fields)


SECTION_KINDS = ["country", "organisation", "person", "agreement", "study"]


@pytest.mark.parametrize("kind", SECTION_KINDS)
def test_a_record_page_lists_its_events_a_page_at_a_time_newest_first(client, kind):
    from core.sections import PER_PAGE

    url, make_linked = _linking(kind)
    with one_export_rebuild():
        for day in range(1, PER_PAGE + 6):
            make_linked(slug=f"linked-{day:02d}", title=f"Linked event {day:02d}", start=f"2024-03-{day:02d}")

    def shown(query=""):
        response = client.get(url + query)
        assert response.status_code == 200
        return re.findall(r'href="/events/(linked-\d\d)/"', response.content.decode()), response.content.decode()

    first, body = shown()
    assert first == [f"linked-{day:02d}" for day in range(PER_PAGE + 5, 5, -1)]
    assert "Page 1 of 2" in body
    second, body = shown("?page=2")
    assert second == [f"linked-{day:02d}" for day in range(5, 0, -1)]
    # A malformed or too large page number shows a page rather than failing.
    assert shown("?page=soon")[0] == first
    assert shown("?page=99")[0] == second


@pytest.mark.parametrize("kind", SECTION_KINDS)
def test_a_record_page_query_count_does_not_grow_with_its_events(client, django_assert_max_num_queries, kind):
    url, make_linked = _linking(kind)
    with one_export_rebuild():
        for _ in range(3):
            make_linked()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with one_export_rebuild():
        for _ in range(40):
            make_linked()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_country_page_shows_the_first_of_its_organisations_and_links_to_the_rest(client):
    from core.sections import PER_PAGE

    country = make_country(iso3="VNM", iso2="VN")
    for n in range(PER_PAGE + 1):
        make_organisation(country=country, name=f"Partner {n:02d}")
    body = client.get(country.get_absolute_url()).content.decode()
    assert len(re.findall(r">Partner \d\d</a>", body)) == PER_PAGE
    assert 'href="/partners/?country=VNM"' in body
    few = make_country(iso3="LAO", iso2="LA")
    make_organisation(country=few, name="The only partner")
    assert "/partners/?country=LAO" not in client.get(few.get_absolute_url()).content.decode()


def test_a_country_page_links_to_the_list_of_exactly_its_agreements(client):
    from core.sections import PER_PAGE
    from registry.models import AgreementParty

    country = make_country(iso3="VNM", iso2="VN")
    for n in range(PER_PAGE):
        make_agreement(title=f"Signed in Ha Noi {n:02d}", place_country=country)
    AgreementParty.objects.create(agreement=make_agreement(title="Viet Nam a party"), country=country)
    make_agreement(title="Elsewhere")
    body = client.get(country.get_absolute_url()).content.decode()
    assert 'href="/agreements/?country=VNM"' in body
    listed = client.get("/agreements/?country=VNM&ordering=title").content.decode()
    assert f"{PER_PAGE + 1} records match these filters." in listed
    assert "Elsewhere" not in listed


def test_organisations_are_chosen_by_name_from_a_list_while_it_stays_short(client, monkeypatch):
    from core.filters import NamedRecordSelect

    first, second = make_organisation(name="Alpha Aid"), make_organisation(name="Beta Relief")
    monkeypatch.setattr(NamedRecordSelect, "most_listed", 2)
    body = client.get(reverse("events:list")).content.decode()
    assert f'<option value="{first.slug}">Alpha Aid</option>' in body
    assert f'<option value="{second.slug}">Beta Relief</option>' in body


def test_past_the_longest_list_an_organisation_is_given_by_its_short_name(client, monkeypatch):
    # At 20,000 organisations the select box alone made every list page weigh 2 MB.
    from core.filters import NamedRecordSelect

    first = make_organisation(name="Alpha Aid", slug="alpha-aid")
    make_organisation(name="Beta Relief")
    make_organisation(name="Gamma Trust")
    monkeypatch.setattr(NamedRecordSelect, "most_listed", 2)
    add_organisation(make_event(title="Workshop with Alpha"), first)
    make_event(title="Workshop without Alpha")
    response = client.get(reverse("events:list"), {"partner": "alpha-aid"})
    body = response.content.decode()
    assert "<option" not in body.split('name="partner"')[1].split(">")[0]
    field = re.search(r'<input type="text" name="partner"[^>]*>', body).group(0)
    assert 'value="alpha-aid"' in field
    assert 'placeholder="Short name from its address, e.g. alpha-aid"' in field
    assert [event.title for event in response.context["object_list"]] == ["Workshop with Alpha"]
    assert "Beta Relief" not in body
