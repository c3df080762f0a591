"""Saves stay fast, and stored exports catch up: the rows of issue 12 for the stored event exports.

Run on its own as `python bench/exports.py [DATABASE_URL]` against a database `bench/run.py` has
filled (100,000 synthetic events); `bench/run.py` calls `report(url)` after its own table.

- Admin save of an event, a theme and a country (target p95 ≤ 300 ms): the real admin change form,
  posted by a superuser through Django's test Client, each save changing a field the exports show
  (the title, the theme's or country's name), so every save marks the exports of all the events
  that show it (the theme and the country shown by the most events). The tasks go to the database
  queue (TASKS_BACKEND=database), as in production; nothing runs them during this row.
- Stored exports current after a commit that changes 10,000 of them (target ≤ 60 s): `db_worker`
  running as its own process, one committed transaction marks 10,000 events' exports stale, and
  the clock runs until `events.exports.backlog()` is back to what it was.

The full events CSV (≥ 50,000 rows/s, ≤ 50 MB) is measured by bench/run.py's own CSV row.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETTINGS = "bench.settings"
SAVE_ROUNDS, SAVE_TARGET_MS = 20, 300
LAG_EVENTS, LAG_TARGET_S = 10_000, 60


def _env(url):
    return {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS, "TASKS_BACKEND": "database"}


def _run(url, step):
    # A fixed argument list of our own (no shell).
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, step], env=_env(url), cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(url):
    """Measure in worker processes against the database at `url` and print the rows."""
    print("==> Stored exports: admin saves, and the worker's catch-up after 10,000 changes")
    saves = _run(url, "saves")
    lag = _run(url, "lag")
    print()
    print("| Stored exports | median ms | p95 ms | target | |")
    print("|---|---|---|---|---|")
    for name, row in saves.items():
        ok = row["status_ok"] and row["p95_ms"] <= SAVE_TARGET_MS
        print(
            f"| Admin save of {name} ({row['marked']:,} exports marked) | {row['median_ms']:.0f} | "
            f"{row['p95_ms']:.0f} | p95 ≤ {SAVE_TARGET_MS} | {'ok' if ok else 'MISSED'} |"
        )
    ok = lag["seconds"] <= LAG_TARGET_S and lag["current"]
    print(
        f"| {LAG_EVENTS:,} exports current after the commit, db_worker running | {lag['seconds'] * 1000:.0f} | — | "
        f"≤ {LAG_TARGET_S} s | {'ok' if ok else 'MISSED'} {lag['rows_per_s']:,.0f} exports/s |"
    )
    return {"saves": saves, "lag": lag}


# --- worker processes ---------------------------------------------------------------------------


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    import django

    django.setup()


def form_data(response):
    """The POST data of an admin change form as the browser would send it unchanged."""
    from django.forms import CheckboxInput, ModelMultipleChoiceField, MultipleChoiceField

    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
                continue
            if value is None:
                continue
            multiple = isinstance(bound.field, MultipleChoiceField | ModelMultipleChoiceField)
            if isinstance(value, (list, tuple)) and multiple:
                data[bound.html_name] = [str(item) for item in value]
            elif isinstance(value, (list, tuple)):
                data[bound.html_name] = "\n".join(str(item) for item in value)  # a list edited as lines
            else:
                data[bound.html_name] = bound.field.widget.format_value(value) or ""

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return {name: value for name, value in data.items() if value != ""} | {"_save": "Save"}


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def worker_saves():
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from events.models import Event, EventExport
    from registry.models import Country, Theme

    user, _ = get_user_model().objects.get_or_create(
        username="bench-exports", defaults={"is_staff": True, "is_superuser": True}
    )
    # So the test Client keeps each response's template context, which holds the admin form.
    setup_test_environment()
    client = Client()
    client.force_login(user)
    theme = Theme.objects.annotate(shown=Count("events")).order_by("-shown").first()
    country = Country.objects.annotate(shown=Count("events")).order_by("-shown").first()
    event = Event.objects.order_by("-pk").first()
    targets = {
        "an event": (event, "title", Event.objects.filter(pk=event.pk).count()),
        "a theme": (theme, "name", theme.shown),
        "a country": (country, "name", country.shown),
    }
    results = {}
    reset = set()
    for name, (record, field, marked) in targets.items():
        url = reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
        original = getattr(record, field)
        timings, statuses = [], []
        for number in range(SAVE_ROUNDS + 2):
            # Each save finds the exports it marks fresh, as after the worker has caught up (a save
            # leaves rows already waiting alone): set the previous save's marks back, untimed, and
            # rebuild those exports for real at the end.
            reset.update(EventExport.objects.filter(stale=True).values_list("event_id", flat=True))
            EventExport.objects.filter(stale=True).update(stale=False)
            data = form_data(client.get(url))
            data[field] = f"{original} ({number})" if number % 2 == 0 else original
            started = time.perf_counter()
            response = client.post(url, data)
            elapsed = (time.perf_counter() - started) * 1000
            statuses.append(response.status_code)
            if number >= 2:  # two warm-up saves
                timings.append(elapsed)
        record.refresh_from_db()
        results[name] = {
            "median_ms": statistics.median(timings),
            "p95_ms": p95(timings),
            "marked": marked,
            "status_ok": all(status == 302 for status in statuses),
            "statuses": sorted(set(statuses)),
            "saved": getattr(record, field) in {original, f"{original} ({SAVE_ROUNDS})"},
        }
    # Leave the exports current for the rest of the benchmark.
    from events import exports

    exports.mark_stale(reset)
    exports.rebuild_stale()
    print(json.dumps(results))


def worker_lag():
    setup_django()
    from django.db import transaction

    from events import exports
    from events.models import Event

    exports.rebuild_stale()
    before = exports.backlog()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2"],
        env=os.environ,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # the worker started and idle
        ids = list(Event.objects.order_by("?").values_list("pk", flat=True)[:LAG_EVENTS])
        with transaction.atomic():
            exports.mark_stale(ids)
        started = time.perf_counter()
        while exports.backlog() > before and time.perf_counter() - started < 300:
            time.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    current = exports.backlog() == before
    print(json.dumps({"seconds": seconds, "current": current, "rows_per_s": LAG_EVENTS / seconds}))


if __name__ == "__main__":
    step = sys.argv[1] if len(sys.argv) > 1 else "report"
    if step == "saves":
        worker_saves()
    elif step == "lag":
        worker_lag()
    else:
        report(os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/armac_bench"))
