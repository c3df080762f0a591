"""The staff admin for the registry, one module per concept (as the models are split)."""

from . import agreements, partners, programmes, sources, studies, themes  # noqa: F401  (registers the admins)
