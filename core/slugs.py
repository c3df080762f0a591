"""Slugs made from names by transliterating them, never by dropping the letters ASCII lacks.

Django's slugify() drops every character it cannot decompose, so “Nguyễn Thị Hương” became
“nguyn-th-hng” and “Đặng” lost its first letter. Here each letter is written in ASCII first with
anyascii (see requirements.txt: a kept library with data for every script, ISC licensed, no
dependencies), then slugified: “nguyen-thi-huong”, “dang”, and Chinese characters as pinyin
syllables (“东盟” → “dong-meng”).

Scripts whose letters anyascii can only spell letter by letter (Khmer, Thai, Lao, Burmese, …) give
no name a person would recognise (“ហ៊ុន សែន” would become “hon-saen”, not Hun Sen), so for them
slugify_name() refuses with a message asking for the slug.
"""

import unicodedata

from anyascii import anyascii
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

# Unicode scripts (the first word of a letter's Unicode name) that transliterate to the spelling
# people use. CJK ideographs are read as Mandarin pinyin, the spelling of ARMAC's Chinese sources.
TRANSLITERATED_SCRIPTS = frozenset({"LATIN", "GREEK", "CYRILLIC", "CJK"})


def _script(character):
    return unicodedata.name(character, "UNKNOWN").split(" ", 1)[0]


def scripts_needing_a_slug(text):
    """The scripts in `text` (as Unicode names them, e.g. "KHMER") that slugify_name() will not spell."""
    return sorted(
        {
            _script(character)
            for character in text
            if unicodedata.category(character).startswith("L") and _script(character) not in TRANSLITERATED_SCRIPTS
        }
    )


def slugify_name(text, max_length=None):
    """An ASCII slug for a name or title: “Nguyễn Thị Hương” → “nguyen-thi-huong”.

    At most `max_length` characters, cut as Django admin's URLify cuts (no trailing hyphen).
    Raises ValidationError (code "slug_needs_a_person") when the text is in a script that does not
    transliterate to a recognisable spelling, or when nothing of it can be spelt in ASCII.
    """
    text = text or ""
    refused = scripts_needing_a_slug(text)
    if refused:
        raise ValidationError(
            _(
                "“%(text)s” is written in %(scripts)s script, which has no one spelling in Latin letters: type the "
                "slug yourself, in lower-case letters, digits and hyphens, as the name is usually spelt in English."
            ),
            code="slug_needs_a_person",
            params={"text": text, "scripts": " and ".join(script.title() for script in refused)},
        )
    # Each ideograph is a syllable: spaced, so the slug reads dong-meng rather than dongmeng.
    spelt = "".join(f" {anyascii(ch)} " if _script(ch) == "CJK" else anyascii(ch) for ch in text)
    slug = slugify(spelt)
    if max_length:
        slug = slug[:max_length].rstrip("-")
    if not slug:
        raise ValidationError(
            _("Nothing in “%(text)s” can be spelt in Latin letters: type the slug yourself."),
            code="slug_needs_a_person",
            params={"text": text},
        )
    return slug
