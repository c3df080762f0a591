"""Slugs are transliterated, not stripped: every name gets a slug a reader would recognise, or a clear refusal."""

import pytest
from django.core.exceptions import ValidationError

from core.slugs import slugify_name

# The names the admin's own slug proposal (URLify + static/js/admin-slugs.js) must spell the same way:
# tests/browser/test_admin.py types each into the admin and compares.
LATIN_NAMES = {
    "Nguyễn Thị Hương": "nguyen-thi-huong",
    "Đặng": "dang",
    "Đặng Văn Thắng": "dang-van-thang",
    "Lào Cai – Hà Nội": "lao-cai-ha-noi",
    "China-ASEAN Foreign Ministers’ Meeting": "china-asean-foreign-ministers-meeting",
    "Centre Cambodgien de Lutte contre les Mines": "centre-cambodgien-de-lutte-contre-les-mines",
    "78th session of UNESCAP": "78th-session-of-unescap",
}


@pytest.mark.parametrize(("name", "slug"), LATIN_NAMES.items())
def test_latin_names_keep_every_letter(name, slug):
    assert slugify_name(name) == slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("周恩来", "zhou-en-lai"),  # one pinyin syllable per character
        ("东盟地区排雷行动中心", "dong-meng-de-qu-pai-lei-xing-dong-zhong-xin"),
        ("ASEAN 东盟", "asean-dong-meng"),
    ],
)
def test_chinese_names_become_pinyin(name, slug):
    assert slugify_name(name) == slug


@pytest.mark.parametrize(("name", "script"), [("ហ៊ុន សែន", "Khmer"), ("กรุงเทพ", "Thai"), ("ວຽງຈັນ", "Lao")])
def test_names_in_scripts_without_one_latin_spelling_ask_for_a_slug(name, script):
    with pytest.raises(ValidationError) as refused:
        slugify_name(name)
    assert refused.value.code == "slug_needs_a_person"
    message = refused.value.messages[0]
    assert f"written in {script} script" in message
    assert "type the slug yourself" in message


def test_a_name_with_nothing_to_spell_asks_for_a_slug():
    with pytest.raises(ValidationError, match="type the slug yourself"):
        slugify_name("— !!! —")


def test_a_long_title_is_cut_at_the_slug_length_without_a_trailing_hyphen():
    slug = slugify_name("Regional Workshop on Victim Assistance " * 5, max_length=40)
    assert len(slug) <= 40
    assert slug == "regional-workshop-on-victim-assistance-r"
    assert not slugify_name("Mine action and more", max_length=12).endswith("-")
