"""The generic public pages every app builds on: a filtered list, and a detail page that shows drafts to staff only."""

from django.views.generic import DetailView, ListView

from .filters import without_empty_values
from .sections import PER_PAGE, sections_for
from .visibility import sees_drafts, visible_rows


def first_rows(queryset, limit=PER_PAGE):
    """The first `limit` rows of a related list and whether it holds more, in one query.

    A page shows a list that can grow without bound (a country's organisations) this way, with a
    link to the filtered public list for the rest, so the page's cost stays bounded.
    """
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


class FilteredListView(ListView):
    """A list of public records narrowed by the resource's FilterSet (the same one its API uses).

    An invalid filter does not fail the page: it answers 400 with the form and its errors and
    no rows, so a broken shared link explains itself.
    """

    filterset_class = None
    paginate_by = 20
    # Where "this list as CSV / JSON" points; the API takes the same parameters.
    api_path = None

    def base_queryset(self):
        queryset = self.model.objects.visible_to(self.request.user)
        if hasattr(queryset, "with_listing_relations"):
            return queryset.with_listing_relations(self.drafts)
        return queryset

    def get_queryset(self):
        base = self.base_queryset()
        self.filterset = self.filterset_class(self.request.GET or None, queryset=base, request=self.request)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return base.none()
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and self.filterset.errors:
            response.status_code = 400
        return response

    @property
    def drafts(self):
        return sees_drafts(self.request.user)

    def visible(self, model):
        """The records of a related model this reader may see."""
        return model.objects.visible_to(self.request.user)

    def rows(self, queryset):
        """The related rows this reader may see: none naming a record they may not (core.visibility)."""
        return visible_rows(queryset, self.drafts)

    def export_query(self):
        """The current filters without the page number or empty fields, for the export links."""
        query = without_empty_values(self.request.GET)
        query.pop("page", None)
        query.pop("format", None)
        return query.urlencode()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filter=self.filterset,
            export_query=self.export_query(),
            api_path=self.api_path,
            is_filtered=any(value for key, value in self.request.GET.items() if key not in {"page", "ordering"}),
        )
        return context


class PublicDetailView(DetailView):
    """A detail page that shows drafts only to staff, with the sections other apps add to it (core.sections)."""

    def sections(self):
        return sections_for(self.model)

    def get_queryset(self):
        queryset = self.model.objects.visible_to(self.request.user)
        if hasattr(queryset, "with_detail_relations"):
            queryset = queryset.with_detail_relations(self.drafts)
        if getattr(self.model, "provenance_subject", False):
            # The facts no source states, marked beside them (core/templatetags/provenance.py).
            queryset = queryset.prefetch_related("fact_notes")
        prefetches = [lookup for section in self.sections() for lookup in section.prefetches(self.request.user)]
        return queryset.prefetch_related(*prefetches) if prefetches else queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            section.render_context(self.object, self.request.user, self.request.GET) for section in self.sections()
        ]
        return context

    @property
    def drafts(self):
        """Whether this reader sees drafts (core.visibility), asked once and passed down."""
        return sees_drafts(self.request.user)

    def visible(self, model):
        """The rows of a related model this reader may see."""
        return model.objects.visible_to(self.request.user)

    def rows(self, queryset):
        """The related rows this reader may see: none naming a record they may not (core.visibility)."""
        return visible_rows(queryset, self.drafts)
