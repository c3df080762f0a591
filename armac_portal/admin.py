"""The admin as staff meet it: ARMAC's name on every page, and API tokens each staff member keeps for themselves."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Case, Value, When
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from core import provenance
from registry.admin.history import user_label

from .models import ApiToken

admin.site.site_header = _("ARMAC Portal — staff")
admin.site.site_title = _("ARMAC Portal — staff")
admin.site.index_title = _("Records, sources and accounts")


def is_staff(user):
    return user.is_active and user.is_staff


admin.site.unregister(TokenProxy)


@admin.register(ApiToken)
class ApiTokenAdmin(TokenAdmin):
    """Every staff member sees, creates and revokes their own token; superusers see and revoke all.

    A key is shown to its holder only: a superuser sees who holds a token and since when, and may
    revoke it, but never reads someone else's key. A token is never edited: revoke it and create
    another.
    """

    list_display = ("holder", "key_for_holder", "created")
    list_filter = ()
    # DRF's help text under the search box (“Username”) leaves the box named by an icon and a
    # description only, which axe-core reports; the column says what is searched.
    search_help_text = None
    readonly_fields = ("holder", "key_for_holder", "created")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        if not request.user.is_superuser:
            queryset = queryset.filter(user=request.user)
        # Whether the person asking holds the token: list columns are not given the request.
        held = Case(When(user=request.user.pk, then=Value(True)), default=False, output_field=BooleanField())
        return queryset.annotate(held_by_viewer=held)

    def get_search_fields(self, request):
        # A staff member's own list holds one token at most: only superusers have a list to search.
        return super().get_search_fields(request) if request.user.is_superuser else ()

    def get_fields(self, request, obj=None):
        if obj is not None:
            return self.readonly_fields
        # A superuser may make a token for another staff member, who then reads its key themselves.
        return ("user",) if request.user.is_superuser else ()

    def get_fieldsets(self, request, obj=None):
        description = None
        if obj is None:
            description = _(
                "The key lets scripts read the export API as you do, drafts included: send it in the header "
                "“Authorization: Token &lt;key&gt;”. Keep it secret; revoke it here (Delete) when it may have leaked."
            )
        return [(None, {"fields": self.get_fields(request, obj), "description": description})]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # A plain choice of staff members, without the add/change/view-user buttons beside it.
            field = db_field.formfield(
                queryset=get_user_model().objects.filter(is_staff=True, is_active=True, auth_token=None),
                initial=request.user.pk,
                help_text=_("Staff members without a token. Only they will be able to read its key."),
            )
            field.label_from_instance = user_label
            return field
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {"show_save_and_add_another": False, **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def has_module_permission(self, request):
        return is_staff(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff(request.user) and (obj is None or request.user.is_superuser or obj.user_id == request.user.pk)

    def has_add_permission(self, request):
        user = request.user
        return is_staff(user) and (user.is_superuser or not ApiToken.objects.filter(user=user).exists())

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser or not obj.user_id:
            obj.user = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # Straight to the new token's page, where its holder reads the key (never in a message:
        # messages travel in a cookie).
        self.message_user(request, _("%(token)s is ready.") % {"token": obj}, messages.SUCCESS)
        opts = self.opts
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.user_id]))

    @admin.display(description=_("holder"), ordering="user__username")
    def holder(self, obj):
        return user_label(obj.user)

    @admin.display(description=_("key"))
    def key_for_holder(self, obj):
        if getattr(obj, "held_by_viewer", False):
            return format_html("<code>{}</code>", obj.key)
        return _("only its holder can read it")


@require_safe
def provenance_report_view(request):
    """The provenance report (manage.py provenance_report) as an admin page: staff only, read-only."""
    context = {
        **admin.site.each_context(request),
        "title": _("Provenance of the published facts"),
        "report": provenance.report(),
    }
    return TemplateResponse(request, "admin/portal/provenance_report.html", context)
