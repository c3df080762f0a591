"""What every record of every app shares: timestamps, publication, and how lists and search ask for rows.

Records with a public page (`registry.models.PublicRecord`) build on these; so do rows inside a
record. Who may see drafts is decided in one place, core.visibility.
"""

import functools
import operator

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import F, Q, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import Contains
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# PublicationStatus lives beside the rule that reads it (core.visibility); imported here too, as before.
from .search import Fold
from .visibility import PublicationStatus, sees_drafts, visible_rows


class TimeStamped(models.Model):
    """Created/updated timestamps, kept by the database layer on every save."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)
    # Every save of every concrete record (and of its inline rows) is kept: who, when, the whole
    # row; a model lists its many-to-many fields in `_history_m2m_fields` to have them kept too.
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class PublishableQuerySet(models.QuerySet):
    """The questions every public list asks, asked the same way everywhere."""

    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def visible_to(self, user):
        """The records `user` may see: the rule of core.visibility (staff see drafts, the public does not)."""
        return visible_rows(self.all(), sees_drafts(user))

    def search(self, text):
        """Records matching the text.

        On PostgreSQL, a model that names `full_text_fields` is searched with PostgreSQL's full-text
        search in web-search syntax ("quoted phrases", or, -excluded) against its GIN expression index
        (see `full_text_index`), with English stemming. Everywhere else every word must appear as a
        substring of one of the model's `search_fields`: the portable baseline that runs on SQLite.
        """
        text = (text or "").strip()
        if not text:
            return self.all()
        full_text_fields = getattr(self.model, "full_text_fields", ())
        if full_text_fields and connection.vendor == "postgresql":
            query = SearchQuery(text[:200], config=SEARCH_CONFIG, search_type="websearch")
            return self.alias(search_document=search_vector(full_text_fields)).filter(search_document=query)
        # Accent- and case-insensitive (core.search): both sides folded, so "Nguyen" finds "Nguyễn". A
        # model with a `search_text` column (folded_search_text) has its fields folded once, on write.
        if hasattr(self.model, "search_text"):
            folded = [F("search_text")]
        else:
            folded = [Fold(Cast(field, models.TextField())) for field in self.model.search_fields]
        query = Q()
        for word in text.split()[:10]:
            word = Fold(Value(word, output_field=models.TextField()))
            query &= functools.reduce(operator.or_, (Q(Contains(column, word)) for column in folded))
        return self.filter(query)


# The text configuration of PostgreSQL full-text search: unaccent, then English stemming, so "mines"
# finds "mine" and "Ha Noi" finds "Hà Nội" (created by registry/migrations/0007_accent_insensitive_search.py).
SEARCH_CONFIG = "portal_english"


def search_vector(fields):
    """The document a record is searched as; its model's full-text GIN index holds exactly this expression."""
    return SearchVector(*fields, config=SEARCH_CONFIG)


def full_text_index(fields, name, with_status=False):
    """The GIN index PublishableQuerySet.search uses on PostgreSQL (created there only, see the migrations).

    `with_status` puts the publication status first (a btree_gin column): a count of published
    matches is then answered from the index, where otherwise every match's row is read for its status.
    """
    if with_status:
        return GinIndex(F("status"), search_vector(fields), name=name)
    return GinIndex(search_vector(fields), name=name)


class UnescapedJSONEncoder(DjangoJSONEncoder):
    """JSON written with its characters as they are ("Hà Nội"), not as escapes ("H\\u00e0 N\\u1ed9i").

    For the JSON lists that search reads (other names). PostgreSQL's jsonb keeps the characters
    either way, but SQLite keeps the text as written, and search (folded_search_text and
    PublishableQuerySet.search) folds that text: escaped, "Ha Noi" never found "Hà Nội" there.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **{**kwargs, "ensure_ascii": False})


def folded_search_text(fields):
    """A column holding the model's `search_fields` folded (core.search) and joined by spaces, kept by the database.

    `search` matches each word with `search_text LIKE '%word%'`. Folding on every search instead
    (`portal_fold(field) LIKE ...` per field and word, as before) made the site search slow at scale
    (BENCHMARKS.md): PostgreSQL re-checks every row the trigram index proposes, and unaccent ran
    eight times a row. Joined by a space, a word (which has none) matches exactly when it
    occurs in one of the fields.
    """
    parts = []
    for field in fields:
        parts += [Cast(field, models.TextField()), Value(" ")]
    return models.GeneratedField(
        expression=Fold(Concat(*parts[:-1], output_field=models.TextField())),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )


def substring_search_index(prefix):
    """The GIN trigram index on `search_text` (folded_search_text) that answers `LIKE '%word%'`.

    Created on PostgreSQL only (registry/migrations/0012_folded_search_text.py); SQLite reads the rows.
    """
    return GinIndex(OpClass(F("search_text"), name="gin_trgm_ops"), name=f"{prefix}_search_text_trgm")
