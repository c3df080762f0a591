from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Countries, organisations, people, sources and citations, agreements, studies, programmes, themes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = "Registry"
