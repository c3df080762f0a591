"""Intake in the admin's index and sidebar: “Intake › Suggestions” leads to the review queue.

The suggestions are decided on intake's own pages (intake/views.py), never edited here, so the
entry is read-only and its list is the queue; it shows for whoever may read source documents,
the permission those pages ask for.
"""

from django.contrib import admin
from django.shortcuts import redirect

from .models import Suggestion


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
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

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            return super().changelist_view(request, extra_context)  # the admin's own refusal
        return redirect("intake:queue")
