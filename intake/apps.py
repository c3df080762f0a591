from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Source intake: extraction of a document's text and suggestions of the records it mentions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "intake"
    verbose_name = "Intake"
