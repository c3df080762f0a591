"""Agreements: MoUs, joint statements and declarations, with parties, signatories and commitments."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import PartialDateField
from core.models import PublishableQuerySet, TimeStamped, full_text_index
from core.visibility import visible_prefetch

from .base import DATE_NOTE_HELP, YEAR_INFERRED_HELP, PublicRecord, year_inferred_needs_reason


class AgreementKind(models.TextChoices):
    """The form an agreement takes."""

    MOU = "mou", _("memorandum of understanding")
    JOINT_STATEMENT = "joint-statement", _("joint statement")
    DECLARATION = "declaration", _("declaration")
    AGREEMENT = "agreement", _("agreement")
    ACTION_PLAN = "action-plan", _("action plan")
    OTHER = "other", _("other")


class AgreementStatus(models.TextChoices):
    """Where an agreement stands."""

    DRAFT = "in-negotiation", _("in negotiation")
    SIGNED = "signed", _("signed")
    ADOPTED = "adopted", _("adopted")
    IN_FORCE = "in-force", _("in force")
    EXPIRED = "expired", _("expired")
    TERMINATED = "terminated", _("terminated")


class AgreementQuerySet(PublishableQuerySet):
    """What agreement pages and exports show. `drafts` is the reader's core.visibility answer: for the
    public, every related row naming a draft (a party, a signatory, a commitment's wording, a
    citation) is left out, and so is a draft place country (core.visibility.shown, at display)."""

    def of_country(self, country):
        """The agreements a country is a party to, or that were signed in it: a country page's list and the
        list's `country` filter. (A subquery rather than a join, so an agreement with two rows naming the
        country is listed once without DISTINCT.)"""
        matching = self.model._default_manager.filter(Q(parties__country=country) | Q(place_country=country))
        return self.filter(pk__in=matching.values("pk"))

    def with_listing_relations(self, drafts=False):
        return self.select_related("place_country").prefetch_related(
            "themes",
            visible_prefetch("parties", AgreementParty.objects.select_related("organisation", "country"), drafts),
        )

    def _with_rows(self, drafts):
        from .sources import Citation

        return self.with_listing_relations(drafts).prefetch_related(
            visible_prefetch(
                "signatories",
                AgreementSignatory.objects.select_related("person", "party__organisation", "party__country"),
                drafts,
            ),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.prefetch_related(
                    visible_prefetch("texts", CommitmentText.objects.select_related("source"), drafts)
                ),
            ),
            visible_prefetch("citations", Citation.objects.with_source(), drafts),
        )

    def with_detail_relations(self, drafts=False):
        return self._with_rows(drafts)

    def with_api_relations(self, drafts=False):
        """Everything an export of agreements carries, in a fixed number of queries."""
        # The fact notes too: the `provenance` member reads them (core.api.ProvenanceField).
        return self._with_rows(drafts).prefetch_related("fact_notes")


class Agreement(PublicRecord):
    """An agreement between organisations and/or countries, as its sources record it."""

    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=400)
    other_titles = models.JSONField(
        _("other titles"),
        default=list,
        blank=True,
        help_text=_("Other titles the sources give the agreement, such as a heading that words it differently."),
    )
    refers_to = models.JSONField(
        _("frameworks referred to"),
        default=list,
        blank=True,
        help_text=_("The titles of earlier agreements and plans the text reaffirms or builds on, as it words them."),
    )
    signed_on = PartialDateField(_("date signed or adopted"))
    year_inferred = models.BooleanField(_("year inferred"), default=False, help_text=YEAR_INFERRED_HELP)
    date_note = models.TextField(_("date note"), blank=True, help_text=DATE_NOTE_HELP)
    place_city = models.CharField(_("city"), max_length=100, blank=True)
    place_country = models.ForeignKey(
        "registry.Country", verbose_name=_("country"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("summary"), blank=True)
    themes = models.ManyToManyField(
        "registry.Theme",
        verbose_name=_("themes"),
        blank=True,
        related_name="agreements",
        help_text=_("The mine action pillars and topics the agreement covers."),
    )
    agreement_status = models.CharField(
        _("agreement status"),
        max_length=20,
        choices=AgreementStatus.choices,
        default=AgreementStatus.SIGNED,
        help_text=_("Where the agreement stands as the latest source reports it."),
    )

    # Rows inside the record that carry their own citations (core.provenance).
    provenance_rows = ("key_figures", "parties", "signatories")
    objects = AgreementQuerySet.as_manager()
    _history_m2m_fields = ["themes"]

    # Searched as substrings on SQLite, and with the full-text index `agreement_search_idx` on PostgreSQL.
    search_fields = full_text_fields = ("title", "summary")

    class Meta:
        ordering = ["-signed_on", "title", "id"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        indexes = [full_text_index(("title", "summary"), name="agreement_search_idx")]
        constraints = [year_inferred_needs_reason("agreement")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("registry:agreement-detail", kwargs={"slug": self.slug})

    def clean(self):
        for name in ("other_titles", "refers_to"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(t, str) and t.strip() for t in value):
                raise ValidationError({name: _("Give a list of non-empty titles.")})


class AgreementParty(TimeStamped):
    """One party to an agreement: an organisation or a country."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "registry.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        help_text=_("An organisation party; leave empty when the party is a country."),
    )
    country = models.ForeignKey(
        "registry.Country",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_parties",
        help_text=_("A country party; leave empty when the party is an organisation."),
    )
    description = models.CharField(
        _("description"), max_length=200, blank=True, help_text=_("For example “the member states of ASEAN”.")
    )

    class Meta:
        ordering = ["agreement", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, country__isnull=True)
                | Q(organisation__isnull=True, country__isnull=False),
                name="agreement_party_is_organisation_or_country",
                violation_error_message=_("A party is either an organisation or a country."),
            ),
            models.UniqueConstraint(fields=["agreement", "organisation"], name="agreement_party_unique_organisation"),
            models.UniqueConstraint(fields=["agreement", "country"], name="agreement_party_unique_country"),
        ]

    def __str__(self):
        return str(self.organisation or self.country)

    def clean(self):
        if bool(self.organisation_id) == bool(self.country_id):
            raise ValidationError(_("Choose either an organisation or a country for each party."))


class AgreementSignatory(TimeStamped):
    """A person who signed (or adopted) an agreement, with the title they held then."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="signatures")
    title_at_signing = models.CharField(
        _("title at signing"), max_length=300, help_text=_("The title the source gives the signatory when signing.")
    )
    party = models.ForeignKey(
        AgreementParty,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signatories",
        help_text=_("The party they signed for: one of this agreement's parties (save new parties first)."),
    )

    class Meta:
        ordering = ["agreement", "id"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "person"], name="agreement_signatory_unique_person"),
        ]

    def __str__(self):
        return f"{self.person}, {self.title_at_signing}"

    def clean(self):
        if self.party_id and self.agreement_id and self.party.agreement_id != self.agreement_id:
            raise ValidationError({"party": _("The signatory's party must be a party to this agreement.")})


class Commitment(TimeStamped):
    """A numbered commitment of an agreement; its wording lives in CommitmentText, once per language."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("As the agreement numbers it, from 1."))
    themes = models.ManyToManyField(
        "registry.Theme",
        blank=True,
        related_name="commitments",
        help_text=_("The pillars and topics this commitment is about."),
    )
    _history_m2m_fields = ["themes"]

    class Meta:
        ordering = ["agreement", "number"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"],
                name="commitment_unique_number",
                violation_error_message=_("This agreement already has a commitment with that number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="commitment_number_positive"),
        ]

    def __str__(self):
        return f"{self.agreement} — {self.number}"


class CommitmentText(TimeStamped):
    """The wording of a commitment in one language, verbatim from the source."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=12, help_text=_("BCP 47 code, for example en or zh-Hans."))
    text = models.TextField(_("text"))
    source = models.ForeignKey(
        "registry.SourceDocument",
        on_delete=models.PROTECT,
        related_name="commitment_texts",
        help_text=_("The document the wording is quoted from, verbatim."),
    )

    class Meta:
        ordering = ["commitment", "language"]
        verbose_name = _("commitment text")
        verbose_name_plural = _("commitment texts")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "language"],
                name="commitment_text_one_per_language",
                violation_error_message=_("This commitment already has a text in that language."),
            ),
        ]

    def __str__(self):
        return f"{self.commitment} [{self.language}]"

    def clean(self):
        from .sources import validate_quote

        try:
            validate_quote(self.source if self.source_id else None, self.text)
        except ValidationError as error:
            raise ValidationError({"text": error.message_dict["quote"]}) from error

    def save(self, *args, **kwargs):
        from .sources import validate_quote

        validate_quote(self.source, self.text)
        super().save(*args, **kwargs)
