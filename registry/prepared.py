"""Queries of a fixed shape, compiled to SQL once per database and run again for other keys.

A record page reads each of its related lists (one event's people, organisations, sources…) by an
indexed key: PostgreSQL answers each in about a tenth of a millisecond, while Django spent three
times that compiling the QuerySet to SQL and as much again turning the rows into instances through
select_related and prefetch_related (BENCHMARKS.md, "Event detail"). The SQL depends only on the
QuerySet's shape, not on the key, so PreparedQuery compiles it once with a placeholder for each key
and then only swaps the keys' values into the parameters. Rows still pass through Django's own
converters (from_db_value, SQLite's booleans and dates), so they read exactly as the QuerySet's would.
"""

import weakref

from django.db import connections
from django.db.models import DEFERRED

# Placeholder values no real key has, compiled in where a key goes and then found in the parameters.
# A number key's is positive and within a 32-bit integer: Django compiles a value outside a field's
# range (a negative one for a positive field) to an empty result with no parameter at all.
_PLACEHOLDER_BASE = 2_147_473_647


def _placeholder(index, name, key_type, length):
    if key_type is int:
        return _PLACEHOLDER_BASE - index
    if key_type is str:
        return f"\ue000prepared key {name}\ue000"
    if key_type is list:
        return [_PLACEHOLDER_BASE - 1000 * (index + 1) - position for position in range(length)]
    raise TypeError(f"A prepared query's key is a number, a text or a list of numbers, not {key_type.__name__}.")


class PreparedQuery:
    """A values_list QuerySet built by `build(**keys)`, compiled once per database connection.

    `fields` are the values_list fields; `keys` maps each key's name to its type: int, str, or list
    (of numbers, for an `__in` filter: compiled once per length, so for a page's few lengths).
    `rows(**keys)` runs the statement with those keys and returns the rows as tuples, in the order
    the QuerySet gives them. Each key must reach the SQL as plain parameters (an exact or `__in`
    filter's values), which the compile step checks.
    """

    def __init__(self, build, fields, keys):
        self.build = build
        self.fields = tuple(fields)
        self.keys = dict(keys)
        # For instances(): the model's own columns, and each relation's columns, by position.
        self._own = [(position, name) for position, name in enumerate(self.fields) if "__" not in name]
        self._related = {}
        for position, name in enumerate(self.fields):
            if "__" in name:
                relation, column = name.split("__", 1)
                self._related.setdefault(relation, []).append((position, column))
        # Per connection: a connection belongs to its thread, and the converters are bound to it.
        self._compiled = weakref.WeakKeyDictionary()

    def rows(self, using="default", **keys):
        lengths = tuple(len(keys[name]) for name, key_type in self.keys.items() if key_type is list)
        if 0 in lengths:
            return []  # `__in` an empty list matches nothing, and Django sends no query for it either
        connection = connections[using]
        compiled = self._compiled.setdefault(connection, {})
        sql, params, positions, converters = compiled.get(lengths) or self._compile(connection, lengths)
        params = list(params)
        for position, name, item, key_type in positions:
            params[position] = key_type(keys[name] if item is None else keys[name][item])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not converters:
            return rows
        converted = []
        for row in rows:
            row = list(row)
            for position, functions, expression in converters:
                value = row[position]
                for convert in functions:
                    value = convert(value, expression, connection)
                row[position] = value
            converted.append(tuple(row))
        return converted

    def instances(self, model, using="default", fixed=None, **keys):
        """The rows as `model` instances, as only() and select_related() would make them.

        The model's own columns (field names without `__`) are loaded and the rest deferred;
        each `relation__column` group becomes that relation's instance, or None when its `id` is
        NULL; `fixed` values (the key the rows were read by, say) are set on every instance.
        """
        related = [
            (relation, model._meta.get_field(relation).related_model, columns)
            for relation, columns in self._related.items()
        ]
        made = []
        for row in self.rows(using, **keys):
            instance = record(model, using, {**{name: row[position] for position, name in self._own}, **(fixed or {})})
            for relation, target, columns in related:
                values = {column: row[position] for position, column in columns}
                setattr(instance, relation, record(target, using, values) if values["id"] is not None else None)
            made.append(instance)
        return made

    def _compile(self, connection, lengths):
        lists = iter(lengths)
        placeholders = {
            name: _placeholder(index, name, key_type, next(lists) if key_type is list else 0)
            for index, (name, key_type) in enumerate(self.keys.items())
        }
        queryset = self.build(**placeholders).values_list(*self.fields)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        # Where each placeholder went: (key name, item of a list key or None).
        by_value = {}
        for name, value in placeholders.items():
            if isinstance(value, list):
                by_value.update({item: (name, position) for position, item in enumerate(value)})
            else:
                by_value[value] = (name, None)
        # A key keeps the type its parameter was compiled with (psycopg's Int8 for a big integer).
        positions = [
            (index, *by_value[value], type(value))
            for index, value in enumerate(params)
            if isinstance(value, (int, str)) and not isinstance(value, bool) and value in by_value
        ]
        found = {(name, item) for _index, name, item, _type in positions}
        missing = {name for name, item in by_value.values() if (name, item) not in found}
        if missing:
            raise ValueError(f"The prepared query does not use the key(s) {', '.join(sorted(missing))} as parameters.")
        selected = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        converters = [
            (position, functions, expression)
            for position, (functions, expression) in compiler.get_converters(selected).items()
        ]
        compiled = (sql, tuple(params), positions, converters)
        self._compiled[connection][lengths] = compiled
        return compiled


def record(model, using, values):
    """A model instance from some of its columns (by attname), the others deferred, as only() makes one."""
    return model.from_db(
        using, list(values), [values.get(field.attname, DEFERRED) for field in model._meta.concrete_fields]
    )
