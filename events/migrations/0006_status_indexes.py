import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.contrib.postgres.operations import BtreeGinExtension
from django.db import migrations, models

from registry.migration_operations import AddIndexOnPostgreSQL, RemoveIndexOnPostgreSQL


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_event_exports'),
        ('registry', '0005_full_text_search'),
    ]

    operations = [
        # The status column in the full-text GIN index (a no-op on SQLite).
        BtreeGinExtension(),
        RemoveIndexOnPostgreSQL(
            model_name='event',
            name='event_search_idx',
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['status', 'kind'], name='event_status_kind_idx'),
        ),
        AddIndexOnPostgreSQL(
            model_name='event',
            index=django.contrib.postgres.indexes.GinIndex(models.F('status'), django.contrib.postgres.search.SearchVector('title', 'summary', 'city', config='english'), name='event_search_idx'),
        ),
    ]
