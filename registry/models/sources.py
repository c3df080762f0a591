"""Provenance: the source documents, verbatim, and the citations that tie every fact to a sentence."""

import functools
import hashlib
import operator
from collections import defaultdict

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import provenance
from core.dates import PartialDateField
from core.models import TimeStamped, full_text_index

from .base import YEAR_INFERRED_HELP, PublicRecord, year_inferred_needs_reason


def text_checksum(text):
    """SHA-256 of the UTF-8 text: proves a stored document is the one that was read."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def validate_quote(source, quote):
    """Refuse a quote that does not stand, verbatim, in its source document's text."""
    if not quote or not quote.strip():
        raise ValidationError({"quote": _("Give the quoted passage.")})
    if source is None:
        raise ValidationError({"source": _("Choose the source document the quote comes from.")})
    if quote not in source.text:
        raise ValidationError(
            {
                "quote": _("This passage is not in “%(source)s”: quote it exactly as the document has it.")
                % {"source": source.title}
            }
        )


class SourceKind(models.TextChoices):
    """What sort of document a source is."""

    PRESS_RELEASE = "press-release", _("press release")
    NEWS_ARTICLE = "news-article", _("news article")
    STATEMENT = "statement", _("statement")
    WEB_POST = "web-post", _("web post")


class SourceDocument(PublicRecord):
    """A document the portal's facts come from, kept verbatim and never fetched again."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices, db_index=True)
    # Several: a joint press release is published by all the organisations that issue it together.
    publishers = models.ManyToManyField(
        "registry.Organisation",
        verbose_name=_("publishers"),
        blank=True,
        related_name="published_documents",
        help_text=_(
            "The organisations that published the document, when the document says; all of them for a joint one."
        ),
    )
    published_on = PartialDateField(_("publication date"))
    year_inferred = models.BooleanField(_("year inferred"), default=False, help_text=YEAR_INFERRED_HELP)
    date_note = models.TextField(
        _("date note"), blank=True, help_text=_("Why the date is what it is: the reason for an inferred year.")
    )
    languages = models.JSONField(_("languages"), default=list, help_text=_('BCP 47 codes, for example ["en", "zh"].'))
    original_address = models.TextField(
        _("original address"),
        blank=True,
        help_text=_("Where the document was found, as the source gives it. Untrusted text: never fetched or linked."),
    )
    origin_file = models.CharField(
        _("origin file"),
        max_length=200,
        blank=True,
        help_text=_("The file under fixtures/sources/ that holds this text."),
    )
    text = models.TextField(_("text"), help_text=_("The document verbatim."))
    checksum = models.CharField(_("SHA-256 checksum"), max_length=64, editable=False)

    _history_m2m_fields = ["publishers"]

    # Searched as substrings on SQLite, and with the full-text index `source_search_idx` on PostgreSQL.
    search_fields = full_text_fields = ("title", "text")

    class Meta:
        ordering = ["-published_on", "title", "id"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")
        indexes = [full_text_index(("title", "text"), name="source_search_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["checksum"],
                name="source_document_unique_text",
                violation_error_message=_("This document is already stored."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="source_document_has_text",
                violation_error_message=_("A source document needs its text."),
            ),
            year_inferred_needs_reason("source_document"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:source-detail", kwargs={"slug": self.slug})

    def clean(self):
        if not isinstance(self.languages, list) or not all(isinstance(code, str) and code for code in self.languages):
            raise ValidationError({"languages": _('Give the languages as a list of codes, for example ["en"].')})
        if self.pk:
            # A document that is cited must keep every quoted passage.
            stored = SourceDocument.objects.filter(pk=self.pk).values_list("text", flat=True).first()
            if stored is not None and stored != self.text:
                missing = [c.quote for c in self.citations_made.all() if c.quote not in self.text]
                missing += [p.quote for p in self.positions.all() if p.quote not in self.text]
                if missing:
                    raise ValidationError(
                        {
                            "text": _("The new text drops %(n)d cited passage(s), starting with “%(first)s”.")
                            % {"n": len(missing), "first": missing[0][:80]}
                        }
                    )

    def save(self, *args, **kwargs):
        self.checksum = text_checksum(self.text)
        super().save(*args, **kwargs)


def validate_facts(content_type, keys, field_name):
    """Refuse fact keys that are not in the subject model's vocabulary (core.provenance)."""
    model = content_type.model_class() if content_type is not None else None
    if model is None:
        return
    unknown = provenance.unknown_facts(model, keys)
    if unknown:
        raise ValidationError(
            {
                field_name: _("“%(key)s” is not a fact of a %(model)s; choose one of: %(known)s.")
                % {
                    "key": unknown[0],
                    "model": model._meta.verbose_name,
                    "known": ", ".join(provenance.vocabulary(model)),
                }
            }
        )


class CitationQuerySet(models.QuerySet):
    def with_source(self):
        """Citations with their source's slug, title and status, but not its text (kilobytes each)."""
        return self.select_related("source").defer("source__text")

    def of_records(self, records):
        """The citations of `records`, whatever their models, in one query."""
        ids_by_type = defaultdict(list)
        for record in records:
            ids_by_type[ContentType.objects.get_for_model(record)].append(record.pk)
        if not ids_by_type:
            return self.none()
        return self.filter(
            functools.reduce(
                operator.or_,
                (Q(content_type=content_type, object_id__in=ids) for content_type, ids in ids_by_type.items()),
            )
        )

    def attach_to(self, records):
        """Read the citations of `records` in one query and leave each record its own, in this queryset's
        order, where core.provenance.citations_of reads them.

        For a page showing a record and the rows inside it (an event's partners, people and outcomes), where
        a prefetch per kind of row through the generic relation cost a query and Django's generic-relation
        machinery each.
        """
        records = list(records)
        by_record = defaultdict(list)
        for citation in self.of_records(records):
            by_record[citation.content_type_id, citation.object_id].append(citation)
        for record in records:
            content_type = ContentType.objects.get_for_model(record)
            setattr(record, provenance.ATTACHED_CITATIONS, by_record[content_type.pk, record.pk])


class Citation(TimeStamped):
    """A verbatim passage of a source document that supports a record, or one fact on it."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    fact = models.CharField(
        _("fact"),
        max_length=60,
        default=provenance.RECORD,
        help_text=_("The fact the quote supports; “the record itself” for its existence and its name or title."),
    )
    source = models.ForeignKey(
        SourceDocument,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="citations_made",
        help_text=_("The document the passage is quoted from."),
    )
    quote = models.TextField(_("quote"), help_text=_("The passage exactly as the source gives it."))
    note = models.TextField(
        _("note"), blank=True, help_text=_("How the passage supports the fact, where that is not plain.")
    )

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["content_type", "object_id", "fact", "id"]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        indexes = [models.Index(fields=["content_type", "object_id"], name="citation_subject_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(fact=""),
                name="citation_names_its_fact",
                violation_error_message=_("Say which fact the quote supports."),
            )
        ]

    def __str__(self):
        return f"{self.source} [{self.fact}]: “{self.quote[:60]}”"

    @property
    def fact_label(self):
        model = self.content_type.model_class()
        return provenance.fact_label(model, self.fact) if model else self.fact

    def clean(self):
        validate_quote(self.source if self.source_id else None, self.quote)
        # A new inline row has no subject yet: its form offers only the parent's facts.
        validate_facts(self.content_type if self.content_type_id else None, [self.fact], "fact")

    def save(self, *args, **kwargs):
        validate_quote(self.source, self.quote)
        validate_facts(self.content_type, [self.fact], "fact")
        super().save(*args, **kwargs)


class FactNoteKind(models.TextChoices):
    """Where a fact no citation supports comes from."""

    OUTSIDE_SOURCES = provenance.OUTSIDE_SOURCES, _("outside the sources")
    INFERRED = provenance.INFERRED, _("inferred")


class FactNote(TimeStamped):
    """Facts of a record that no source document states: where they come from, or how they were inferred."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=20, choices=FactNoteKind.choices)
    facts = models.JSONField(_("facts"), default=list, help_text=_("The facts of the record this note covers."))
    note = models.TextField(
        _("note"),
        help_text=_("Where the facts come from (for example “ISO 3166-1”), or the reasoning that infers them."),
    )

    class Meta:
        ordering = ["content_type", "object_id", "kind", "id"]
        verbose_name = _("fact note")
        verbose_name_plural = _("fact notes")
        indexes = [models.Index(fields=["content_type", "object_id"], name="fact_note_subject_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(note=""),
                name="fact_note_has_note",
                violation_error_message=_("Say where the facts come from or how they were inferred."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FactNoteKind.values),
                name="fact_note_kind_known",
                violation_error_message=_("Choose outside the sources or inferred."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {', '.join(self.facts)}"

    @property
    def fact_labels(self):
        model = self.content_type.model_class()
        return [provenance.fact_label(model, key) for key in self.facts] if model else list(self.facts)

    def clean(self):
        if not isinstance(self.facts, list) or not self.facts or not all(isinstance(k, str) for k in self.facts):
            raise ValidationError({"facts": _("Choose at least one fact this note covers.")})
        validate_facts(self.content_type if self.content_type_id else None, self.facts, "facts")

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)
