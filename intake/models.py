"""The suggestions made on a stored document, kept so staff can work through them: the review queue."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped

from .mentions import MentionKind


class SuggestionState(models.TextChoices):
    """Where a suggestion stands; every state but PENDING is a decision with who and when."""

    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted: a new draft record")
    LINKED = "linked", _("linked to a known record")
    DISMISSED = "dismissed", _("dismissed")


class SuggestionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state=SuggestionState.PENDING)

    def in_text_order(self):
        return self.order_by("start", "-end", "kind", "id")


def review_queue():
    """Documents with suggestions still pending, oldest first, each with its pending and total counts.

    One query: the counts are annotations, and the document's text (kilobytes) is not read.
    """
    from registry.models import SourceDocument

    pending = Count("suggestions", filter=Q(suggestions__state=SuggestionState.PENDING))
    return (
        SourceDocument.objects.defer("text")
        .annotate(pending_count=pending, suggestion_count=Count("suggestions"))
        .filter(pending_count__gt=0)
        .order_by("created_at", "id")
    )


class Suggestion(TimeStamped):
    """One mention the engine found in a stored document, and what staff decided about it.

    `text == document.text[start:end]`. `match` is the known record the mention names (or the draft
    record accepting it created); `citation` the citation that deciding it made. Each save is kept in
    the history (core.models.TimeStamped), so who did what and when stays readable after later changes.
    """

    document = models.ForeignKey(
        "registry.SourceDocument",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="suggestions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MentionKind.choices)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    text = models.TextField(_("text"), help_text=_("The passage, exactly document.text[start:end]."))
    how = models.CharField(_("how it was found"), max_length=20, blank=True)
    match_type = models.ForeignKey(
        ContentType, verbose_name=_("record type"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match_id = models.PositiveBigIntegerField(_("record id"), null=True, blank=True)
    match = GenericForeignKey("match_type", "match_id")
    proposed_name = models.CharField(_("proposed name"), max_length=200, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    honorific = models.CharField(_("honorific"), max_length=40, blank=True)
    value = models.CharField(_("value"), max_length=40, blank=True, help_text=_("A date in ISO 8601, or a number."))
    end_value = models.CharField(_("end value"), max_length=40, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SuggestionState.choices, default=SuggestionState.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # a deleted staff account must not take its decisions with it
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    citation = models.ForeignKey(
        "registry.Citation",
        verbose_name=_("citation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["document", "start", "-end", "kind", "id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        indexes = [models.Index(fields=["match_type", "match_id"], name="suggestion_match_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="suggestion_passage_not_empty",
                violation_error_message=_("A suggestion's passage ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(state=SuggestionState.PENDING) | Q(decided_at__isnull=False),
                name="suggestion_decision_has_time",
                violation_error_message=_("A decided suggestion records when it was decided."),
            ),
            models.CheckConstraint(
                condition=Q(match_type__isnull=True, match_id__isnull=True)
                | Q(match_type__isnull=False, match_id__isnull=False),
                name="suggestion_match_whole",
                violation_error_message=_("A matched record needs both its type and its id."),
            ),
            models.UniqueConstraint(
                fields=["document", "kind", "start", "end"],
                name="suggestion_unique_per_passage",
                violation_error_message=_("This passage already has this suggestion."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: “{self.text}”"

    @property
    def is_pending(self):
        return self.state == SuggestionState.PENDING

    @property
    def is_new_record(self):
        """A person or organisation the registry does not hold yet: accepting it creates a draft record."""
        return self.match_id is None and self.kind in NEW_RECORD_KINDS and bool(self.proposed_name)


# The kinds accepting can create: a country needs its ISO codes and a theme belongs to the vocabulary.
NEW_RECORD_KINDS = frozenset({MentionKind.PERSON, MentionKind.ORGANISATION})
