"""What staff do with a document, each step one transaction: store it with its suggestions, then
accept, link or dismiss a suggestion, or cite a selected passage. Nothing here publishes anything:
every record and document intake creates is a draft.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core.models import PublicationStatus
from core.slugs import slugify_name
from registry.models import (
    Citation,
    Country,
    Organisation,
    OrganisationKind,
    Person,
    SourceDocument,
    Theme,
    text_checksum,
)

from .facts import RECORD, citable_facts
from .mentions import MentionKind
from .models import Suggestion, SuggestionState
from .snapshot import Snapshot
from .suggest import suggest


class IntakeRefused(Exception):
    """A step that cannot be done; the message is one plain sentence for the person who asked."""


def stored_duplicate(text):
    """The document already stored with exactly this text, or None."""
    return SourceDocument.objects.filter(checksum=text_checksum(text)).defer("text").first()


def unique_slug(model, text, max_length=120, fallback=None):
    """A slug made from `text` that no row of `model` has yet: “name”, else “name-2”, “name-3”…

    A text in a script with no one Latin spelling gets `fallback` when one is given; without one the
    refusal (one sentence asking for a slug) is raised as IntakeRefused.
    """
    try:
        base = slugify_name(text, max_length=max_length - 4)
    except ValidationError as error:
        if fallback is None:
            raise IntakeRefused(" ".join(error.messages)) from None
        base = fallback
    taken = set(model.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# What a mention's `match` (a slug or ISO code) is looked up by, per kind.
_MATCHED_BY = {
    MentionKind.PERSON: (Person, "slug"),
    MentionKind.ORGANISATION: (Organisation, "slug"),
    MentionKind.COUNTRY: (Country, "iso3"),
    MentionKind.THEME: (Theme, "slug"),
}


def _suggestions_for(document, mentions):
    """Unsaved Suggestion rows for the mentions, their matches resolved in one query per kind."""
    ids = {}
    for kind, (model, key) in _MATCHED_BY.items():
        wanted = {m.match for m in mentions if m.kind == kind and m.match}
        if wanted:
            ids[kind] = (
                ContentType.objects.get_for_model(model),
                dict(model.objects.filter(**{f"{key}__in": wanted}).values_list(key, "id")),
            )
    rows = []
    for mention in mentions:
        match_type = match_id = None
        if mention.match and mention.kind in ids:
            content_type, by_key = ids[mention.kind]
            match_id = by_key.get(mention.match)
            match_type = content_type if match_id is not None else None
        rows.append(
            Suggestion(
                document=document,
                kind=mention.kind,
                start=mention.start,
                end=mention.end,
                text=mention.text,
                how=mention.how or "",
                match_type=match_type,
                match_id=match_id,
                proposed_name=(mention.name or "")[:200],
                acronym=(mention.acronym or "")[:30],
                honorific=(mention.honorific or "")[:40],
                value="" if mention.value is None else str(mention.value)[:40],
                end_value=(mention.end_value or "")[:40],
                unit=(mention.unit or "")[:40],
            )
        )
    return rows


@transaction.atomic
def store_document(*, text, title, kind, user, origin_name=""):
    """Store `text` verbatim as a draft source document with the engine's suggestions on it.

    Refused (IntakeRefused, nothing stored) when a document with the same text is already stored.
    """
    duplicate = stored_duplicate(text)
    if duplicate is not None:
        raise IntakeRefused(_("This document is already stored as “%(title)s”.") % {"title": duplicate.title})
    document = SourceDocument(
        title=title,
        # A title in, say, Khmer script gets a slug from its text's checksum; staff may change it in the admin.
        slug=unique_slug(SourceDocument, title, fallback=f"source-{text_checksum(text)[:12]}"),
        kind=kind,
        languages=["en"],
        text=text,
        status=PublicationStatus.DRAFT,
    )
    document._history_user = user
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Stored by someone else between the check above and this save (the checksum is unique).
        raise IntakeRefused(_("This document has just been stored by someone else.")) from None
    rows = _suggestions_for(document, suggest(text, Snapshot.from_database()))
    bulk_create_with_history(rows, Suggestion, default_user=user)
    return document


def _decided(suggestion, state, user, *, match=None, citation=None):
    suggestion.state = state
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    if match is not None:
        suggestion.match = match
    suggestion.citation = citation
    suggestion._history_user = user
    suggestion.save()


def _cite(record, document, start, end, fact, user):
    citation = Citation(subject=record, source=document, quote=document.text[start:end], fact=fact)
    citation._history_user = user
    citation.save()
    return citation


def _pending(suggestion):
    if not suggestion.is_pending:
        raise IntakeRefused(
            _("This suggestion was already decided (%(state)s).") % {"state": suggestion.get_state_display()}
        )


@transaction.atomic
def link(suggestion, user):
    """Cite the mention's passage for the known record it names."""
    suggestion = Suggestion.objects.select_for_update().select_related("document").get(pk=suggestion.pk)
    _pending(suggestion)
    record = suggestion.match
    if record is None:
        raise IntakeRefused(_("This mention names no known record: accept it as a new record instead."))
    citation = _cite(record, suggestion.document, suggestion.start, suggestion.end, RECORD, user)
    _decided(suggestion, SuggestionState.LINKED, user, citation=citation)
    return record


def _existing_record(kind, name):
    if kind == MentionKind.PERSON:
        return Person.objects.matching_name(name).first()
    return Organisation.objects.filter(name__iexact=name).first()


def _new_record(kind, name, *, acronym="", honorific="", organisation_kind=OrganisationKind.OTHER, user=None):
    if kind == MentionKind.PERSON:
        record = Person(name=name, honorific=honorific, slug=unique_slug(Person, name))
    else:
        record = Organisation(name=name, acronym=acronym, kind=organisation_kind, slug=unique_slug(Organisation, name))
    record.status = PublicationStatus.DRAFT
    try:
        record.full_clean()
    except ValidationError as error:
        raise IntakeRefused(" ".join(error.messages)) from None
    record._history_user = user
    record.save()
    return record


@transaction.atomic
def accept(suggestion, user, *, name, acronym="", honorific="", organisation_kind=OrganisationKind.OTHER):
    """Create the draft record a new person or organisation mention names, with the passage as its citation.

    When a record of that name exists by now (an earlier mention was accepted), the mention is linked
    to it instead; the other pending mentions of the same new record in the document are matched to
    it, so each is one click to link.
    """
    suggestion = Suggestion.objects.select_for_update().select_related("document").get(pk=suggestion.pk)
    _pending(suggestion)
    if not suggestion.is_new_record:
        raise IntakeRefused(_("Only a new person or organisation can be accepted as a new record."))
    name = " ".join((name or "").split())
    if not name:
        raise IntakeRefused(_("Give the new record's name."))
    record = _existing_record(suggestion.kind, name)
    state = SuggestionState.LINKED
    if record is None:
        record = _new_record(
            suggestion.kind,
            name,
            acronym=" ".join((acronym or "").split()),
            honorific=" ".join((honorific or "").split()),
            organisation_kind=organisation_kind,
            user=user,
        )
        state = SuggestionState.ACCEPTED
    citation = _cite(record, suggestion.document, suggestion.start, suggestion.end, RECORD, user)
    _decided(suggestion, state, user, match=record, citation=citation)
    content_type = ContentType.objects.get_for_model(record)
    Suggestion.objects.pending().filter(
        document=suggestion.document_id,
        kind=suggestion.kind,
        proposed_name=suggestion.proposed_name,
        match_id__isnull=True,
    ).update(match_type=content_type, match_id=record.pk, updated_at=timezone.now())
    return record, state


@transaction.atomic
def dismiss(suggestion, user):
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    _pending(suggestion)
    _decided(suggestion, SuggestionState.DISMISSED, user)


def trimmed(text, start, end):
    """The offsets without the white space a selection often takes in at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@transaction.atomic
def cite_passage(document, record, fact, start, end, user):
    """Cite document.text[start:end] (white space at either end left out) for `fact` of `record`.

    The quote is cut from the stored text, so it is verbatim by construction. A pending suggestion
    on exactly that passage naming that record is then decided with it.
    """
    if not 0 <= start < end <= len(document.text):
        raise IntakeRefused(_("Select a passage of the document first."))
    start, end = trimmed(document.text, start, end)
    if start == end:
        raise IntakeRefused(_("The selected passage is only white space: select some words."))
    if fact not in dict(citable_facts(type(record))):
        raise IntakeRefused(
            _("“%(fact)s” is not a fact a %(record)s can be cited for.")
            % {"fact": fact, "record": record._meta.verbose_name}
        )
    citation = _cite(record, document, start, end, fact, user)
    content_type = ContentType.objects.get_for_model(record)
    for suggestion in Suggestion.objects.pending().filter(
        document=document, start=start, end=end, match_type=content_type, match_id=record.pk
    ):
        _decided(suggestion, SuggestionState.LINKED, user, citation=citation)
    return citation
