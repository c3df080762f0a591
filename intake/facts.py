"""The facts of a record a passage can be cited for: the one place intake asks.

Until the portal has one vocabulary of citable facts (core.provenance, being written), a record's
facts are its own editable data fields plus "record" (the record itself, what `Citation.fact` ""
has meant so far). When that vocabulary lands, only `citable_facts` changes.
"""

from django.utils.translation import gettext_lazy as _

RECORD = "record"

# Bookkeeping, not facts a document states.
_NOT_FACTS = frozenset(
    {"id", "slug", "status", "published_at", "published_by", "outside_knowledge", "created_at", "updated_at"}
)


def citable_facts(model):
    """[(key, label)] for `model` (a class): "record" first, then its data fields in declaration order."""
    facts = [(RECORD, _("the record itself"))]
    for field in model._meta.get_fields():
        if not field.concrete or field.auto_created or not getattr(field, "editable", False):
            continue
        if field.name in _NOT_FACTS:
            continue
        facts.append((field.name, field.verbose_name))
    return facts
