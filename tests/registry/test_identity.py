"""Identity (issue 15): languages by name and the checksum folded under technical details."""

import re

import pytest

from core.templatetags.portal import language_name, language_names
from registry.models import CommitmentText
from tests.factories import add_commitment, cite, make_agreement, make_organisation, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "name"),
    [("en", "English"), ("zh-Hans", "Chinese (Simplified)"), ("km", "Khmer"), ("fr", "French"), ("x-none", "x-none")],
)
def test_language_codes_read_as_names(code, name):
    assert language_name(code) == name


def test_a_list_of_codes_reads_as_a_list_of_names():
    assert language_names(["en", "zh-Hans"]) == "English, Chinese (Simplified)"
    assert language_names([]) == ""


def test_source_page_names_its_languages_and_folds_the_checksum(client):
    source = make_source(languages=["en", "zh-Hans"])
    body = client.get(source.get_absolute_url()).content.decode()
    assert "English, Chinese (Simplified)" in body
    assert "zh-Hans</dd>" not in body
    details = re.search(r"<details[^>]*>(.*?)</details>", body, re.S)
    assert details, "the technical details are folded"
    assert "<summary>Technical details</summary>" in details.group(1)
    assert source.checksum in details.group(1)
    assert body.count(source.checksum) == 1


# --- The joint statement's Chinese passages: tagged by language and labelled by name ---------------------

BILINGUAL = (
    "Joint Statement on Mine Clearance\n\n"
    "4. Support the work of the ASEAN Regional Mine Action Center;\n\n"
    "中文原文:\n\n"
    "鉴此,我们:\n4.支持东盟区域地雷行动中心工作,包括推进扫雷技术合作;"
)


def test_a_bilingual_source_tags_each_paragraph_by_its_script_and_labels_each_language(client):
    source = make_source(text=BILINGUAL, languages=["en", "zh-Hans"])
    body = client.get(source.get_absolute_url()).content.decode()
    text = body[body.index('<div class="source-text">') :]
    assert '<p lang="en">Joint Statement on Mine Clearance</p>' in text
    assert '<p lang="zh-Hans">中文原文:</p>' in text
    assert '<p lang="zh-Hans">鉴此,我们:\n4.支持东盟区域地雷行动中心工作,包括推进扫雷技术合作;</p>' in text
    labels = re.findall(r'<p class="language-label">([^<]*)</p>', text)
    assert labels == ["English", "Chinese (Simplified)"]
    # Each label heads its language's run of paragraphs.
    assert text.index("Chinese (Simplified)") < text.index("中文原文") and text.index("English") < text.index("Joint")


def test_quotes_are_still_highlighted_in_the_chinese_paragraphs(client):
    source = make_source(text=BILINGUAL, languages=["en", "zh-Hans"])
    cite(make_organisation(), source, "支持东盟区域地雷行动中心工作", fact="other_names")
    cite(make_organisation(), source, "Support the work of the ASEAN Regional Mine Action Center")
    body = client.get(source.get_absolute_url()).content.decode()
    chinese = re.search(r'<p lang="zh-Hans">鉴此(.*?)</p>', body, re.S).group(1)
    english = re.search(r'<p lang="en">4\. (.*?)</p>', body, re.S).group(1)
    assert "4.<mark>支持东盟区域地雷行动中心工作</mark>,包括" in chinese
    assert "<mark>Support the work of the ASEAN Regional Mine Action Center</mark>;" in english


def test_a_quote_across_a_paragraph_break_is_marked_in_both_paragraphs(client):
    source = make_source(text="First paragraph ends here.\n\nSecond starts here.")
    cite(make_organisation(), source, "ends here.\n\nSecond starts")
    body = client.get(source.get_absolute_url()).content.decode()
    assert '<p lang="en">First paragraph <mark>ends here.</mark></p>' in body
    assert '<p lang="en"><mark>Second starts</mark> here.</p>' in body


def test_a_source_in_one_language_is_tagged_and_not_labelled(client):
    source = make_source(text="One paragraph.\n\nAnother one.", languages=["en"])
    body = client.get(source.get_absolute_url()).content.decode()
    assert '<p lang="en">One paragraph.</p><p lang="en">Another one.</p>' in body
    assert 'class="language-label"' not in body


def test_each_commitment_text_on_an_agreement_page_is_labelled_with_its_language(client):
    agreement = make_agreement()
    commitment = add_commitment(agreement, number=4)
    source = make_source(text=BILINGUAL, languages=["en", "zh-Hans"])
    CommitmentText.objects.create(
        commitment=commitment, language="zh-Hans", text="支持东盟区域地雷行动中心工作", source=source
    )
    body = client.get(agreement.get_absolute_url()).content.decode()
    captions = re.findall(r'<figcaption class="language-label">([^<]*)</figcaption><blockquote lang="([^"]*)"', body)
    assert captions == [("English", "en"), ("Chinese (Simplified)", "zh-Hans")]
