"""Other names are stored with their characters as they are (core.models.UnescapedJSONEncoder).

The encoder changes nothing in any table's definition, so the fields change in the migration state
only. On SQLite the stored lists are then written again: SQLite kept the escaped text
("H\\u00e0 N\\u1ed9i") that its search folds, and rewriting a list also recomputes the row's
generated search_text. PostgreSQL's jsonb never kept escapes, so nothing is rewritten there.
History rows are left as they are: search never reads them.
"""

import core.models
from django.db import migrations, models


MODELS = ("country", "organisation", "person")


def write_names_unescaped(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for model_name in MODELS:
        model = apps.get_model("registry", model_name)
        # Read whole before writing: SQLite may skip or repeat rows of a table updated while a cursor
        # reads it. Only the lists holding a character outside ASCII read differently once rewritten.
        rows = list(model.objects.exclude(other_names=[]).values_list("pk", "other_names"))
        for pk, names in rows:
            if any(not name.isascii() for name in names):
                model.objects.filter(pk=pk).update(other_names=names)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0012_folded_search_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="country",
                    name="other_names",
                    field=models.JSONField(
                        blank=True,
                        default=list,
                        encoder=core.models.UnescapedJSONEncoder,
                        help_text="Names the sources use besides the main one, such as Lao PDR or Vietnam; search finds them too.",
                        verbose_name="other names and spellings",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcountry",
                    name="other_names",
                    field=models.JSONField(
                        blank=True,
                        default=list,
                        encoder=core.models.UnescapedJSONEncoder,
                        help_text="Names the sources use besides the main one, such as Lao PDR or Vietnam; search finds them too.",
                        verbose_name="other names and spellings",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalorganisation",
                    name="other_names",
                    field=models.JSONField(
                        blank=True,
                        default=list,
                        encoder=core.models.UnescapedJSONEncoder,
                        help_text="Former names, translations and spellings the sources use; search finds them too.",
                        verbose_name="other names and spellings",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalperson",
                    name="other_names",
                    field=models.JSONField(
                        blank=True,
                        default=list,
                        encoder=core.models.UnescapedJSONEncoder,
                        help_text="Other orders and spellings the sources use (Rothna Buth, Nguyen Thi Huong); a name in any of them finds this person, so nobody is recorded twice.",
                        verbose_name="other names and spellings",
                    ),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="other_names",
                    field=models.JSONField(
                        blank=True,
                        default=list,
                        encoder=core.models.UnescapedJSONEncoder,
                        help_text="Former names, translations and spellings the sources use; search finds them too.",
                        verbose_name="other names and spellings",
                    ),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="other_names",
                    field=models.JSONField(
                        blank=True,
                        default=list,
                        encoder=core.models.UnescapedJSONEncoder,
                        help_text="Other orders and spellings the sources use (Rothna Buth, Nguyen Thi Huong); a name in any of them finds this person, so nobody is recorded twice.",
                        verbose_name="other names and spellings",
                    ),
                ),
            ],
        ),
        migrations.RunPython(write_names_unescaped, migrations.RunPython.noop),
    ]
