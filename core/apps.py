from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app of the portal shares: partial dates, publication, list and detail views, filters, the API base."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"
