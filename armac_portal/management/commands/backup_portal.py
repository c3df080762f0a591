"""Write every row of portal data to one gzipped JSON file that `restore_portal` can load."""

import datetime
import gzip
import os
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction

# Rebuilt by `migrate` on every database, and referred to in the backup by natural keys
# ("registry", "event") rather than by ids that differ from one database to the next.
REBUILT_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
# Login sessions are not portal data: a restored site starts with everyone signed out.
# Stored event exports are derived from the records and rebuilt by restore_portal.
NOT_BACKED_UP = REBUILT_BY_MIGRATE | {"sessions.session", "events.eventexport", "events.eventexporttext"}


class LosslessJSONEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def backed_up_models():
    """Every concrete model holding portal data, in an order where what is referred to comes first."""
    by_app = {}
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed or opts.label_lower in NOT_BACKED_UP:
            continue
        by_app.setdefault(apps.get_app_config(opts.app_label), []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def objects_to_back_up(models, counts):
    for model in models:
        counts[model._meta.label] = 0
        # The base manager sees every row, drafts included, whatever the default manager filters.
        for obj in model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=2000):
            counts[model._meta.label] += 1
            yield obj


class Command(BaseCommand):
    """`backup_portal PATH` writes a full backup: every record, draft and history row, user and group.

    The file is Django's JSON serialisation, gzipped, with users, groups, permissions and content
    types referred to by natural keys, so it loads into any freshly migrated database (also with
    `manage.py loaddata`). It holds password hashes and API tokens: store it like a secret.
    """

    help = "Write a full backup of the portal's data to PATH (gzipped JSON, e.g. portal-backup.json.gz)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file to write; an existing file is not overwritten.")

    def handle(self, *args, path, **options):
        target = Path(path)
        if target.exists():
            raise CommandError(f"{target} already exists; choose a new file name so no backup is overwritten.")
        partial = target.with_name(target.name + ".partial")
        models = backed_up_models()
        counts = {}
        try:
            # One transaction gives a consistent snapshot while editors keep working.
            # Created readable and writable by its owner only (0600), whatever the umask: the file holds
            # password hashes and API tokens. O_EXCL refuses a partial file someone else put there first.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                transaction.atomic(),
                os.fdopen(descriptor, "wb") as raw,
                gzip.open(raw, "wt", encoding="utf-8") as stream,
            ):
                serializers.serialize(
                    "json",
                    objects_to_back_up(models, counts),
                    stream=stream,
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                    cls=LosslessJSONEncoder,
                )
            os.replace(partial, target)
        except (OSError, DatabaseError) as error:
            partial.unlink(missing_ok=True)
            raise CommandError(f"The backup could not be written to {target}: {error}.") from error
        self.stdout.write(f"Backed up {sum(counts.values()):,} rows of {len(models)} models to {target}.")
