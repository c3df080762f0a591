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


class AddFieldWithoutRebuild(migrations.AddField):
    """AddField that on SQLite adds the column in place instead of rebuilding the table.

    SQLite adds a NOT NULL column with a default by rebuilding the table, and the rebuild recreates
    every index of the model's state, including the PostgreSQL-only trigram and full-text ones above,
    which SQLite refuses. ALTER TABLE ADD COLUMN with the literal default needs no rebuild; the
    column keeps that default in the database, harmless since Django always writes the value.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        field = model._meta.get_field(self.name)
        definition, params = schema_editor.column_sql(model, field, include_default=True)
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"ALTER TABLE {quote(model._meta.db_table)} ADD COLUMN {quote(field.column)} {definition}", params
        )
