"""People in any name order, organisations by name, acronym and variant, countries by their common names, themes."""

import itertools

import pytest

from intake.mentions import MatchHow
from intake.snapshot import OrganisationRecord, PersonRecord, Snapshot
from intake.suggest import suggest

from .helpers import SOURCES, fixture_snapshot

REGISTRY = Snapshot(
    people=(
        PersonRecord("rothna-buth", "Rothna Buth", ("Buth Rothna",), "Ms"),
        PersonRecord("ly-thuch", "Ly Thuch", (), "H.E. Dr."),
        PersonRecord("armida-salsiah-alisjahbana", "Armida Salsiah Alisjahbana"),
        PersonRecord("nguyen-thi-huong", "Nguyễn Thị Hương"),
    ),
    organisations=(
        OrganisationRecord("vnmac", "Viet Nam National Mine Action Centre", "VNMAC"),
        OrganisationRecord("unmas", "United Nations Mine Action Service", "UNMAS"),
        OrganisationRecord("who", "World Health Organization", "WHO"),
        OrganisationRecord("psa", "Philippine Statistics Authority", "PSA"),
        OrganisationRecord("nc-escap", "National Committee for ESCAP", "NC ESCAP"),
        OrganisationRecord("gov-aus", "Government of Australia"),
    ),
    countries=fixture_snapshot(records=False).countries,
    themes=fixture_snapshot(records=False).themes,
)


def found(text, snapshot=REGISTRY, kind=None):
    mentions = suggest(text, snapshot)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
    return [(m.kind, m.text, m.match) for m in mentions if kind is None or m.kind == kind]


# --- people -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ms Rothna Buth, Executive Director of ARMAC, said",
        "Buth Rothna, the Executive Director of ARMAC, said",
        "Ms. Rothna BUTH opened the workshop.",
        "The MoU was signed by Rothna Buth.",
    ],
)
def test_a_person_is_found_in_any_name_order_with_or_without_honorifics(text):
    people = found(text, kind="person")
    assert [match for _, _, match in people] == ["rothna-buth"]
    assert people[0][1] in ("Rothna Buth", "Buth Rothna", "Rothna BUTH")


def test_honorifics_are_not_part_of_the_name():
    text = "moderated by H.E. Dr. Ly Thuch, Senior Minister. His Excellency Ly Thuch thanked"
    assert found(text, kind="person") == [("person", "Ly Thuch", "ly-thuch")] * 2


def test_a_name_in_another_order_is_a_variant_one_written_as_recorded_is_the_name():
    by_text = {m.text: m.how for m in suggest("Rothna Buth met Ly Thuch; later Thuch Ly spoke.", REGISTRY)}
    assert by_text == {"Rothna Buth": MatchHow.NAME, "Ly Thuch": MatchHow.NAME, "Thuch Ly": MatchHow.VARIANT}


def test_later_partial_mentions_are_the_person_named_in_full_earlier():
    text = "Ms. Rothna Buth opened the workshop. “Thank you,” Ms. Buth noted. Rothna emphasized the point."
    people = [(m.text, m.match, m.how) for m in suggest(text, REGISTRY) if m.kind == "person"]
    assert people == [
        ("Rothna Buth", "rothna-buth", MatchHow.NAME),
        ("Buth", "rothna-buth", MatchHow.PARTIAL),
        ("Rothna", "rothna-buth", MatchHow.PARTIAL),
    ]


def test_a_misspelt_surname_is_linked_but_marked_never_a_spelling_to_keep():
    text = "Armida Salsiah Alisjahbana met Ly Thuch. At the meeting, Thuch invited Alisjashbana to attend."
    people = [(m.text, m.match, m.how) for m in suggest(text, REGISTRY) if m.kind == "person"]
    assert ("Alisjashbana", "armida-salsiah-alisjahbana", MatchHow.MISSPELT) in people
    assert ("Thuch", "ly-thuch", MatchHow.PARTIAL) in people


def test_names_with_diacritics_match_with_or_without_them():
    assert found("Ms. Nguyen Thi Huong presented the survey.", kind="person") == [
        ("person", "Nguyen Thi Huong", "nguyen-thi-huong")
    ]
    assert found("Hương Nguyễn Thị presented.", kind="person")[0][2] == "nguyen-thi-huong"


def test_one_human_one_record_across_a_whole_document():
    text = (SOURCES / "002_3c92728bb01ac018.txt").read_text(encoding="utf-8")
    buths = {m.match for m in suggest(text, fixture_snapshot()) if m.kind == "person" and "Buth" in m.text}
    assert buths == {"rothna-buth"}


@pytest.mark.parametrize(
    ("text", "name", "honorific"),
    [
        ("For media enquiries, contact Ms. Chhunmuoy Ath, Communications Analyst", "Chhunmuoy Ath", "Ms"),
        ("• H.E. Mr. Shaharuddin bin Onn, Ambassador of Malaysia", "Shaharuddin bin Onn", "H.E. Mr"),
        ("in which Prime Minister Hun Sen will deliver a keynote", "Hun Sen", ""),
        ("Đặng Quốc Bảo, the Deputy Director of the department, stressed", "Đặng Quốc Bảo", ""),
        ("“Risk education saves lives,” said Nguyễn Văn Hùng after the visit.", "Nguyễn Văn Hùng", ""),
        ("Lt. Gen. Thammanoon Withee, TMAC's director-general, said", "Thammanoon Withee", "Lt. Gen"),
    ],
)
def test_an_unknown_person_is_offered_as_a_new_record(text, name, honorific):
    people = [m for m in suggest(text, REGISTRY) if m.kind == "person"]
    assert [(m.text, m.match, m.name, m.honorific, m.how) for m in people] == [
        (name, None, name, honorific, MatchHow.NEW)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The session was moderated by the Senior Minister and First Vice President.",
        "Key Takeaways\n- Collaboration between UNDP and ARMAC",
        "The full Plenary Session 2 Summary Report is available.",
        "The Executive Director said the plan was ready.",
        "In December, Phnom Penh hosted the meeting. Siem Reap, the provincial governor said, is clear.",
        "Ha Noi, Viet Nam — 4 April 2025",
        "Participants noted the progress. Officials said the plan works.",
        "May you travel with the same sense of purpose.",
        "JOINT PRESS RELEASE\nEnd of Press Release",
    ],
)
def test_capitalised_words_that_are_not_names_are_not_people(text):
    assert found(text, kind="person") == []


# --- organisations ----------------------------------------------------------------------------------


def test_an_organisation_is_found_by_name_and_acronym_and_centre_center():
    text = "the Viet Nam National Mine Action Center (VNMAC) and VNMAC staff; the Vietnam National Mine Action Centre"
    assert found(text, kind="organisation") == [
        ("organisation", "Viet Nam National Mine Action Center", "vnmac"),
        ("organisation", "VNMAC", "vnmac"),
        ("organisation", "VNMAC", "vnmac"),
        ("organisation", "Vietnam National Mine Action Centre", "vnmac"),
    ]


@pytest.mark.parametrize(
    "text",
    ["the UN Mine Action Service", "the United Nations Mine Action Service", "UNMAS", "the U.N. Mine Action Service"],
)
def test_un_and_united_nations_are_one_name(text):
    assert [match for _, _, match in found(text, kind="organisation")] == ["unmas"]


def test_organisation_and_organization_are_one_name():
    assert found("the World Health Organisation said", kind="organisation")[0][2] == "who"


def test_a_country_inside_an_organisation_name_is_nested_in_the_organisation_mention():
    assert found("the Viet Nam National Mine Action Centre hosted") == [
        ("organisation", "Viet Nam National Mine Action Centre", "vnmac"),
        ("country", "Viet Nam", "VNM"),
    ]


def test_an_acronym_the_document_defines_is_read_by_that_definition():
    text = "Peace Sharing Association (PSA) and Yonsei University. PSA led the research."
    organisations = [(m.text, m.match, m.name, m.acronym) for m in suggest(text, REGISTRY) if m.kind == "organisation"]
    assert organisations == [
        ("Peace Sharing Association", None, "Peace Sharing Association", "PSA"),
        ("PSA", None, "Peace Sharing Association", "PSA"),
        ("Yonsei University", None, "Yonsei University", ""),
        ("PSA", None, "Peace Sharing Association", "PSA"),
    ]


def test_a_registry_acronym_of_several_words_is_found():
    assert found("president of the NC ESCAP said", kind="organisation") == [("organisation", "NC ESCAP", "nc-escap")]


def test_terms_in_brackets_are_not_organisations():
    text = "Explosive Remnants of War (ERW), a Memorandum of Understanding (MoU) and Persons with Disabilities (PWDs)."
    assert found(text, kind="organisation") == []


def test_governments_named_by_their_countries_are_organisations_on_the_same_words():
    text = "thanks to the generous support of the governments of Australia, the Republic of Korea, and Luxembourg."
    assert found(text) == [
        ("country", "Australia", "AUS"),
        ("organisation", "Australia", "gov-aus"),
        ("country", "Republic of Korea", "KOR"),
        ("organisation", "Republic of Korea", None),
        ("country", "Luxembourg", "LUX"),
        ("organisation", "Luxembourg", None),
    ]


# --- countries and themes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "iso3"),
    [
        ("Viet Nam", "VNM"), ("Vietnam", "VNM"), ("Lao PDR", "LAO"), ("Laos", "LAO"),
        ("Lao People’s Democratic Republic", "LAO"), ("Republic of Korea", "KOR"), ("South Korea", "KOR"),
        ("ROK", "KOR"), ("People’s Republic of China", "CHN"), ("China", "CHN"), ("Kingdom of Cambodia", "KHM"),
        ("Cambodia", "KHM"), ("Brunei", "BRN"), ("Brunei Darussalam", "BRN"), ("the Philippines", "PHL"),
        ("Myanmar", "MMR"),
    ],
)  # fmt: skip
def test_a_country_is_found_by_its_common_names(written, iso3):
    countries = found(f"Delegates from {written} attended.", kind="country")
    assert [match for _, _, match in countries] == [iso3]


def test_a_country_the_registry_lacks_is_offered_with_its_iso_code():
    mentions = [m for m in suggest("Experts from Norway attended.", REGISTRY) if m.kind == "country"]
    assert [(m.text, m.match, m.name, m.acronym) for m in mentions] == [("Norway", None, "Norway", "NOR")]


def test_us_is_a_country_only_in_capitals_and_not_before_a_dollar():
    text = "Join us in the US. It cost US$ 5 million."
    assert [(m.kind, m.text) for m in suggest(text, REGISTRY)] == [("country", "US"), ("figure", "US$ 5 million")]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("particularly in clearance and land release", "clearance-and-land-release"),
        ("and risk education on ERW", "explosive-ordnance-risk-education"),
        ("strengthening victim assistance", "victim-assistance"),
        ("advocacy", "advocacy"),
        ("stockpile destruction", "stockpile-destruction"),
        ("the value of South–South cooperation", "south-south-cooperation"),
        ("Resource Mobilization in Mine/ERW Action", "resource-mobilisation"),
        ("through capacity-building, policy dialogue", "capacity-building"),
        ("mental health care", "mental-health"),
        ("inclusive partnership", "partnerships"),
    ],
)
def test_themes_are_found_by_name_and_known_synonyms(text, slug):
    assert [match for _, _, match in found(text, kind="theme")] == [slug]


def test_mentions_never_cross_only_a_country_nests_in_an_organisation():
    for path in sorted(SOURCES.glob("*.txt")):
        mentions = suggest(path.read_text(encoding="utf-8"), fixture_snapshot())
        for a, b in itertools.combinations(mentions, 2):
            if a.start < b.end and b.start < a.end:
                outer, inner = (a, b) if a.end - a.start >= b.end - b.start else (b, a)
                assert outer.start <= inner.start and inner.end <= outer.end, (outer, inner)
                assert {outer.kind, inner.kind} == {"country", "organisation"}


def test_a_speakers_list_gives_people_by_their_bracketed_organisation_but_not_acronym_definitions():
    text = (
        "Speakers included Nguyen Van Hai, Director of VNMAC, and Pham Thi Lan (UNICEF Viet Nam). "
        "Golden West (GW) hosted."
    )
    assert [m.text for m in suggest(text, REGISTRY) if m.kind == "person"] == ["Nguyen Van Hai", "Pham Thi Lan"]


def test_an_organisation_name_does_not_run_onto_the_line_above():
    text = "Next Steps Media Contact\nHALO Trust and the Mines Advisory Group signed."
    assert [m.text for m in suggest(text, REGISTRY) if m.kind == "organisation"] == [
        "HALO Trust",
        "Mines Advisory Group",
    ]
