from django.apps import AppConfig


class EventsConfig(AppConfig):
    """Dialogues, plenary sessions, workshops, signings and meetings."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = "Events"

    def ready(self):
        # Stored exports follow every change to what they show (see events.exports).
        from . import exports, sections

        exports.connect(self)
        # Registry pages list their records' events through core.sections (see events.sections).
        sections.register_sections()
