"""Intake in the admin's index: “Intake › Suggestions”, a read-only list of every suggestion with who
decided it and when (and each one's history), linking to the review queue where they are decided.

Suggestions are decided on intake's own pages (intake/views.py), never edited here; the list shows
for whoever may read source documents, the permission those pages ask for.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(SimpleHistoryAdmin):
    change_list_template = "intake/suggestion_change_list.html"  # adds the queue and "Add a document"
    list_display = ("text", "kind", "state", "decided_by", "decided_at", "on_its_page")
    list_filter = ("state", "kind")
    list_select_related = ("decided_by", "document")
    search_fields = ("text", "proposed_name")
    ordering = ("-updated_at", "-id")
    readonly_fields = [field.name for field in Suggestion._meta.fields]

    @admin.display(description=_("document"))
    def on_its_page(self, suggestion):
        url = reverse("intake:document", args=[suggestion.document_id])
        return format_html('<a href="{}#suggestion-{}">{}</a>', url, suggestion.pk, suggestion.document.title)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("registry.view_sourcedocument")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
