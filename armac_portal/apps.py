"""The project package as an app, so its signal receivers (login and admin-change logging) connect at startup."""

from django.apps import AppConfig
from django.db.models.signals import post_save


class PortalConfig(AppConfig):
    """Connects the security and audit-log receivers once the app registry is ready."""

    name = "armac_portal"
    verbose_name = "ARMAC Portal"

    def ready(self):
        from . import caching, security  # noqa: F401  (importing security connects the login receivers)
        from .logging import log_admin_change

        post_save.connect(log_admin_change, sender="admin.LogEntry", dispatch_uid="armac_log_admin_change")
        # Every write to the records changes the content version the public cache is keyed by.
        caching.connect(self)
