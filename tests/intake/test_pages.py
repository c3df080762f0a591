"""The intake staff pages: adding a document, the suggestions on it, accepting, linking, dismissing,
citing a selected passage, the review queue, and who may do what."""

import itertools
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import PublicationStatus
from intake import extract
from intake.forms import AddDocumentForm
from intake.highlight import segments
from intake.models import Suggestion, SuggestionState, review_queue
from intake.workflow import IntakeRefused, accept, cite_passage, dismiss, store_document
from registry.models import Citation, Organisation, Person, SourceDocument, SourceKind, text_checksum
from tests import factories as f
from tests.admin_helpers import make_staff

pytestmark = pytest.mark.django_db

TEXT = (
    "H.E. Dr. Sok Phal met Ms Rothna Buth of the Cambodian Mine Action Centre (CMAC) in Phnom Penh, "
    "Cambodia on 19 December 2024.\r\nSome 56 participants attended. Mr Sok Phal thanked CMAC."
)
QUEUE = reverse("intake:queue")
ADD = reverse("intake:add")
CONFIRM = reverse("intake:confirm")


@pytest.fixture
def registry():
    f.make_country(iso3="KHM", iso2="KH", name="Cambodia", slug="cambodia")
    return f.make_person(name="Buth Rothna", other_names=["Rothna Buth"], honorific="Ms", slug="buth-rothna")


@pytest.fixture
def editor(client):
    user = make_staff("editors", "ana")
    client.force_login(user)
    return user


@pytest.fixture
def viewer(client):
    user = make_staff("viewers", "vic")
    client.force_login(user)
    return user


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def add_and_confirm(client, **data):
    """Post the add form, then the confirmation it returns; the response of the confirmation."""
    response = client.post(ADD, {"kind": SourceKind.PRESS_RELEASE, **data})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.__class__.__name__ == "ConfirmDocumentForm", response.content.decode()[:2000]
    return client.post(CONFIRM, {"title": form.initial["title"], "kind": form.initial["kind"], **form.initial})


# --- who may do what ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    for address in (QUEUE, ADD):
        response = client.get(address)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_a_viewer_reads_the_queue_and_documents_but_cannot_add_or_decide(client, viewer, registry):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=None)
    suggestion = document.suggestions.first()
    assert client.get(QUEUE).status_code == 200
    page = client.get(reverse("intake:document", args=[document.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Dismiss" not in html
        and "Cite a passage" not in html
        and "Add a document" not in client.get(QUEUE).content.decode()
    )
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, {"kind": SourceKind.PRESS_RELEASE, "text": "Some new text."}).status_code == 403
    assert client.post(CONFIRM, {}).status_code == 403
    decide = reverse("intake:decide", args=[document.pk])
    assert client.post(decide, {"suggestion": suggestion.pk, "action": "dismiss"}).status_code == 403
    assert client.post(reverse("intake:cite", args=[document.pk]), {}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.PENDING


# --- adding a document ----------------------------------------------------------------------------


def test_pasted_text_is_shown_for_confirmation_and_only_then_stored_as_a_draft(client, editor, registry):
    response = client.post(ADD, {"kind": SourceKind.PRESS_RELEASE, "text": "Title line\r\nARMAC met CMAC."})
    assert response.status_code == 200
    assert "ARMAC met CMAC." in response.content.decode()
    assert not SourceDocument.objects.exists()  # nothing stored before confirming

    form = response.context["form"]
    stored = client.post(CONFIRM, {**form.initial, "title": "Edited title"})
    document = SourceDocument.objects.get()
    assert stored["Location"] == reverse("intake:document", args=[document.pk])
    assert document.text == "Title line\nARMAC met CMAC."  # pasted line ends are "\n"
    assert document.checksum == text_checksum(document.text)
    assert document.title == "Edited title"
    assert document.status == PublicationStatus.DRAFT


def test_an_uploaded_text_file_is_stored_verbatim_with_its_suggestions(client, editor, registry):
    response = add_and_confirm(client, file=upload("release.txt", TEXT.encode("utf-8")))
    assert response.status_code == 302
    document = SourceDocument.objects.get()
    assert document.text == TEXT  # CRLF kept: offsets index the text exactly as written
    assert document.title == "release"
    suggestions = list(document.suggestions.all())
    assert suggestions and all(s.text == TEXT[s.start : s.end] for s in suggestions)
    person = Person.objects.get(slug="buth-rothna")
    linked = [s for s in suggestions if s.match == person]
    assert [s.text for s in linked] == ["Rothna Buth"]
    assert linked[0].match_type == ContentType.objects.get_for_model(Person)
    assert {s.proposed_name for s in suggestions if s.kind == "organisation"} == {"Cambodian Mine Action Centre"}
    assert [s.value for s in suggestions if s.kind == "date"] == ["2024-12-19"]


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        ({"text": "   \r\n  "}, "Paste the document's text or upload its file."),
        ({}, "Paste the document's text or upload its file."),
        ({"file": ("empty.txt", b"")}, "The submitted file is empty."),
        ({"file": ("blank.txt", b"  \n\n ")}, "“blank.txt” is empty."),
        ({"file": ("binary.txt", b"\x00\x01\x02PK\x03\x04 data")}, "“binary.txt” holds binary data, not text."),
        (
            {"file": ("latin.txt", "café".encode("latin-1"))},
            "“latin.txt” is not UTF-8 text; save it as UTF-8 and send it again.",
        ),
        ({"file": ("scan.pdf", b"not a pdf at all")}, "“scan.pdf” is not a PDF document."),
        ({"file": ("letter.docx", b"plain words, not a zip")}, "“letter.docx” is not a Word (.docx) document."),
        (
            {"file": ("program.exe", b"MZ...")},
            "“program.exe” is not a .txt, .html, .docx or .pdf file, the only kinds taken.",
        ),
        ({"text": "Both.", "file": ("a.txt", b"Both.")}, "Paste the text or upload a file, not both."),
    ],
)
def test_bad_input_is_refused_with_one_sentence_and_nothing_stored(client, editor, data, sentence):
    if "file" in data:
        data = {**data, "file": upload(*data["file"])}
    response = client.post(ADD, {"kind": SourceKind.PRESS_RELEASE, **data})
    assert response.status_code == 200
    assert isinstance(response.context["form"], AddDocumentForm)
    assert sentence in [str(e) for errors in response.context["form"].errors.values() for e in errors]
    assert not SourceDocument.objects.exists()


def test_a_file_over_the_size_limit_is_refused(client, editor, monkeypatch):
    monkeypatch.setattr(extract, "MAX_FILE_BYTES", 100)
    response = client.post(ADD, {"kind": SourceKind.PRESS_RELEASE, "file": upload("big.txt", b"word " * 40)})
    assert "“big.txt” is larger than 0 MB, the largest file taken." in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_a_text_over_the_length_limit_is_refused(client, editor, monkeypatch):
    monkeypatch.setattr(extract, "MAX_TEXT_CHARS", 10)
    response = client.post(ADD, {"kind": SourceKind.PRESS_RELEASE, "text": "A text longer than ten characters."})
    assert "The pasted text is longer than 10 characters, the longest text taken." in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_a_document_already_stored_is_refused_with_a_link_to_it(client, editor):
    existing = f.make_source(text=TEXT, title="The stored one")
    response = client.post(ADD, {"kind": SourceKind.PRESS_RELEASE, "file": upload("again.txt", TEXT.encode())})
    html = response.content.decode()
    assert "This document is already stored: nothing new was added." in html
    assert f'href="{reverse("intake:document", args=[existing.pk])}"' in html
    assert SourceDocument.objects.count() == 1


def test_a_document_stored_between_showing_and_confirming_is_refused(client, editor):
    response = client.post(ADD, {"kind": SourceKind.PRESS_RELEASE, "text": "ARMAC met CMAC."})
    f.make_source(text="ARMAC met CMAC.", title="Stored meanwhile")
    confirmed = client.post(CONFIRM, response.context["form"].initial)
    assert confirmed.status_code == 200
    assert "This document is already stored as “Stored meanwhile”." in confirmed.content.decode()
    assert SourceDocument.objects.count() == 1


def test_an_altered_confirmation_is_refused(client, editor):
    response = client.post(ADD, {"kind": SourceKind.PRESS_RELEASE, "text": "ARMAC met CMAC."})
    data = {**response.context["form"].initial}
    data["payload"] = data["payload"][:-3] + "xyz"
    confirmed = client.post(CONFIRM, data)
    assert "The confirmed text was altered or is too old: add the document again." in confirmed.content.decode()
    assert not SourceDocument.objects.exists()


# --- the document page ----------------------------------------------------------------------------


def test_the_text_is_escaped_and_every_segment_knows_its_stored_offsets(client, editor, registry):
    text = "<script>alert(1)</script> Rothna Buth said\r\nCambodia & friends."
    document = store_document(text=text, title="Escaping", kind=SourceKind.STATEMENT, user=editor)
    html = client.get(reverse("intake:document", args=[document.pk])).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    shown = re.search(r'<pre class="intake-text" id="intake-text"[^>]*>(.*?)</pre>', html, re.S).group(1)
    pieces = re.findall(r'<(span|mark)[^>]*data-start="(\d+)" data-end="(\d+)">', shown)
    assert pieces[0][1] == "0" and pieces[-1][2] == str(len(text))
    for (_, _, end), (_, start, _) in itertools.pairwise(pieces):
        assert end == start  # contiguous: no character lost or counted twice
    marks = re.findall(r'<mark class="mention mention-(\w+)" data-start="(\d+)" data-end="(\d+)">([^<]*)</mark>', shown)
    assert ("person", str(text.index("Rothna")), str(text.index(" said")), "Rothna Buth") in marks
    assert ("country", str(text.index("Cambodia")), str(text.index(" &")), "Cambodia") in marks


def test_segments_keep_crlf_line_ends_as_their_own_segments():
    class S:
        def __init__(self, pk, start, end, kind):
            self.id, self.start, self.end, self.kind = pk, start, end, kind

    text = "Cambodian Mine Action Centre\r\nCambodia"
    result = segments(text, [S(1, 0, 28, "organisation"), S(2, 0, 8, "country"), S(3, 30, 38, "country")])
    assert "".join(s.text for s in result) == text
    assert [(s.start, s.end, s.kind, s.line_end) for s in result] == [
        (0, 8, "country", False),
        (8, 28, "organisation", False),
        (28, 30, "", True),
        (30, 38, "country", False),
    ]


# --- deciding -------------------------------------------------------------------------------------


def _suggestion(document, text, kind):
    return document.suggestions.get(text=text, kind=kind, start=document.text.index(text))


def test_accepting_creates_a_draft_record_with_its_verbatim_citation(client, editor, registry):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    suggestion = _suggestion(document, "Cambodian Mine Action Centre", "organisation")
    prefix = f"s{suggestion.pk}"
    response = client.post(
        reverse("intake:decide", args=[document.pk]),
        {
            "suggestion": suggestion.pk,
            "action": "accept",
            f"{prefix}-name": "Cambodian Mine Action Centre",
            f"{prefix}-acronym": "CMAC",
            f"{prefix}-organisation_kind": "mine-action-authority",
        },
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Cambodian Mine Action Centre")
    assert organisation.status == PublicationStatus.DRAFT
    assert (organisation.acronym, organisation.kind, organisation.slug) == (
        "CMAC",
        "mine-action-authority",
        "cambodian-mine-action-centre",
    )
    citation = organisation.citations.get()
    assert citation.quote == document.text[suggestion.start : suggestion.end] == "Cambodian Mine Action Centre"
    assert citation.source == document and citation.fact == "record"
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decided_by, suggestion.match, suggestion.citation) == (
        SuggestionState.ACCEPTED,
        editor,
        organisation,
        citation,
    )
    assert suggestion.decided_at is not None
    # The other mentions of the same new organisation are now matched to it: one click to link.
    for other in document.suggestions.filter(kind="organisation").exclude(pk=suggestion.pk):
        assert (other.state, other.match) == (SuggestionState.PENDING, organisation)
    # History keeps who decided.
    assert suggestion.history.first().history_user == editor
    document.refresh_from_db()
    assert document.status == PublicationStatus.DRAFT  # nothing published by intake


def test_accepting_is_one_transaction(editor, registry, monkeypatch):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    suggestion = _suggestion(document, "Sok Phal", "person")

    def refuse(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Citation, "save", refuse)
    with pytest.raises(RuntimeError):
        accept(suggestion, editor, name="Sok Phal")
    assert not Person.objects.filter(name="Sok Phal").exists()
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.PENDING


def test_accepting_a_name_already_recorded_links_to_that_record(editor, registry):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    first, second = document.suggestions.filter(kind="person", text="Sok Phal").order_by("start")
    record, state = accept(first, editor, name="Sok Phal")
    assert state == SuggestionState.ACCEPTED
    # The second mention was matched to the new record; accepting it under another word order links.
    Suggestion.objects.filter(pk=second.pk).update(match_type=None, match_id=None)
    second.refresh_from_db()
    again, state = accept(second, editor, name="Phal Sok")
    assert (again, state) == (record, SuggestionState.LINKED)
    assert Person.objects.filter(name="Sok Phal").count() == 1
    assert record.citations.count() == 2


def test_linking_cites_the_passage_for_the_known_record(client, editor, registry):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    suggestion = _suggestion(document, "Rothna Buth", "person")
    decision = {"suggestion": suggestion.pk, "action": "link"}
    client.post(reverse("intake:decide", args=[document.pk]), decision)
    citation = registry.citations.get()
    assert citation.quote == "Rothna Buth" and citation.source == document
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.LINKED and suggestion.decided_by == editor
    # Deciding twice is refused, with a sentence, not a second citation.
    response = client.post(reverse("intake:decide", args=[document.pk]), decision, follow=True)
    assert "This suggestion was already decided (linked to a known record)." in response.content.decode()
    assert registry.citations.count() == 1


def test_an_unknown_action_or_suggestion_is_refused(client, editor, registry):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    suggestion = document.suggestions.first()
    decide = reverse("intake:decide", args=[document.pk])
    for data in ({"suggestion": suggestion.pk, "action": "publish"}, {"action": "dismiss"}, {}):
        response = client.post(decide, data)
        assert response.status_code == 400
        assert "Choose a suggestion and what to do with it" in response.content.decode()
    elsewhere = store_document(text="Rothna Buth in Cambodia.", title="B", kind=SourceKind.STATEMENT, user=editor)
    response = client.post(
        reverse("intake:decide", args=[elsewhere.pk]), {"suggestion": suggestion.pk, "action": "dismiss"}
    )
    assert response.status_code == 404  # a suggestion is decided on its own document's page only
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.PENDING


# --- citing a selected passage --------------------------------------------------------------------


def test_citing_a_selection_quotes_the_stored_text_verbatim(client, editor, registry):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    start = TEXT.index("Some 56")
    end = TEXT.index(" Mr Sok")
    response = client.post(
        reverse("intake:cite", args=[document.pk]),
        # A selection often takes in the line end before it: left out of the quote.
        {"start": start - 2, "end": end, "record": f"registry.person:{registry.pk}", "fact": "name"},
    )
    assert response.status_code == 302
    citation = registry.citations.get()
    assert citation.quote == "Some 56 participants attended." == TEXT[start:end]
    assert citation.fact == "name"


@pytest.mark.parametrize(
    ("start", "end", "fact", "sentence"),
    [
        (5, 5, "name", "Select a passage of the document first."),
        (0, 100_000, "name", "Select a passage of the document first."),
        (
            TEXT.index("\r\n"),
            TEXT.index("\r\n") + 2,
            "name",
            "The selected passage is only white space: select some words.",
        ),
        (0, 8, "iso3", "“iso3” is not a fact a person can be cited for."),
    ],
)
def test_a_bad_selection_is_refused_with_a_sentence(client, editor, registry, start, end, fact, sentence):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    response = client.post(
        reverse("intake:cite", args=[document.pk]),
        {"start": start, "end": end, "record": f"registry.person:{registry.pk}", "fact": fact},
    )
    assert response.status_code == 400
    assert sentence in response.content.decode()
    assert not Citation.objects.exists()


def test_a_record_not_named_by_the_document_cannot_be_chosen(client, editor, registry):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    stranger = f.make_person(name="Not Mentioned")
    response = client.post(
        reverse("intake:cite", args=[document.pk]),
        {"start": 0, "end": 8, "record": f"registry.person:{stranger.pk}", "fact": "name"},
    )
    assert response.status_code == 400
    assert not Citation.objects.exists()


# --- the queue ------------------------------------------------------------------------------------


def test_the_queue_counts_pending_suggestions_and_drops_a_document_when_all_are_decided(client, editor, registry):
    first = store_document(text=TEXT, title="First", kind=SourceKind.PRESS_RELEASE, user=editor)
    second = store_document(
        text="Rothna Buth visited Cambodia.", title="Second", kind=SourceKind.STATEMENT, user=editor
    )
    counts = {d.title: (d.pending_count, d.suggestion_count) for d in review_queue()}
    assert counts == {"First": (first.suggestions.count(),) * 2, "Second": (2, 2)}

    for suggestion in second.suggestions.all():
        dismiss(suggestion, editor)
    cite_passage(first, registry, "record", TEXT.index("Rothna"), TEXT.index(" of the"), editor)
    counts = {d.title: (d.pending_count, d.suggestion_count) for d in review_queue()}
    assert counts == {"First": (first.suggestions.count() - 1, first.suggestions.count())}

    with CaptureQueriesContext(connection) as few:
        html = client.get(QUEUE).content.decode()
    for n in range(3):
        more = store_document(text=f"Rothna Buth in Cambodia, {n}.", title=f"More {n}", kind="statement", user=editor)
        dismiss(more.suggestions.first(), editor)
    with CaptureQueriesContext(connection) as many:
        assert client.get(QUEUE).status_code == 200
    assert len(many) == len(few)  # the queue and the decisions are one query each, whatever their length
    assert "Second" in html  # in the latest decisions, with who decided
    assert "linked to a known record" in html and "ana" in html


def test_the_document_page_takes_a_fixed_number_of_queries(client, editor, registry, django_assert_max_num_queries):
    document = store_document(text=TEXT * 3, title="Long", kind=SourceKind.PRESS_RELEASE, user=editor)
    for suggestion in document.suggestions.all()[:5]:
        dismiss(suggestion, editor)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("intake:document", args=[document.pk])).status_code == 200


def test_dismissing_twice_is_refused(editor, registry):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    suggestion = document.suggestions.first()
    dismiss(suggestion, editor)
    with pytest.raises(IntakeRefused):
        dismiss(suggestion, editor)


def test_the_admin_index_leads_editors_and_viewers_to_the_queue(client):
    for group in ("editors", "viewers"):
        client.force_login(make_staff(group))
        index = client.get(reverse("admin:index")).content.decode()
        changelist = reverse("admin:intake_suggestion_changelist")
        assert changelist in index
        listing = client.get(changelist)
        assert listing.status_code == 200
        assert f'href="{QUEUE}"' in listing.content.decode()


def test_a_title_with_no_latin_spelling_still_gets_a_slug(editor):
    document = store_document(text="ARMAC met CMAC.", title="ព័ត៌មាន", kind=SourceKind.NEWS_ARTICLE, user=editor)
    assert document.slug == f"source-{document.checksum[:12]}"


def test_a_new_record_whose_name_has_no_latin_spelling_is_refused_with_a_sentence(editor, registry):
    document = store_document(text=TEXT, title="A", kind=SourceKind.PRESS_RELEASE, user=editor)
    suggestion = _suggestion(document, "Sok Phal", "person")
    with pytest.raises(IntakeRefused, match="has no one spelling in Latin letters"):
        accept(suggestion, editor, name="សុខ ផល")
    assert not Person.objects.filter(name="សុខ ផល").exists()


def test_segments_of_a_long_document_take_linear_time():
    """200,000 characters with 20,000 mentions: a sweep, not every mention tried against every segment."""

    class S:
        def __init__(self, pk, start, end):
            self.id, self.start, self.end, self.kind = pk, start, end, "person"

    text = "Rothna Buth.\n" * 15_000
    mentions = [S(n, n * 13, n * 13 + 11) for n in range(15_000)]
    result = segments(text, mentions)
    assert "".join(s.text for s in result) == text
    assert sum(1 for s in result if s.kind) == 15_000
