"""The home page and the site-wide search."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.text import Truncator
from django.views.generic import TemplateView

from core.search import highlight, query_words
from core.visibility import sees_drafts, visible_prefetch
from events.models import Event
from registry.models import (
    Agreement,
    Citation,
    Country,
    KeyFigure,
    Organisation,
    Person,
    Programme,
    SourceDocument,
    Study,
    ThemeKind,
)

# Records a key figure may describe, and which site search looks in, in the order results are shown.
SEARCHED_MODELS = (Event, Organisation, Person, Agreement, Study, Programme, Country, SourceDocument)
SEARCH_LIMIT = 20
MAX_QUERY_LENGTH = 200


def published_key_figures(user=None):
    """Key figures whose record the reader may see (published, for the public), in one query (the subjects
    are a generic relation)."""
    condition = Q(pk__in=[])
    for model in (Programme, Organisation, Event, Agreement, Study, Country):
        content_type = ContentType.objects.get_for_model(model)
        condition |= Q(content_type=content_type, object_id__in=model.objects.visible_to(user).values("pk"))
    # With whose figure it is and the source stating it: the home page names both (they are UNDP's
    # and its programme's, not ARMAC's), in one query per kind of subject and one for the citations.
    return (
        KeyFigure.objects.filter(condition)
        .order_by("position", "id")
        .prefetch_related(
            "subject",
            visible_prefetch("citations", Citation.objects.with_source(), sees_drafts(user)),
        )
    )


def events_per_year_by_pillar():
    """Chart data: for each year with events, the count per pillar; bar geometry computed here, not in JS."""
    rows = (
        Event.objects.published()
        .filter(start_date__isnull=False, themes__kind=ThemeKind.PILLAR)
        .annotate(year=ExtractYear("start_date"))
        .values("year", "themes__slug", "themes__name", "themes__position")
        # Each (event, theme) pair is one row of the many-to-many table (it is unique there), so a plain
        # count is the number of events: COUNT(DISTINCT) made PostgreSQL sort all 74,000 rows at 100,000 events.
        .annotate(count=Count("id"))
        .order_by("year", "themes__position", "themes__name")
    )
    pillars = {}
    years = {}
    for row in rows:
        pillars.setdefault(row["themes__slug"], row["themes__name"])
        years.setdefault(row["year"], {})[row["themes__slug"]] = row["count"]
    if not years:
        return None
    pillar_index = {slug: index % 6 for index, slug in enumerate(pillars)}
    tallest = max(sum(counts.values()) for counts in years.values())
    bar_width, gap, height = 48, 24, 200
    scale = height / tallest
    bars = []
    for position, (year, counts) in enumerate(sorted(years.items())):
        x = 40 + position * (bar_width + gap)
        top = height + 10
        segments = []
        for slug, count in counts.items():
            segment_height = round(count * scale, 1)
            top -= segment_height
            segments.append(
                {
                    "slug": slug,
                    "name": pillars[slug],
                    "count": count,
                    "y": round(top, 1),
                    "height": segment_height,
                    "colour": pillar_index[slug],
                }
            )
        bars.append(
            {"year": year, "x": x, "label_x": x + bar_width / 2, "segments": segments, "total": sum(counts.values())}
        )
    return {
        "bars": bars,
        "pillars": [{"slug": slug, "name": name, "colour": pillar_index[slug]} for slug, name in pillars.items()],
        "width": 40 + len(bars) * (bar_width + gap),
        "height": height + 40,
        "bar_width": bar_width,
        "axis_y": height + 10,
        "label_y": height + 30,
        "tallest": tallest,
        "years": sorted(years),
    }


class HomeView(TemplateView):
    """The front page: what is coming, what happened, the latest agreements and studies, key figures."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # What the reader may see (core.visibility): the public sees published records and none of their
        # draft links; staff see drafts too, marked.
        user = self.request.user
        drafts = sees_drafts(user)
        events = Event.objects.visible_to(user).with_listing_relations(drafts)
        context.update(
            upcoming_events=events.upcoming()[:5],
            recent_events=events.past()[:5],
            latest_agreements=Agreement.objects.visible_to(user).with_listing_relations(drafts)[:5],
            latest_studies=Study.objects.visible_to(user)
            .with_listing_relations(drafts)
            .order_by("-created_at", "-id")[:5],
            key_figures=published_key_figures(user)[:8],
            chart=events_per_year_by_pillar(),
            event_count=Event.objects.published().count(),
        )
        return context


# The date a search hit shows, by kind of record (partial dates, as the sources give them).
HIT_DATES = {Event: "start", Agreement: "signed_on", Programme: "started_on", SourceDocument: "published_on"}


def search_hit(record, words):
    """What one search result shows: its kind, title (matches marked), date and a snippet of the matching text.

    Each snippet is escaped text with <mark> around the matched words (core.search.highlight).
    """
    model = type(record)
    title = str(record)
    snippet = ""
    texts = []
    for name in dict.fromkeys((*getattr(model, "full_text_fields", ()), *model.search_fields)):
        value = getattr(record, name, "")
        value = "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value or "")
        if value and value != title and name != "slug":
            texts.append(value)
    # The title stays plain link text; the snippet is the first other text where a word matches,
    # or, when only the title matched, the start of the record's text for context.
    snippet = next(filter(None, (highlight(text, words) for text in texts)), "")
    if not snippet and texts:
        snippet = Truncator(texts[0]).chars(160)
    date_field = HIT_DATES.get(model)
    return {
        "record": record,
        "kind": model._meta.verbose_name,
        "title": title,
        "date": getattr(record, date_field) if date_field else None,
        "has_date": date_field is not None,
        "snippet": snippet,
    }


class SearchView(TemplateView):
    """/search/?q=: every kind of public record whose text matches the query, accents and case aside.

    Each kind shows how many records match and the first SEARCH_LIMIT of them, each with its kind,
    date and a snippet with the match marked.
    """

    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        error = ""
        groups = []
        if len(query) > MAX_QUERY_LENGTH:
            error = "too-long"
        elif query:
            words = query_words(query)
            for model in SEARCHED_MODELS:
                # Two queries per kind whatever matches: the first records, and how many there are.
                # (One query with COUNT(*) OVER () led PostgreSQL to walk a whole ordering index.)
                matches = model.objects.visible_to(self.request.user).search(query)
                records = list(matches[:SEARCH_LIMIT])
                count = matches.count()
                if records:
                    groups.append(
                        {
                            "label": model._meta.verbose_name_plural,
                            "slug": model._meta.model_name,
                            "count": count,
                            "hits": [search_hit(record, words) for record in records],
                            "more": count > SEARCH_LIMIT,
                        }
                    )
        context.update(
            query=query,
            groups=groups,
            total=sum(group["count"] for group in groups),
            error=error,
            max_length=MAX_QUERY_LENGTH,
        )
        return context

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.context_data["error"]:
            response.status_code = 400
        return response
