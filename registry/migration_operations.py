"""Migration operations for indexes that exist on PostgreSQL only.

Full-text (GIN over a tsvector) and trigram (pg_trgm) indexes have no SQLite equivalent, and SQLite
refuses NULLS LAST in an index. These operations keep such an index in the migration state on every
database, so models and migrations agree everywhere, but touch the database only on PostgreSQL;
SQLite installs search with the portable substring baseline of PublishableQuerySet.search.
"""

from django.db import migrations


class PostgreSQLOnly:
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnPostgreSQL(PostgreSQLOnly, migrations.AddIndex):
    """AddIndex, applied to the database on PostgreSQL only."""


class RemoveIndexOnPostgreSQL(PostgreSQLOnly, migrations.RemoveIndex):
    """RemoveIndex of an index AddIndexOnPostgreSQL made, applied to the database on PostgreSQL only."""
