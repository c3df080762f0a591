"""Telling a paragraph's language by its script (core.scripts), for a multilingual source's text."""

import pytest

from core.scripts import chinese_code, is_mostly_han, paragraph_languages, paragraph_spans
from core.templatetags.portal import script_language, tel_href


@pytest.mark.parametrize(
    ("text", "han"),
    [
        ("支持东盟区域地雷行动中心工作", True),
        ("1.强调人道主义扫雷行动重要性,提高民众认知;", True),
        ("加强与联合国地雷行动处(UNMAS)、联合国开发计划署(UNDP)合作", True),
        ("Support the work of the ASEAN Regional Mine Action Center", False),
        ("Support ARMAC (东盟区域地雷行动中心)", False),
        ("1. 2. 3.", False),
        ("", False),
    ],
)
def test_a_text_is_mostly_han_when_most_of_its_letters_are(text, han):
    assert is_mostly_han(text) is han


def test_paragraphs_are_the_runs_between_blank_lines_without_their_spaces():
    text = "  First line\nsecond line \n\n\n Second\r\n \r\nThird\n"
    assert [text[start:end] for start, end in paragraph_spans(text)] == ["First line\nsecond line", "Second", "Third"]
    assert paragraph_spans("") == [] and paragraph_spans("\n\n  \n") == []


def test_each_paragraph_gets_the_documents_chinese_or_its_first_language():
    text = "In view of this, we:\n\n鉴此,我们:\n1.支持东盟区域地雷行动中心工作\n\nEnd."
    found = [(text[start:end], code) for start, end, code in paragraph_languages(text, ["en", "zh-Hant"])]
    assert found == [
        ("In view of this, we:", "en"),
        ("鉴此,我们:\n1.支持东盟区域地雷行动中心工作", "zh-Hant"),
        ("End.", "en"),
    ]
    assert [code for *_, code in paragraph_languages(text, [])] == ["", "zh-Hans", ""]


def test_the_chinese_code_is_the_documents_own():
    assert chinese_code(["en", "zh-Hans"]) == "zh-Hans"
    assert chinese_code(["zh"]) == "zh"
    assert chinese_code(["en"]) == "zh-Hans"


def test_a_name_in_han_script_is_tagged_as_chinese():
    assert script_language("东盟区域地雷行动中心") == "zh-Hans"
    assert script_language("ASEAN Mine Action Centre") == ""


@pytest.mark.parametrize(
    ("number", "href"),
    [("(+855) 23 221 354", "+85523221354"), ("+84 24-3825 1234", "+842438251234"), ("023 221 354", "023221354")],
)
def test_a_telephone_number_becomes_a_tel_link_target(number, href):
    assert tel_href(number) == href
