"""Calendars and anonymous pages at the bench size (issue 13): each within a second, calendars within 20 MB.

Run on its own as `python bench/feed.py` (against BENCH_DATABASE_URL, default the database that
`make bench` fills with 100,000 events); `bench/run.py` calls `measure()` in its worker process and
`table()` to print the rows. Two figures:

- /events/feed.ics and /api/v1/events/?format=ics, read to the last byte: the time (median of
  ROUNDS) and the peak of memory Python allocated while answering (tracemalloc), for the default
  calendar (twelve months back onward) and for the largest one allowed (events.ical.FEED_MAX_EVENTS);
- every anonymous route of the site (the URL conf walked; one request per kind of page, for its
  biggest instance: the country, organisation, person … with the most events), the slowest printed.
"""

import datetime as dt
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS, TARGET_MB = 1.0, 20
ROUNDS = 3
FEED = "/events/feed.ics"
API_ICS = "/api/v1/events/?format=ics"


def read(client, path):
    """Fetch a path and read its whole body; (status, bytes read)."""
    response = client.get(path)
    chunks = response.streaming_content if response.streaming else [response.content]
    return response.status_code, sum(len(chunk) for chunk in chunks)


def timed(client, path, rounds=ROUNDS):
    """Median seconds, peak traced MB (the largest over the rounds), status and body size of one path."""
    read(client, path)  # warm-up: connection, caches, compiled templates
    timings, peaks = [], []
    for _ in range(rounds):
        tracemalloc.start()
        started = time.perf_counter()
        status, size = read(client, path)
        timings.append(time.perf_counter() - started)
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    # tracemalloc slows Python down; the time is taken again without it. The process's CPU time is
    # kept beside the wall time: on a shared, loaded machine the wall time is mostly waiting for a CPU.
    plain, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        read(client, path)
        plain.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return {
        "path": path,
        "status": status,
        "bytes": size,
        "seconds": statistics.median(plain),
        "cpu_seconds": statistics.median(cpu),
        "mb": max(peaks),
    }


def widest_calendar_span():
    """A date_from that gives the largest calendar allowed: the FEED_MAX_EVENTS-th newest dated event's day."""
    from events import ical
    from events.models import Event

    days = Event.objects.published().on_calendar().order_by("-start_date").values_list("start_date", flat=True)
    day = days[ical.FEED_MAX_EVENTS - 1 : ical.FEED_MAX_EVENTS].first() if days.exists() else None
    if day is None:
        return "2000-01-01"
    # Events sharing that day would push the calendar over the limit: start the span a day later.
    over = Event.objects.published().on_calendar(since=day).count() > ical.FEED_MAX_EVENTS
    return (day + dt.timedelta(days=1 if over else 0)).isoformat()


def calendars(client):
    since = widest_calendar_span()
    rows = []
    for name, path in [
        ("Feed, default (12 months onward)", FEED),
        ("API ?format=ics, default", API_ICS),
        ("Feed, largest allowed", f"{FEED}?date_from={since}"),
        ("API ?format=ics, largest allowed", f"{API_ICS}&date_from={since}"),
    ]:
        row = timed(client, path)
        row["events"] = row_events(client, path)
        rows.append({"name": name, **row})
    return rows


def row_events(client, path):
    response = client.get(path)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.count(b"BEGIN:VEVENT")


# --- every anonymous route ---------------------------------------------------------------------------


def biggest_instances():
    """For each detail route's parameter, the public record with the most rows on its page."""
    from django.db.models import Count

    from events.models import Event
    from registry.models import Agreement, Country, Organisation, Person, Programme, SourceDocument, Study

    def most(queryset, *relations):
        annotated = queryset.published().annotate(**{f"n{i}": Count(r, distinct=True) for i, r in enumerate(relations)})
        return annotated.order_by(*(f"-n{i}" for i in range(len(relations))), "pk").first()

    country = most(Country.objects, "events")
    values = {
        "registry:country-detail": {"iso3": country.iso3} if country else None,
        "registry:organisation-detail": most(Organisation.objects, "event_roles"),
        "registry:person-detail": most(Person.objects, "participations"),
        "registry:agreement-detail": most(Agreement.objects, "events"),
        "registry:study-detail": most(Study.objects, "events"),
        "registry:programme-detail": most(Programme.objects, "organisations"),
        "registry:source-detail": most(SourceDocument.objects, "citations"),
        "events:detail": most(Event.objects, "sessions", "participants"),
        "events:calendar": Event.objects.published().on_calendar().order_by("pk").first(),
    }
    return {
        name: (value if isinstance(value, dict) or value is None else {"slug": value.slug})
        for name, value in values.items()
    }


def anonymous_paths():
    """One path per public route (the admin aside: staff only), detail routes for their biggest record."""
    from django.conf import settings
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    instances = biggest_instances()
    paths = {}

    def walk(resolver, namespace=""):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin":
                    continue
                walk(entry, f"{namespace}{entry.namespace}:" if entry.namespace else namespace)
            elif isinstance(entry, URLPattern) and entry.name:
                name = f"{namespace}{entry.name}"
                groups = entry.pattern.regex.groupindex
                if not groups:
                    paths.setdefault(name, reverse(name))
                elif instances.get(name):
                    paths.setdefault(name, reverse(name, kwargs=instances[name]))
                # Left out: the API's detail and format-suffix routes (one record, bounded by its serializer).

    walk(get_resolver())
    # Staff pages outside the admin's own namespace (the provenance report, intake) send a visitor to
    # the login page: not public routes.
    paths = {name: path for name, path in paths.items() if not path.startswith(f"/{settings.ADMIN_URL}")}
    # The list pages with a filter on the biggest record, and search, as a visitor uses them.
    paths["events:list?country"] = f"/events/?country={instances['registry:country-detail']['iso3']}"
    paths["search"] = "/search/?q=mine+action"
    return paths


def expected_status(name):
    """200, except About and Contact without the portal owner's record (synthetic data has none): 404."""
    from registry.models import Organisation

    if name in ("about", "contact") and not Organisation.objects.portal_owner().exists():
        return 404
    return 200


def routes(client):
    rows = []
    for name, path in anonymous_paths().items():
        started = time.perf_counter()
        status, _ = read(client, path)
        first = time.perf_counter() - started
        started = time.perf_counter()
        read(client, path)
        rows.append(
            {
                "name": name,
                "path": path,
                "status": status,
                "expected": expected_status(name),
                "seconds": min(first, time.perf_counter() - started),
            }
        )
    rows.sort(key=lambda row: -row["seconds"])
    return rows


def measure():
    """Both figures, as a dict; Django must be set up (bench/run.py's worker, or main() below)."""
    from django.test import Client

    client = Client()
    return {"calendars": calendars(client), "routes": routes(client)}


def table(result):
    lines = [
        f"| Calendar | events | seconds | CPU s | peak MB | target ≤ {TARGET_SECONDS:g} s, ≤ {TARGET_MB} MB |",
        "|---|---|---|---|---|---|",
    ]
    for row in result["calendars"]:
        ok = row["status"] == 200 and row["seconds"] <= TARGET_SECONDS and row["mb"] <= TARGET_MB
        lines.append(
            f"| {row['name']} | {row['events']:,} | {row['seconds']:.2f} | {row['cpu_seconds']:.2f} | "
            f"{row['mb']:.1f} | "
            f"{'ok' if ok else 'MISSED'} HTTP {row['status']}, {row['bytes'] / 2**20:.1f} MB sent |"
        )
    routes_ = result["routes"]
    slowest = routes_[0]
    bad = [row for row in routes_ if row["status"] != row.get("expected", 200)]
    verdict = "ok" if slowest["seconds"] <= TARGET_SECONDS and not bad else "MISSED"
    unexpected = [(row["path"], row["status"]) for row in bad]
    lines.append("")
    lines.append(
        f"Anonymous routes: {len(routes_)} requested, slowest {slowest['path']} at {slowest['seconds']:.2f} s "
        f"(target ≤ {TARGET_SECONDS:g} s): {verdict}" + (f"; unexpected status: {unexpected}" if unexpected else "")
    )
    for row in routes_[:8]:
        lines.append(f"  {row['seconds'] * 1000:7.0f} ms  HTTP {row['status']}  {row['path']}")
    return "\n".join(lines)


def main():
    os.environ.setdefault(
        "DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/armac_bench")
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import armac_portal.wsgi  # noqa: F401  (Django set up as gunicorn does)

    print(table(measure()))


if __name__ == "__main__":
    main()
