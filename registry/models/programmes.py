"""Programmes (such as UNDP's Clearing for Results) and the figures sources give about records."""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import PartialDateField
from core.models import PublishableQuerySet, TimeStamped

from .base import (
    DATE_NOTE_HELP,
    POSITION_HELP,
    YEAR_INFERRED_HELP,
    OrganisationRole,
    PublicRecord,
    year_inferred_needs_reason,
)


class Programme(PublicRecord):
    """A long-running programme or project, with the organisations that fund and run it."""

    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    started_on = PartialDateField(_("started"))
    year_inferred = models.BooleanField(_("year inferred"), default=False, help_text=YEAR_INFERRED_HELP)
    date_note = models.TextField(_("date note"), blank=True, help_text=DATE_NOTE_HELP)
    current_phase = models.PositiveSmallIntegerField(
        _("current phase"),
        null=True,
        blank=True,
        help_text=_("The phase the programme is in as the latest source reports it, for example 4."),
    )
    areas = models.JSONField(
        _("areas of cooperation"),
        default=list,
        blank=True,
        help_text=_("The areas the programme or cooperation covers, as the source lists them."),
    )
    countries = models.ManyToManyField(
        "registry.Country", blank=True, related_name="programmes", help_text=_("The countries the programme works in.")
    )
    themes = models.ManyToManyField(
        "registry.Theme", blank=True, related_name="programmes", help_text=_("The pillars and topics it works on.")
    )
    _history_m2m_fields = ["countries", "themes"]

    # Rows inside the record that carry their own citations (core.provenance).
    provenance_rows = ("key_figures", "organisations")
    objects = PublishableQuerySet.as_manager()

    search_fields = ("title", "summary")

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [year_inferred_needs_reason("programme")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:programme-detail", kwargs={"slug": self.slug})


class ProgrammeOrganisation(TimeStamped):
    """An organisation's role in a programme (IATI roles: funding, implementing, …)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="organisations")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="programme_roles")
    role = models.CharField(_("role"), max_length=30, choices=OrganisationRole.choices)
    citations = GenericRelation("registry.Citation")

    class Meta:
        ordering = ["programme", "role", "id"]
        verbose_name = _("programme organisation")
        verbose_name_plural = _("programme organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "role"],
                name="programme_organisation_unique_role",
                violation_error_message=_("This organisation already has that role in this programme."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_role_display()}"


class FigureQualifier(models.TextChoices):
    """How exact a stated figure is."""

    EXACTLY = "exactly", _("exactly")
    MORE_THAN = "more-than", _("more than")
    ABOUT = "about", _("about")
    LESS_THAN = "less-than", _("less than")


class KeyFigure(TimeStamped):
    """A number a source states about a record: land released, people benefiting, countries present in."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("label"), max_length=200, help_text=_("What is counted, for example “land released”."))
    qualifier = models.CharField(
        _("qualifier"),
        max_length=12,
        choices=FigureQualifier.choices,
        default=FigureQualifier.EXACTLY,
        help_text=_("As the source words it: “more than 1,000” is more than 1000."),
    )
    value = models.DecimalField(
        _("value"), max_digits=16, decimal_places=2, help_text=_("The number alone, without its unit.")
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("For example km², %, people, countries."))
    as_of = PartialDateField(_("as of"))
    year_inferred = models.BooleanField(_("year inferred"), default=False, help_text=YEAR_INFERRED_HELP)
    date_note = models.TextField(_("date note"), blank=True, help_text=DATE_NOTE_HELP)
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=POSITION_HELP)
    citations = GenericRelation("registry.Citation")

    class Meta:
        ordering = ["content_type", "object_id", "position", "id"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        indexes = [models.Index(fields=["content_type", "object_id"], name="keyfigure_subject_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="key_figure_not_negative",
                violation_error_message=_("A figure cannot be negative."),
            ),
            year_inferred_needs_reason("key_figure"),
        ]

    def __str__(self):
        qualifier = "" if self.qualifier == FigureQualifier.EXACTLY else f"{self.get_qualifier_display()} "
        return f"{self.label}: {qualifier}{self.value.normalize():f} {self.unit}".strip()
