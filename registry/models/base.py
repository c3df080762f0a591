"""What every public record of the registry and of events shares: a slug, a status, its sources; and
the vocabularies used across apps. Timestamps and publication themselves are core.models'.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import PublicationStatus, PublishableQuerySet, TimeStamped


class PublicRecord(TimeStamped):
    """A record with a public page: a stable unique slug, a publication status and its sources."""

    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_(
            "The record's address on the public site and in the API, in lower-case ASCII letters, digits and "
            "hyphens. Keep it unchanged once published: links point to it."
        ),
    )
    status = models.CharField(
        _("publication status"),
        max_length=10,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
        help_text=_("A draft is seen by staff only; a published record is on the public site and in the API."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # deleting a staff account must not delete what they published
        related_name="+",
    )
    citations = GenericRelation("registry.Citation")
    # What no source states, or what was inferred, fact by fact (core.provenance).
    fact_notes = GenericRelation("registry.FactNote")
    key_figures = GenericRelation("registry.KeyFigure")

    objects = PublishableQuerySet.as_manager()

    # The text fields site search and the API's `search` parameter look in.
    search_fields = ("slug",)

    # Provenance (core.provenance): every record is a subject of citations and fact notes; the
    # rows inside it that carry citations of their own are facts of it too.
    provenance_subject = True
    provenance_rows = ("key_figures",)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED

    def mark_published(self, user=None):
        """Set the record public, with who did it and when, without saving (the admin's form saves it)."""
        self.status = PublicationStatus.PUBLISHED
        self.published_at = timezone.now()
        self.published_by = user

    def publish(self, user=None):
        """Make the record public, remembering who did it and when."""
        self.mark_published(user)
        self.save(update_fields=["status", "published_at", "published_by", "updated_at"])

    def unpublish(self):
        self.status = PublicationStatus.DRAFT
        self.save(update_fields=["status", "updated_at"])


class OrganisationRole(models.TextChoices):
    """One vocabulary for what an organisation does in an event, study, agreement or programme.

    The first four are IATI's organisation roles (codelist OrganisationRole, codes 1-4), so
    exports map onto that standard; the rest are the roles ARMAC's sources name.
    """

    FUNDING = "funding", _("funding")
    ACCOUNTABLE = "accountable", _("accountable")
    EXTENDING = "extending", _("extending")
    IMPLEMENTING = "implementing", _("implementing")
    ORGANISER = "organiser", _("organiser")
    HOST = "host", _("host")
    TECHNICAL_EXPERTISE = "technical-expertise", _("technical expertise")
    SUPPORTER = "supporter", _("supporter")
    PARTNER = "partner", _("partner")
    PARTICIPANT = "participant", _("participant")
    # The organisation a programme's support goes to, such as ARMAC in China's support since 2015.
    RECIPIENT = "recipient", _("recipient")

    @property
    def iati_code(self):
        """The IATI OrganisationRole code, or None for roles outside that codelist."""
        return IATI_ROLE_CODES.get(self)


IATI_ROLE_CODES = {
    OrganisationRole.FUNDING: "1",
    OrganisationRole.ACCOUNTABLE: "2",
    OrganisationRole.EXTENDING: "3",
    OrganisationRole.IMPLEMENTING: "4",
}


# Shared by every record with a partial date, so forms and the API schema explain it the same way.
YEAR_INFERRED_HELP = _(
    "Tick when no source states the year and it was worked out (say how in the date note); "
    "the public pages then mark the year as inferred."
)
DATE_NOTE_HELP = _("What the sources leave out about the date, or why a year is inferred.")
POSITION_HELP = _("The order on the public page: lower numbers first.")


def year_inferred_needs_reason(prefix):
    """A database rule: a year marked as inferred must say why."""
    return models.CheckConstraint(
        condition=Q(year_inferred=False) | ~Q(date_note=""),
        name=f"{prefix}_inferred_year_has_reason",
        violation_error_message=_("Say why the year is inferred."),
    )
