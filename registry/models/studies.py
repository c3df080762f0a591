"""Victim-assistance studies and the organisations behind them."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import PublishableQuerySet, TimeStamped, full_text_index
from core.visibility import visible_prefetch

from .base import OrganisationRole, PublicRecord
from .partners import Country


class StudyStatus(models.TextChoices):
    """Where a study stands."""

    PLANNED = "planned", _("planned")
    ONGOING = "ongoing", _("ongoing")
    COMPLETED = "completed", _("completed")
    CANCELLED = "cancelled", _("cancelled")


class StudyQuerySet(PublishableQuerySet):
    """What study pages and exports show; `drafts` as in core.visibility (related drafts left out)."""

    def with_listing_relations(self, drafts=False):
        return self.select_related("lead_organisation").prefetch_related(
            visible_prefetch("countries", Country.objects.all(), drafts), "themes"
        )

    def with_detail_relations(self, drafts=False):
        from .sources import Citation

        return self.with_listing_relations(drafts).prefetch_related(
            # Each partner row's own citations: its references on the study's page.
            visible_prefetch(
                "partners",
                StudyPartner.objects.select_related("organisation").prefetch_related(
                    visible_prefetch("citations", Citation.objects.with_source(), drafts)
                ),
                drafts,
            ),
            visible_prefetch("citations", Citation.objects.with_source(), drafts),
        )


class Study(PublicRecord):
    """A study, such as a feasibility study of victims' rehabilitation and mental health needs."""

    title = models.CharField(_("title"), max_length=400)
    summary = models.TextField(_("summary"), blank=True)
    countries = models.ManyToManyField(
        "registry.Country",
        verbose_name=_("countries covered"),
        related_name="studies",
        help_text=_("The countries whose situation the study examines."),
    )
    study_status = models.CharField(
        _("study status"),
        max_length=20,
        choices=StudyStatus.choices,
        default=StudyStatus.ONGOING,
        db_index=True,
        help_text=_("Where the study stands as the latest source reports it."),
    )
    lead_organisation = models.ForeignKey(
        "registry.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="led_studies",
        help_text=_("The organisation that leads the study; other partners are listed under Who."),
    )
    themes = models.ManyToManyField(
        "registry.Theme",
        verbose_name=_("focus areas and themes"),
        blank=True,
        related_name="studies",
        help_text=_("The focus areas, pillars and topics the study covers."),
    )

    builds_on = models.ManyToManyField(
        "self",
        verbose_name=_("builds on"),
        symmetrical=False,
        blank=True,
        related_name="built_upon_by",
        help_text=_("Earlier studies or research this study builds on."),
    )

    # Rows inside the record that carry their own citations (core.provenance).
    provenance_rows = ("key_figures", "partners")

    objects = StudyQuerySet.as_manager()
    _history_m2m_fields = ["countries", "themes", "builds_on"]

    # Searched as substrings on SQLite, and with the full-text index `study_search_idx` on PostgreSQL.
    search_fields = full_text_fields = ("title", "summary")

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        indexes = [full_text_index(("title", "summary"), name="study_search_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:study-detail", kwargs={"slug": self.slug})


class StudyPartner(TimeStamped):
    """An organisation's part in a study: implementing, technical expertise, funding, …"""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="study_roles")
    role = models.CharField(_("role"), max_length=30, choices=OrganisationRole.choices)
    citations = GenericRelation("registry.Citation")

    class Meta:
        ordering = ["study", "role", "id"]
        verbose_name = _("study partner")
        verbose_name_plural = _("study partners")
        constraints = [
            models.UniqueConstraint(
                fields=["study", "organisation", "role"],
                name="study_partner_unique_role",
                violation_error_message=_("This organisation already has that role in this study."),
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_role_display()}"
