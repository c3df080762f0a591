"""The project's own models: the API token as the admin shows it."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy


class ApiToken(TokenProxy):
    """A staff member's API token, named by its holder and never by its key.

    DRF's token names itself by its key, so the admin's messages, delete page, "Recent actions"
    and log lines (armac_portal.logging) would each carry a secret. Its proxy keeps the user's id
    as the admin's object id, so no key is in an address either.
    """

    class Meta:
        proxy = True
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return _("API token of %(holder)s") % {"holder": self.user.get_username()}
