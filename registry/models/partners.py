"""Who: countries, partner organisations, people and the positions they hold."""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import PartialDateField
from core.models import (
    PublishableQuerySet,
    TimeStamped,
    UnescapedJSONEncoder,
    folded_search_text,
    substring_search_index,
)

from .base import DATE_NOTE_HELP, YEAR_INFERRED_HELP, PublicRecord, year_inferred_needs_reason
from .sources import validate_quote


class AseanRelation(models.TextChoices):
    """A country's relation to ASEAN."""

    MEMBER_STATE = "member-state", _("ASEAN Member State")
    DIALOGUE_PARTNER = "dialogue-partner", _("ASEAN Dialogue Partner")
    OTHER = "other", _("other")


class Country(PublicRecord):
    """A country by its ISO 3166-1 codes, with its relation to ASEAN and to mines/ERW."""

    iso3 = models.CharField(
        _("ISO 3166-1 alpha-3"),
        max_length=3,
        unique=True,
        help_text=_("Three capital letters, for example KHM; the country's address on the site (/countries/KHM/)."),
    )
    iso2 = models.CharField(
        _("ISO 3166-1 alpha-2"), max_length=2, unique=True, help_text=_("Two capital letters, for example KH.")
    )
    name = models.CharField(_("name"), max_length=100, unique=True)
    other_names = models.JSONField(
        _("other names and spellings"),
        default=list,
        encoder=UnescapedJSONEncoder,
        blank=True,
        help_text=_("Names the sources use besides the main one, such as Lao PDR or Vietnam; search finds them too."),
    )
    asean_relation = models.CharField(
        _("relation to ASEAN"),
        max_length=20,
        choices=AseanRelation.choices,
        default=AseanRelation.OTHER,
        db_index=True,
        help_text=_("Member State, Dialogue Partner, or neither."),
    )
    mine_affected = models.BooleanField(
        _("affected by mines/ERW"), null=True, blank=True, help_text=_("Empty when no source says.")
    )

    objects = PublishableQuerySet.as_manager()

    search_fields = ("name", "iso3", "other_names")

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(iso3__regex=r"^[A-Z]{3}$"),
                name="country_iso3_three_capitals",
                violation_error_message=_("The ISO alpha-3 code is three capital letters."),
            ),
            models.CheckConstraint(
                condition=Q(iso2__regex=r"^[A-Z]{2}$"),
                name="country_iso2_two_capitals",
                violation_error_message=_("The ISO alpha-2 code is two capital letters."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:country-detail", kwargs={"iso3": self.iso3})

    def clean(self):
        self.iso3 = (self.iso3 or "").upper()
        self.iso2 = (self.iso2 or "").upper()
        validate_name_list(self.other_names)


class OrganisationKind(models.TextChoices):
    """What sort of body an organisation is."""

    MINE_ACTION_AUTHORITY = "mine-action-authority", _("national mine action authority or centre")
    GOVERNMENT = "government", _("government")
    MINISTRY = "ministry", _("ministry or government agency")
    UN_AGENCY = "un-agency", _("UN agency")
    INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental body or fund")
    NGO = "ngo", _("NGO or association")
    UNIVERSITY = "university", _("university or research body")
    HEALTH_PROVIDER = "health-provider", _("health provider")
    NEWS_MEDIA = "news-media", _("news media")
    OTHER = "other", _("other")


def validate_name_list(names, field="other_names"):
    """Other names (or misspellings) are a list of distinct, non-empty strings."""
    if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
        raise ValidationError({field: _("Give the names as a list of non-empty texts.")})
    if len({n.strip().casefold() for n in names}) != len(names):
        raise ValidationError({field: _("A name is listed twice.")})


class OrganisationQuerySet(PublishableQuerySet):
    def with_listing_relations(self, drafts=False):
        # A draft country or parent is joined but never shown to the public (core.visibility.shown).
        return self.select_related("country", "parent")

    def portal_owner(self):
        """The organisation that runs the portal (settings.PORTAL_OWNER_SLUG): its About and Contact pages."""
        return self.filter(slug=settings.PORTAL_OWNER_SLUG)


class Organisation(PublicRecord):
    """A partner organisation: an authority, ministry, UN agency, fund, NGO, university or publisher."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(
        _("acronym"),
        max_length=30,
        blank=True,
        db_index=True,
        help_text=_("As the organisation writes it, for example CMAC; shown after the name."),
    )
    other_names = models.JSONField(
        _("other names and spellings"),
        default=list,
        encoder=UnescapedJSONEncoder,
        blank=True,
        help_text=_("Former names, translations and spellings the sources use; search finds them too."),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices, db_index=True)
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("The body this one is part of, such as the ministry a national authority belongs to."),
    )
    website = models.URLField(_("website"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True, help_text=_("As the source writes it."))
    telephones = models.JSONField(
        _("telephone numbers"),
        default=list,
        blank=True,
        help_text=_('As the source writes them, for example ["(+855) 23 221 354"].'),
    )
    email = models.EmailField(
        _("e-mail address"),
        blank=True,
        help_text=_("The organisation's own address for enquiries, as the source gives it."),
    )
    description = models.TextField(_("description"), blank=True)

    objects = OrganisationQuerySet.as_manager()

    search_fields = ("name", "acronym", "other_names", "description")
    search_text = folded_search_text(search_fields)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [substring_search_index("org")]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "country"],
                name="organisation_unique_name_per_country",
                violation_error_message=_("An organisation with this name already exists in that country."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="organisation_not_its_own_parent",
                violation_error_message=_("An organisation cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return reverse("registry:organisation-detail", kwargs={"slug": self.slug})

    def clean(self):
        validate_name_list(self.other_names)
        if not isinstance(self.telephones, list) or not all(isinstance(t, str) and t.strip() for t in self.telephones):
            raise ValidationError({"telephones": _("Give the telephone numbers as a list of non-empty texts.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organisation cannot sit inside itself.")})
            ancestor = ancestor.parent


HONORIFICS = {
    "h.e.",
    "he",
    "dr",
    "dr.",
    "mr",
    "mr.",
    "ms",
    "ms.",
    "mrs",
    "mrs.",
    "prof",
    "prof.",
    "his",
    "her",
    "excellency",
    "h.e",
}


def name_key(name):
    """A key that is the same for one name in any order, with or without honorifics and accents.

    "Buth Rothna", "Ms Rothna Buth" and "Rothna BUTH" share one key.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    tokens = [t for t in re.split(r"[^a-z0-9.]+", folded) if t]
    words = sorted(t.strip(".") for t in tokens if t not in HONORIFICS and t.strip("."))
    return " ".join(words)


class PersonQuerySet(PublishableQuerySet):
    def matching_name(self, name):
        """People known by this name in any word order, under their main or any other name."""
        key = name_key(name)
        return self.filter(Q(name_key=key) | Q(other_name_keys__contains=f"|{key}|"))


class Person(PublicRecord):
    """One human, however the sources order or spell the name."""

    name = models.CharField(
        _("name as usually written"),
        max_length=200,
        help_text=_(
            "With its accents and in the order the person uses, family name first where they put it first: "
            "Nguyễn Thị Hương, Buth Rothna. No honorific."
        ),
    )
    honorific = models.CharField(_("honorific"), max_length=40, blank=True, help_text=_("For example H.E. Dr. or Ms"))
    other_names = models.JSONField(
        _("other names and spellings"),
        default=list,
        encoder=UnescapedJSONEncoder,
        blank=True,
        help_text=_(
            "Other orders and spellings the sources use (Rothna Buth, Nguyen Thi Huong); a name in any of them "
            "finds this person, so nobody is recorded twice."
        ),
    )
    # Kept apart from other_names: a source's slip is recorded and shown as such, but search does not offer
    # it as another way to write the name.
    misspellings = models.JSONField(
        _("misspellings in the sources"),
        default=list,
        blank=True,
        help_text=_("Wrong spellings a source uses, shown as “misspelt in the source as …”; search ignores them."),
    )
    # Derived on save so a name in another order finds the same person (see name_key).
    name_key = models.CharField(max_length=200, editable=False, db_index=True)
    other_name_keys = models.TextField(editable=False, blank=True)

    # Rows inside the record that carry their own citations (core.provenance).
    provenance_rows = ("key_figures", "positions")
    objects = PersonQuerySet.as_manager()

    search_fields = ("name", "other_names")
    search_text = folded_search_text(search_fields)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        # The people list is ordered by name: without this, each page sorted every person (BENCHMARKS.md).
        indexes = [substring_search_index("person"), models.Index(fields=["name", "id"], name="person_name_order")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("registry:person-detail", kwargs={"slug": self.slug})

    def refresh_name_keys(self):
        self.name_key = name_key(self.name)
        self.other_name_keys = "|" + "|".join(name_key(n) for n in self.other_names) + "|" if self.other_names else ""

    def clean(self):
        validate_name_list(self.other_names)
        validate_name_list(self.misspellings, "misspellings")
        self.refresh_name_keys()
        same = Person.objects.matching_name(self.name).exclude(pk=self.pk).first()
        if same is not None:
            raise ValidationError(
                {
                    "name": _("%(name)s is already recorded; add this spelling to their other names instead.")
                    % {"name": same.name}
                }
            )

    def save(self, *args, **kwargs):
        self.refresh_name_keys()
        super().save(*args, **kwargs)


class Position(TimeStamped):
    """A title a person held at an organisation (or for a country), as a source states it at a date."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(_("title"), max_length=300, help_text=_("The title as the source gives it."))
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        help_text=_("Where the person held the title, when the source says."),
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country represented"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
        help_text=_("For office holders such as ambassadors who represent a country rather than an organisation."),
    )
    stated_on = PartialDateField(_("as stated on"))
    year_inferred = models.BooleanField(_("year inferred"), default=False, help_text=YEAR_INFERRED_HELP)
    date_note = models.TextField(_("date note"), blank=True, help_text=DATE_NOTE_HELP)
    source = models.ForeignKey(
        "registry.SourceDocument",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="positions",
        help_text=_("The document that gives the person this title."),
    )
    quote = models.TextField(_("quote"), help_text=_("The sentence of the source that states this title, verbatim."))

    class Meta:
        ordering = ["person", "-stated_on", "id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "title", "organisation", "source"],
                name="position_unique_per_source",
                violation_error_message=_("This source already gives this person this title."),
            ),
            year_inferred_needs_reason("position"),
        ]

    def __str__(self):
        where = self.organisation or self.country
        return f"{self.person}, {self.title}" + (f" ({where})" if where else "")

    def clean(self):
        validate_quote(self.source if self.source_id else None, self.quote)

    def save(self, *args, **kwargs):
        validate_quote(self.source, self.quote)
        super().save(*args, **kwargs)
