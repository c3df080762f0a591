"""The home page's chart: published events with a known year, counted per year and pillar."""

import pytest

from armac_portal.views import events_per_year_by_pillar
from core.models import PublicationStatus
from registry.models import ThemeKind
from tests.factories import make_event, make_theme

pytestmark = pytest.mark.django_db


def counts(chart):
    return {bar["year"]: {segment["slug"]: segment["count"] for segment in bar["segments"]} for bar in chart["bars"]}


def test_each_published_dated_event_counts_once_under_each_of_its_pillars():
    clearance = make_theme(slug="clearance", name="Clearance", position=1)
    education = make_theme(slug="education", name="Risk education", position=2)
    cooperation = make_theme(slug="cooperation", name="Cooperation", kind=ThemeKind.CROSS_CUTTING)
    make_event(start="2023-03-01").themes.add(clearance, education, cooperation)
    make_event(start="2023-11-20").themes.add(clearance)
    make_event(start="2024-05-09").themes.add(education)
    make_event(start="2024-06-01", status=PublicationStatus.DRAFT).themes.add(education)  # a draft: not counted
    make_event(start="--05-23").themes.add(clearance)  # the year is not known: on no bar
    make_event(start="2024-07-01").themes.add(cooperation)  # no pillar

    chart = events_per_year_by_pillar()

    assert counts(chart) == {2023: {"clearance": 2, "education": 1}, 2024: {"education": 1}}
    assert [pillar["slug"] for pillar in chart["pillars"]] == ["clearance", "education"]
    assert chart["tallest"] == 3
