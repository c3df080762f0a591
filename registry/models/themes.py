"""Themes: the five mine action pillars and the cross-cutting topics every record can carry."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import TimeStamped


class ThemeKind(models.TextChoices):
    """Where a theme sits in the vocabulary."""

    PILLAR = "pillar", _("mine action pillar")
    CROSS_CUTTING = "cross-cutting", _("cross-cutting topic")
    FOCUS_AREA = "focus-area", _("focus area")


class Theme(TimeStamped):
    """A pillar, cross-cutting topic or focus area shared by events, agreements, studies and programmes."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ThemeKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("broader theme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="narrower",
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Order within its kind."))

    class Meta:
        ordering = ["kind", "position", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("events:list") + f"?theme={self.slug}"
