"""Every URL pattern of the site, read from the resolver, for the matrix, CSP and fuzz tests."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full name ("events:detail"), its path template and its parameter names."""

    name: str
    template: str
    parameters: tuple

    @property
    def is_admin(self):
        return self.template.startswith(settings.ADMIN_URL)


def _pattern_text(pattern):
    return str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")


def all_routes(resolver=None, prefix="", namespace=""):
    """Walk the URL conf; the admin is one route (its root) since Django owns its inner pages."""
    resolver = resolver or get_resolver()
    routes = []
    for entry in resolver.url_patterns:
        text = prefix + _pattern_text(entry)
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                routes.append(Route("admin:index", text, ()))
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes.extend(all_routes(entry, text, inner))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else text
            routes.append(Route(name, text, tuple(entry.pattern.regex.groupindex)))
    return routes
