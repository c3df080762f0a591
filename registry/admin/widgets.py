"""The admin's autocomplete boxes, named for screen readers (static/js/admin-autocomplete-names.js).

select2, which draws Django's autocomplete boxes, names its box by the chosen value only, leaves an
empty box and its search field without a name, and puts its clear-all button inside the list of
chosen values; axe-core reports each (issue 15). These subclasses add the small script that names
them from their label (or, in a table row, from the aria-label the row's template gives the select),
and turn the clear-all button off for multiple choices, where each chosen value keeps its own ×.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple

# Listed with Django's autocomplete.js: the script must run after it (media keep each list's order).
NAMES_MEDIA = forms.Media(js=["admin/js/autocomplete.js", "js/admin-autocomplete-names.js"])


class NamedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete choice of one record, named like any other form field."""

    @property
    def media(self):
        return super().media + NAMES_MEDIA


class NamedAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    """Django's autocomplete choice of several records, named, without the clear-all button."""

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        # The clear-all × is a <span> select2 puts inside its <ul> of chosen values: an invalid list.
        attrs["data-allow-clear"] = "false"
        return attrs

    @property
    def media(self):
        return super().media + NAMES_MEDIA


class NamedAutocompleteMixin:
    """For ModelAdmin and InlineModelAdmin: autocomplete_fields get the named widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = NamedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = NamedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
