"""Template tags of the staff admin's own templates (templates/admin/)."""

from django import template
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from registry.admin.history import user_label

register = template.Library()


@register.filter
def staff_name(user):
    """A staff member as history names them: “Ana Editor (ana)”."""
    return user_label(user)


@register.simple_tag
def row_label(inline_admin_formset, forloop):
    """“row 2” for a row of an inline table, “new row” for the blank row that “Add another” copies."""
    if forloop["last"] and inline_admin_formset.has_add_permission:
        return _("new row")
    return _("row %(number)d") % {"number": forloop["counter"]}


@register.simple_tag
def cell_widget(bound_field, row, column=None):
    """An inline table cell's input named by its column and row (“Role, row 2”), for screen readers.

    A table cell's input has no <label>; the column header above it does not name it either.
    """
    label = _("%(column)s, %(row)s") % {"column": capfirst(column or bound_field.label), "row": row}
    html = bound_field.as_widget(attrs={"aria-label": label})
    if bound_field.field.show_hidden_initial:
        html += bound_field.as_hidden(only_initial=True)
    return html
