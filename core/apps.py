from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app of the portal shares: partial dates, publication, list and detail views, filters, the API base."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"

    def ready(self):
        # SQLite gets the SQL function portal_fold that accent-insensitive search compares with (core.search).
        from django.db.backends.signals import connection_created

        from .search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="core.search.register_sqlite_fold")
