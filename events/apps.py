from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Dialogues, plenary sessions, workshops, signings and meetings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Stored exports follow every change to what they show (see events.exports).
        from . import exports

        exports.connect(self)
