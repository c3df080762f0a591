"""Sections of a record's page that another app provides, so the page's app never imports that app.

A registry page (an organisation, a person, a country, an agreement, a study) lists the record's
events, but registry sits below events and may not import it. Instead events registers a `Section`
for each of those models in its `AppConfig.ready()`: a template, the prefetches the section reads
(added to the page's queryset) and the context it needs. `core.views.PublicDetailView` gathers the
sections of its model, and the page's template includes them where it places them:

    {% for section in sections %}{% include section.template_name with section=section.context %}{% endfor %}
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator

# Rows per page of a section's paginated list, as on the public lists (core.views.FilteredListView).
PER_PAGE = 20


@dataclass(frozen=True)
class Section:
    """A part of a record's page: its template, its prefetches for a reader, its context for a record and a reader.

    `prefetch(user)` returns lookups for the page queryset's prefetch_related, so the section costs
    the page a fixed number of queries however many rows it lists; `context(record, user)` returns
    the names the section's template reads (as `section.<name>`).
    """

    template_name: str
    prefetch: Callable[[Any], Iterable[Any]] | None = None
    context: Callable[[Any, Any], dict] | None = None
    # The context name of a list that can grow without bound (a country's events): a QuerySet the
    # section shows PER_PAGE rows at a time, the page chosen by `?page=N` (one such list per page, as
    # templates/includes/pagination.html links). The template gets that page's rows under the same
    # name, and the Page itself as `page`.
    paginate: str | None = None

    def prefetches(self, user):
        return list(self.prefetch(user)) if self.prefetch else []

    def render_context(self, record, user, query=None):
        """The section's context; `query` is the request's GET (it chooses the page of a paginated list)."""
        context = dict(self.context(record, user)) if self.context else {}
        if self.paginate:
            # get_page: a missing, malformed or too large number shows the first or last page, never an error.
            page = Paginator(context[self.paginate], PER_PAGE).get_page((query or {}).get("page"))
            context[self.paginate] = page.object_list
            context["page"] = page
        return RenderedSection(self.template_name, context)


@dataclass(frozen=True)
class RenderedSection:
    """What a page's template receives for one section: the template to include and its context."""

    template_name: str
    context: dict


# Filled once, by the apps' ready(); keyed by template name so a second registration replaces the first.
_registered: dict[type, dict[str, Section]] = {}


def register(model, section):
    """Show `section` on the pages of `model`'s records (call from an AppConfig.ready())."""
    _registered.setdefault(model, {})[section.template_name] = section


def sections_for(model):
    """The sections registered for `model`'s pages, in the order they were registered."""
    return list(_registered.get(model, {}).values())
