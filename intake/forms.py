"""The intake pages' forms: thin, the work is in intake.workflow and intake.extract."""

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from registry.models import OrganisationKind, SourceKind

from . import extract
from .workflow import stored_duplicate

_CONFIRM_SALT = "intake.confirm-document"
TITLE_MAX = 300


def title_from(text, file_name=""):
    """A title when none is given: the file's name without its extension, else the text's first line."""
    if file_name:
        return file_name.rsplit(".", 1)[0][:TITLE_MAX]
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:TITLE_MAX]


class AddDocumentForm(forms.Form):
    """Paste the text or upload a file; what is taken is shown for confirmation before anything is stored."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        required=False,
        help_text=_("Leave empty to use the file's name, or the first line of the pasted text."),
    )
    kind = forms.ChoiceField(label=_("Kind of document"), choices=SourceKind.choices)
    text = forms.CharField(
        label=_("Paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    file = forms.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("A .txt, .html, .docx or .pdf file of at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(extract.EXTENSIONS)}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate = None

    def clean(self):
        cleaned = super().clean()
        upload, pasted = cleaned.get("file"), cleaned.get("text") or ""
        if upload and pasted.strip():
            raise forms.ValidationError(_("Paste the text or upload a file, not both."))
        if not upload and not pasted.strip():
            raise forms.ValidationError(_("Paste the document's text or upload its file."))
        try:
            text = extract.text_from_upload(upload) if upload else extract.text_from_paste(pasted)
        except extract.ExtractionRefused as refused:
            raise forms.ValidationError(str(refused)) from None
        self.duplicate = stored_duplicate(text)
        if self.duplicate is not None:
            raise forms.ValidationError(_("This document is already stored: nothing new was added."))
        cleaned["extracted"] = text
        cleaned["origin_name"] = upload.name if upload else ""
        cleaned["title"] = cleaned.get("title") or title_from(text, cleaned["origin_name"])
        return cleaned

    def confirmation(self):
        """The confirmation form carrying what was extracted, signed so the stored text is the shown text."""
        data = self.cleaned_data
        payload = signing.dumps({"text": data["extracted"]}, salt=_CONFIRM_SALT, compress=True)
        return ConfirmDocumentForm(initial={"title": data["title"], "kind": data["kind"], "payload": payload})


class ConfirmDocumentForm(forms.Form):
    """The extracted text travels signed and compressed: a hidden field, because the browser would turn
    every line end of a text field into CRLF, and the text must be stored exactly as extracted."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    kind = forms.ChoiceField(label=_("Kind of document"), choices=SourceKind.choices)
    payload = forms.CharField(widget=forms.HiddenInput)

    def clean_payload(self):
        try:
            return signing.loads(self.cleaned_data["payload"], salt=_CONFIRM_SALT, max_age=24 * 3600)["text"]
        except (signing.BadSignature, KeyError, TypeError):
            raise forms.ValidationError(
                _("The confirmed text was altered or is too old: add the document again.")
            ) from None

    @property
    def text(self):
        return self.cleaned_data.get("payload", "")


class AcceptForm(forms.Form):
    """A new record's name (and, for an organisation, its acronym and kind), as the suggestion proposes them."""

    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)
    honorific = forms.CharField(label=_("Honorific"), max_length=40, required=False)
    organisation_kind = forms.ChoiceField(
        label=_("Kind"), choices=OrganisationKind.choices, initial=OrganisationKind.OTHER, required=False
    )


class CiteForm(forms.Form):
    """A selected passage (its offsets in the stored text), the record and the fact it supports."""

    start = forms.IntegerField(label=_("From character"), min_value=0)
    end = forms.IntegerField(label=_("To character"), min_value=1)
    record = forms.ChoiceField(label=_("Record"))
    fact = forms.ChoiceField(label=_("Fact"))

    def __init__(self, *args, records=(), fact_groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {record_key(record): record for record in records}
        self.fields["record"].choices = [("", _("Choose a record"))] + [
            (key, f"{record._meta.verbose_name.capitalize()}: {record}") for key, record in self.records.items()
        ]
        self.fields["fact"].choices = list(fact_groups)

    def clean_record(self):
        return self.records[self.cleaned_data["record"]]


def record_key(record):
    """The select's value for a record: its model's label and its id, e.g. "registry.person:12"."""
    return f"{record._meta.label_lower}:{record.pk}"
