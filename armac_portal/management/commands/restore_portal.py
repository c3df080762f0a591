"""Load a `backup_portal` file into an empty, migrated database, all of it or nothing."""

import gzip
import zlib
from pathlib import Path

from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test.utils import override_settings

from armac_portal.caching import bump_content_version
from events import exports

from .backup_portal import backed_up_models

# A freshly migrated database already holds the staff groups (registry's 0003_staff_groups);
# the backup's groups of the same names take their place, permissions included.
CREATED_BY_MIGRATIONS = {"auth.group"}


def rows_already_present():
    """The models that hold rows a freshly migrated database would not have."""
    return [
        model._meta.label
        for model in backed_up_models()
        if model._meta.label_lower not in CREATED_BY_MIGRATIONS and model._base_manager.exists()
    ]


class Command(BaseCommand):
    """`restore_portal PATH` restores a backup written by `backup_portal` into an empty database.

    Run `manage.py migrate` on a new, empty database first. The command refuses a database that
    already holds records (it never merges or overwrites) and a file that is missing or corrupt.
    Everything is loaded in one transaction: on any error, nothing is restored.
    """

    help = "Restore a backup_portal file into an empty, migrated database (one transaction)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file written by backup_portal.")

    def handle(self, *args, path, **options):
        source = Path(path)
        try:
            with gzip.open(source, "rt", encoding="utf-8") as stream:
                text = stream.read()
        except (OSError, EOFError, UnicodeDecodeError, zlib.error) as error:
            raise CommandError(
                f"{source} cannot be read as a portal backup (missing, unreadable or not gzipped)."
            ) from error

        present = rows_already_present()
        if present:
            raise CommandError(
                f"The database is not empty (it already has {', '.join(present[:3])} rows); "
                "restore only into a new database after `manage.py migrate`."
            )

        loaded = 0
        models = set()
        try:
            # The backup carries the history rows themselves; django-simple-history must not add
            # new ones while many-to-many links are restored (they would take the restored ids).
            with (
                override_settings(SIMPLE_HISTORY_ENABLED=False),
                transaction.atomic(),
                connection.constraint_checks_disabled(),
            ):
                deferred = []
                for item in serializers.deserialize("json", text, handle_forward_references=True):
                    item.save()
                    loaded += 1
                    models.add(type(item.object))
                    if item.deferred_fields:
                        deferred.append(item)
                for item in deferred:
                    item.save_deferred_fields()
                connection.check_constraints(table_names=[model._meta.db_table for model in models])
                # New rows after the restore must not reuse the restored ids (PostgreSQL sequences).
                with connection.cursor() as cursor:
                    for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
                        cursor.execute(statement)
                # Rows are saved raw, which marks no export (events.exports): every one is written here.
                exports.rebuild()
                # Raw SQL above sends no signal: no page cached from the replaced rows may be served.
                transaction.on_commit(bump_content_version, robust=True)
        except serializers.base.DeserializationError as error:
            raise CommandError(f"{source} is corrupt or not a portal backup; nothing was restored.") from error
        except (IntegrityError, DatabaseError) as error:
            raise CommandError(f"{source} does not fit this database ({error}); nothing was restored.") from error
        self.stdout.write(f"Restored {loaded:,} rows of {len(models)} models from {source}.")
