"""Search ignores accents and capitals on SQLite and PostgreSQL, and marks the match in a snippet (issue 15)."""

import pytest

from core.search import fold, highlight, query_words
from events.models import Event
from registry.models import Country, Organisation, Person, SourceDocument
from tests.factories import make_country, make_event, make_organisation, make_person, make_source

pytestmark = pytest.mark.django_db


def test_fold_lowers_and_strips_accents_vietnamese_included():
    assert fold("Nguyễn Thị Hương") == "nguyen thi huong"
    assert fold("Hà Nội") == "ha noi"
    assert fold("Đà Nẵng") == "da nang"
    assert fold(None) is None


def test_highlight_marks_the_match_in_the_original_text_and_escapes_the_rest():
    html = highlight("<b>Workshop</b> in Hà Nội, Viet Nam", query_words("ha noi"))
    assert html == "&lt;b&gt;Workshop&lt;/b&gt; in <mark>Hà</mark> <mark>Nội</mark>, Viet Nam"
    assert highlight("nothing here", ["hanoi"]) == ""


def test_query_words_leave_out_web_search_syntax():
    assert query_words('"victim assistance" -clearance or mines') == ["victim", "assistance", "mines"]


@pytest.fixture
def records():
    return {
        "event": make_event(title="Workshop in Ha Noi", slug="ha-noi-workshop", city="Ha Noi"),
        "accented_event": make_event(title="Hội thảo tại Hà Nội", slug="hoi-thao", summary="Gặp gỡ ở Hà Nội"),
        "person": make_person(name="Nguyễn Thị Hương", slug="nguyen-thi-huong"),
        "organisation": make_organisation(name="Trung tâm Hành động Bom mìn Việt Nam", slug="vnmac"),
        "source": make_source(title="Báo cáo", text="Hội nghị ở Đà Nẵng về bom mìn."),
    }


def titles(model, query):
    return {str(record) for record in model.objects.search(query)}


def test_an_accented_query_finds_the_plain_spelling_and_the_other_way_round(records):
    assert titles(Event, "Hà Nội") == {"Workshop in Ha Noi", "Hội thảo tại Hà Nội"}
    assert titles(Event, "ha noi") == {"Workshop in Ha Noi", "Hội thảo tại Hà Nội"}
    assert titles(Person, "Nguyen") == {"Nguyễn Thị Hương"}
    assert titles(Person, "NGUYỄN huong") == {"Nguyễn Thị Hương"}
    assert titles(Organisation, "viet nam bom min") == {"Trung tâm Hành động Bom mìn Việt Nam"}
    assert titles(SourceDocument, "da nang") == {"Báo cáo"}


def test_the_search_page_shows_kind_date_count_and_a_marked_snippet(client, records):
    response = client.get("/search/", {"q": "Hà Nội"})
    assert response.status_code == 200
    body = response.content.decode()
    (events,) = [group for group in response.context["groups"] if group["slug"] == "event"]
    assert events["count"] == 2
    assert "<mark>Ha</mark> <mark>Noi</mark>" in body
    assert "<mark>Hà</mark> <mark>Nội</mark>" in body
    assert '<time datetime="2025-04-04">' in body
    assert ">Workshop in Ha Noi</a>" in body  # the title stays plain link text
    assert 'Events <span class="count">(2)</span>' in body


def test_the_search_page_has_one_search_box(client, records):
    body = client.get("/search/", {"q": "noi"}).content.decode()
    assert body.count('type="search"') == 1
    assert client.get("/events/").content.decode().count('type="search"') == 1


def test_a_snippet_never_lets_markup_through(client):
    make_source(title="Plain", text="<script>alert(1)</script> mine clearance in Ha Noi")
    body = client.get("/search/", {"q": "noi"}).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_a_word_matches_within_one_field_never_across_two(db):
    # Organisations and people are searched in one folded column of their fields joined by spaces
    # (core.models.folded_search_text); a word has no space, so it never spans two fields.
    make_organisation(name="Alpha Trust", acronym="BETA", slug="alpha-trust")
    assert titles(Organisation, "beta") == {"Alpha Trust (BETA)"}
    assert titles(Organisation, "trustbeta") == set()
    assert titles(Organisation, "trust beta") == {"Alpha Trust (BETA)"}


def test_the_folded_search_text_follows_every_save(db):
    organisation = make_organisation(name="Mine Action Trust", slug="mine-action-trust")
    assert titles(Organisation, "humanitarian") == set()
    organisation.description = "Humanitarian démining in the Mekong region."
    organisation.save()
    assert titles(Organisation, "demining mekong") == {"Mine Action Trust"}
    # An UPDATE that bypasses save() too: the database computes the column.
    Organisation.objects.filter(pk=organisation.pk).update(other_names=["MAT Cambodia"])
    assert titles(Organisation, "mat cambodia") == {"Mine Action Trust"}
    person = make_person(name="Sok Dara", slug="sok-dara")
    person.other_names = ["Dara Sók"]
    person.save()
    assert titles(Person, "sok") == {"Sok Dara"}


def test_an_accented_other_name_is_found_without_its_accents_and_with_them(db):
    # SQLite keeps a JSON list as the text it was written as: written with escapes ("H\\u00e0"), as
    # Django's default encoder does, folding that text never found "Ha Noi" (core.models.UnescapedJSONEncoder).
    make_organisation(name="Mine Action Centre", slug="mine-action-centre", other_names=["Trung tâm Hà Nội"])
    make_person(name="Nguyen Thi Huong", slug="nguyen-thi-huong", other_names=["Nguyễn Thị Hường"])
    make_country(name="Viet Nam", iso3="VNM", iso2="VN", other_names=["Việt Nam", "Vietnam"])
    assert titles(Organisation, "Ha Noi") == titles(Organisation, "Hà Nội") == {"Mine Action Centre"}
    assert titles(Person, "huong") == {"Nguyen Thi Huong"}
    assert titles(Person, "Nguyễn Thị Hường") == {"Nguyen Thi Huong"}
    assert titles(Country, "viet") == {"Viet Nam"}
    assert Organisation.objects.get(slug="mine-action-centre").other_names == ["Trung tâm Hà Nội"]


@pytest.mark.parametrize("query", ["Hà Nội", "no such words at all"])
def test_the_search_page_takes_two_queries_per_kind_whatever_matches(client, records, django_assert_num_queries, query):
    from armac_portal.views import SEARCHED_MODELS

    # The request's savepoint pair, then the first records and the count of each kind.
    with django_assert_num_queries(2 + 2 * len(SEARCHED_MODELS)):
        assert client.get("/search/", {"q": query}).status_code == 200
