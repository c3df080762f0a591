"""The admin's form pieces: lists edited one per line, and slugs made from a record's name when left empty."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.slugs import slugify_name


class LinesField(forms.CharField):
    """A list of short texts edited one per line in a textarea instead of as raw JSON."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def __init__(self, **kwargs):
        for unused in ("encoder", "decoder"):  # JSONField's form options mean nothing here
            kwargs.pop(unused, None)
        kwargs.setdefault("help_text", _("One per line."))
        kwargs["required"] = False
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class RecordForm(forms.ModelForm):
    """A record's admin form: a slug left empty is made from the name or title by core.slugs.slugify_name.

    The admin's own prepopulated slug (Django's URLify, with static/js/admin-slugs.js) proposes the
    same slug while typing for names in Latin letters; for other scripts it proposes nothing, and
    this server-side slug, the one that counts, is made on saving or refused with a message.
    """

    # The fields the slug is made from, joined by spaces (set by RecordAdmin.get_form from prepopulated_fields).
    slug_from = ()

    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.fields and self.slug_from and not cleaned_data.get("slug") and not self.has_error("slug"):
            text = " ".join(str(cleaned_data.get(name) or "") for name in self.slug_from).strip()
            if not text:
                self.add_error(
                    "slug",
                    _("Give a slug, or the %(fields)s to make it from.") % {"fields": " and ".join(self.slug_from)},
                )
            else:
                try:
                    cleaned_data["slug"] = slugify_name(text, max_length=self.fields["slug"].max_length)
                except ValidationError as error:
                    self.add_error("slug", error)
        return cleaned_data


SLUG_HELP = _(
    "Left empty, it is made from the %(fields)s on saving, in ASCII: Nguyễn Thị Hương becomes nguyen-thi-huong "
    "and Chinese names become pinyin. For names in Khmer, Thai, Lao or Burmese script, type it yourself."
)
