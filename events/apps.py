from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Dialogues, plenary sessions, workshops, signings and meetings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events"
