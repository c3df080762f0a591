"""Helpers for driving the staff admin in tests: staff users in a role, and a change form's data as posted."""

from django.contrib.auth.models import Group, User
from django.urls import reverse


def make_staff(group_name=None, username=None):
    """A staff user in the given group ("editors" or "viewers"), or a superuser when no group is named."""
    username = username or f"{group_name or 'super'}-{User.objects.count() + 1}"
    if group_name is None:
        return User.objects.create_superuser(username, f"{username}@example.org", "a-long-test-password-42")
    user = User.objects.create_user(username, f"{username}@example.org", "a-long-test-password-42", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def admin_url(model_or_obj, view, *args):
    """reverse("admin:<app>_<model>_<view>") for a model class or instance."""
    opts = model_or_obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _form_values(form, data):
    for bound in form:
        value = bound.value()
        if value is None:
            continue
        if isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
            continue
        data[bound.html_name] = value if isinstance(value, list | tuple) else str(value)


def changeform_data(response):
    """What the browser would post back, unchanged, from an admin add/change (or revert) page."""
    context = response.context
    data = {}
    _form_values(context["adminform"].form, data)
    for inline in context.get("inline_admin_formsets") or []:
        formset = inline.formset
        _form_values(formset.management_form, data)
        for form in formset.forms:
            _form_values(form, data)
    return data
