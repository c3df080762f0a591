"""Admin for the shared vocabulary of pillars, cross-cutting topics and focus areas."""

from django.contrib import admin

from registry.models import Theme

from .base import RecordAdmin


@admin.register(Theme)
class ThemeAdmin(RecordAdmin):
    """Themes, grouped by kind and ordered as the public pages show them."""

    list_display = ("name", "kind", "parent", "position", "slug")
    list_select_related = ("parent",)
    list_filter = ("kind",)
    search_fields = ("name", "slug", "description")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
