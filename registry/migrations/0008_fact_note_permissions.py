"""Staff roles for fact notes: editors add, change and delete them (a part of a record, like a citation);
viewers read them."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="registry", model="factnote")
    permissions = {
        action: Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_factnote", defaults={"name": f"Can {action} fact note"}
        )[0]
        for action in ("add", "change", "delete", "view")
    }
    editors, _ = Group.objects.get_or_create(name="editors")
    viewers, _ = Group.objects.get_or_create(name="viewers")
    editors.permissions.add(*permissions.values())
    viewers.permissions.add(permissions["view"])


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("registry", "0007_fact_notes_and_fact_vocabulary"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
