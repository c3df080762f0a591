"""Indexes that let the portable substring search (PublishableQuerySet.search) use an index on PostgreSQL."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Cast, Upper


def substring_search_indexes(prefix, fields):
    """One GIN trigram index per searched field, on exactly the expression `icontains` compares.

    Django's `icontains` on PostgreSQL is `UPPER(field::text) LIKE UPPER('%word%')`; pg_trgm answers
    that from the index instead of reading every row (site search at 200,000 people). Every field a
    model searches needs one: a single unindexed branch of the OR sends the plan back to a full scan.
    Created on PostgreSQL only (see registry/migrations/0004_search_trigram_indexes.py).
    """
    return [
        GinIndex(
            OpClass(Upper(Cast(field, models.TextField())), name="gin_trgm_ops"),
            name=f"{prefix}_{field}_trgm",
        )
        for field in fields
    ]
