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

# Placeholder values no real key has, compiled in where a key goes and then found in the parameters.
# A number key's is positive and within a 32-bit integer: Django compiles a value outside a field's
# range (a negative one for a positive field) to an empty result with no parameter at all.
_PLACEHOLDER_BASE = 2_147_473_647


def _placeholder(index, name, key_type):
    if key_type is int:
        return _PLACEHOLDER_BASE - index
    if key_type is str:
        return f"\ue000prepared key {name}\ue000"
    raise TypeError(f"A prepared query's key is a number or a text, not {key_type.__name__}.")


class PreparedQuery:
    """A values_list QuerySet built by `build(**keys)`, compiled once per database connection.

    `fields` are the values_list fields; `keys` maps each key's name to its type, int or str.
    `rows(**keys)` runs the statement with those keys and returns the rows as tuples, in the order
    the QuerySet gives them. Each key must reach the SQL as a plain parameter (an exact filter's
    value), which the compile step checks.
    """

    def __init__(self, build, fields, keys):
        self.build = build
        self.fields = tuple(fields)
        self.keys = dict(keys)
        # Per connection: a connection belongs to its thread, and the converters are bound to it.
        self._compiled = weakref.WeakKeyDictionary()

    def rows(self, using="default", **keys):
        connection = connections[using]
        sql, params, positions, converters = self._compiled.get(connection) or self._compile(connection)
        params = list(params)
        for position, name, key_type in positions:
            params[position] = key_type(keys[name])
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

    def _compile(self, connection):
        placeholders = {
            name: _placeholder(index, name, key_type) for index, (name, key_type) in enumerate(self.keys.items())
        }
        queryset = self.build(**placeholders).values_list(*self.fields)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in placeholders.items()}
        # A key keeps the type its parameter was compiled with (psycopg's Int8 for a big integer).
        positions = [
            (index, by_value[value], type(value))
            for index, value in enumerate(params)
            if isinstance(value, (int, str)) and not isinstance(value, bool) and value in by_value
        ]
        missing = set(self.keys) - {name for _index, name, _type in positions}
        if missing:
            raise ValueError(f"The prepared query does not use the key(s) {', '.join(sorted(missing))} as parameters.")
        selected = [column for column, _sql, _alias in compiler.select[: compiler.col_count]]
        converters = [
            (position, functions, expression)
            for position, (functions, expression) in compiler.get_converters(selected).items()
        ]
        compiled = (sql, tuple(params), positions, converters)
        self._compiled[connection] = compiled
        return compiled
