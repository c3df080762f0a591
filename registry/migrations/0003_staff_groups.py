"""Create the staff roles: editors (add, change, publish records; no user admin) and viewers (read-only).

Superusers administer users. Editors may delete only the parts of a record (participants,
citations, signatories, …) so they can correct an inline mistake; deleting whole records is
kept for superusers, and the admin refuses any delete that would take referring rows with it.
"""

from django.db import migrations

APPS = ("registry", "events")

# Rows that belong to a record and are edited inline on its page.
PART_MODELS = {
    "agreementparty",
    "agreementsignatory",
    "citation",
    "commitment",
    "commitmenttext",
    "eventorganisation",
    "eventparticipant",
    "keyfigure",
    "outcome",
    "position",
    "programmeorganisation",
    "studypartner",
}


def ensure_permissions(apps):
    """Permissions normally appear after migrate; the groups need them now, on a fresh database too."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    found = []
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models():
            opts = model._meta
            if opts.model_name.startswith("historical"):
                continue  # history is read through the record's own admin, with the record's permissions
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=opts.model_name)
            for action in ("add", "change", "delete", "view"):
                permission, _ = Permission.objects.get_or_create(
                    content_type=content_type,
                    codename=f"{action}_{opts.model_name}",
                    defaults={"name": f"Can {action} {opts.verbose_name_raw}"[:255]},
                )
                found.append((action, opts.model_name, permission))
    return found


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = ensure_permissions(apps)
    editors, _ = Group.objects.get_or_create(name="editors")
    viewers, _ = Group.objects.get_or_create(name="viewers")
    editors.permissions.set(
        [
            permission
            for action, model_name, permission in permissions
            if action in {"add", "change", "view"} or (action == "delete" and model_name in PART_MODELS)
        ]
    )
    viewers.permissions.set([permission for action, _, permission in permissions if action == "view"])


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editors", "viewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0002_history"),
        ("events", "0003_history"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
