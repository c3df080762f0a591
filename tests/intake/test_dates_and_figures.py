"""Dates keep the precision the text gives them; figures carry a number and what it counts."""

import pytest

from intake.snapshot import Snapshot
from intake.suggest import suggest

EMPTY = Snapshot()

DATES = [
    # text, passage, value, end_value
    ("15 Dec\nAs part of the Dialogue", "15 Dec", "--12-15", None),
    ("on 19 December.", "19 December", "--12-19", None),
    ("a virtual meeting on May 9 between", "May 9", "--05-09", None),
    ("Phnom Penh, July 7 (NationPress) The", "July 7", "--07-07", None),
    ("Phnom Penh, 7 July 2025 — On Friday", "7 July 2025", "2025-07-07", None),
    ("in Vientiane, Laos on July 26, 2024, to attend", "July 26, 2024", "2024-07-26", None),
    ("held on 7-8 February 2024 in Bangkok", "7-8 February 2024", "2024-02-07", "2024-02-08"),
    ("will be held from May 23-27 under", "May 23-27", "--05-23", "--05-27"),
    ("from 30 June – 2 July 2025.", "30 June – 2 July 2025", "2025-06-30", "2025-07-02"),
    ("from June 30 - July 2, 2025.", "June 30 - July 2, 2025", "2025-06-30", "2025-07-02"),
    ("from December 30 – January 2, 2025.", "December 30 – January 2, 2025", "2024-12-30", "2025-01-02"),
    ("held from 16 to 27 June 2025, was", "16 to 27 June 2025", "2025-06-16", "2025-06-27"),
    ("the pilot in July 2024 showed", "July 2024", "2024-07", None),
    ("between January and June 2023 were", "January and June 2023", "2023-01", "2023-06"),
    ("support since 2015 demonstrates", "2015", "2015", None),
    ("the SDG framework 2016-2030.", "2016-2030", "2016", "2030"),
    ("Action Plan (2021-2025) and", "2021-2025", "2021", "2025"),
    ("the 7th of July 2025", "7th of July 2025", "2025-07-07", None),
    ("Signed on Oct. 3 at the", "Oct. 3", "--10-03", None),
    ("dated 2025-07-04 in the", "2025-07-04", "2025-07-04", None),
    ("dated 14/07/2025 in the", "14/07/2025", "2025-07-14", None),
]


@pytest.mark.parametrize(("text", "passage", "value", "end_value"), DATES, ids=[d[1] for d in DATES])
def test_a_date_keeps_the_precision_the_text_gives(text, passage, value, end_value):
    dates = [m for m in suggest(text, EMPTY) if m.kind == "date"]
    assert [(m.text, m.value, m.end_value) for m in dates] == [(passage, value, end_value)]


@pytest.mark.parametrize(
    "text",
    [
        "© ARMAC 2023 . All rights reserved.",
        "Tel: (+855) 23 221 354",
        "Phnom Penh 120307, Cambodia",
        "Security Council Resolution 2365 on mine action",
        "May you travel with the same sense of purpose",
        "the 78th session of UNESCAP",
        "on 04/07/2025, a day and a month that cannot be told apart",
        "in March, the teams",
    ],
)
def test_no_date_is_read_where_the_text_states_none(text):
    assert [m.text for m in suggest(text, EMPTY) if m.kind == "date"] == []


def test_a_year_is_never_added_to_a_date_without_one():
    text = "Phnom Penh, July 7 (NationPress). The joint press release of 7 July 2025 was read on 9 July."
    values = [m.value for m in suggest(text, EMPTY) if m.kind == "date"]
    assert values == ["--07-07", "2025-07-07", "--07-09"]


FIGURES = [
    ("The workshop convened 56 participants, including", "56 participants", 56, "participants", ""),
    ("more than 384 square kilometres of land", "more than 384 square kilometres", 384, "km²", "more-than"),
    ("representing over 12% of all land", "over 12%", 12, "%", "more-than"),
    ("benefiting more than 1.2 million people.", "more than 1.2 million people", 1_200_000, "people", "more-than"),
    ("Present in over 170 countries and territories, we", "over 170 countries and territories", 170,
     "countries and territories", "more-than"),
    ("funded with US$ 3.5 million from", "US$ 3.5 million", 3_500_000, "USD", ""),
    ("a grant of USD 250,000 for", "USD 250,000", 250_000, "USD", ""),
    ("cleared 2.5 km² of land", "2.5 km²", 2.5, "km²", ""),
    ("handed over 1,250 hectares of land", "1,250 hectares", 1250, "ha", ""),
    ("cooperation in eight areas: social", "eight areas", 8, "areas", ""),
    ("12 mine-affected provinces", "12 mine-affected provinces", 12, "provinces", ""),
]  # fmt: skip


@pytest.mark.parametrize(("text", "passage", "value", "unit", "qualifier"), FIGURES, ids=[f[1] for f in FIGURES])
def test_a_figure_has_its_number_and_what_it_counts(text, passage, value, unit, qualifier):
    figures = [m for m in suggest(text, EMPTY) if m.kind == "figure"]
    assert [(m.text, m.value, m.unit, m.qualifier) for m in figures] == [(passage, value, unit, qualifier)]


@pytest.mark.parametrize(
    "text",
    [
        "#29, Street 115, Sangkat Veal Vong",
        "Plenary Session 2 brought together",
        "Tel: (+855) 23 221 354",
        "COVID-19 cases",
    ],
)
def test_a_bare_number_is_not_a_figure(text):
    assert [m.text for m in suggest(text, EMPTY) if m.kind == "figure"] == []
