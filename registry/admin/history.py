"""History that names people: “Ana Editor (ana)”, “nobody”, “a deleted account” (django-simple-history's pages)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper


def user_label(user):
    """A staff member as history and lists name them: “Ana Editor (ana)”, or “ana” without a full name."""
    if user is None:
        return _("nobody")
    full_name = user.get_full_name()
    return f"{full_name} ({user.get_username()})" if full_name else user.get_username()


def related_label(related_model, value):
    """A linked record as history shows it: staff by name, and honest words for none or a deleted one.

    simple-history gives a link that was empty as “Deleted user (pk=None)” and a deleted one as
    “Deleted user (pk=7)”: here they read “nobody” and “a deleted account”.
    """
    is_user = issubclass(related_model, get_user_model())
    if value is None or (isinstance(value, DeletedObject) and value.pk is None):
        return _("nobody") if is_user else _("none")
    if isinstance(value, DeletedObject):
        if is_user:
            return _("a deleted account")
        return _("a deleted %(record)s") % {"record": related_model._meta.verbose_name}
    return user_label(value) if is_user else value


class NamedHistoryContextHelper(HistoricalRecordContextHelper):
    """The history page's field-by-field changes, naming people and deleted records honestly."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        shown = super().prepare_delta_change_value(change, value)
        if field.many_to_one or field.one_to_one:
            return related_label(field.related_model, shown)
        if field.many_to_many:
            return [related_label(field.related_model, item) for item in shown] or _("none")
        if isinstance(shown, datetime.datetime):
            return date_format(timezone.localtime(shown), "DATETIME_FORMAT")
        return shown
