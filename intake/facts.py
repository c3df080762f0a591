"""The facts of a record a passage can be cited for: intake asks the portal's one vocabulary (core.provenance)."""

from core import provenance

# The record itself: what a quote naming a person or an organisation supports when a suggestion is accepted.
RECORD = "record"


def citable_facts(model):
    """[(key, label)] for `model` (a class), as the admin's citation select offers them."""
    return provenance.fact_choices(model)
