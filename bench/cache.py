"""A warm anonymous page served from the cache, against a bare Django view, both under wrk.

Run on its own as `python bench/cache.py` (a database with the source records is made if needed:
BENCH_CACHE_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/armac_cache_bench);
`bench/run.py` calls `measure(database_url)` for its table. gunicorn with two workers serves the
portal with the public cache on (Redis, bench/cache_settings.py); wrk then drives, in the same run,
the bare view that returns a constant (bench/cache_urls.py) and each warm page, for a fixed time
at 16 connections. Targets: the page at >= 60 % of the bare view's rate, with p95 <= 20 ms.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/armac_cache_bench"
SETTINGS = "bench.cache_settings"
WORKERS, CONNECTIONS, THREADS, SECONDS = 2, 16, 2, 10
BARE = "/bench/constant"
# HTML pages only: a cached API answer still runs DRF's throttle, whose per-address history (a list
# of timestamps in the cache) grows with the benchmark's raised rate and would be measured instead.
PAGES = [("Event list page", "/events/"), ("Home page", "/")]
RATE_TARGET, P95_TARGET_MS = 0.60, 20.0

WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "errors": %d, "non_2xx": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
        return response.status, dict(response.headers), response.read()


def _wrk(base, path, script):
    result = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk"),
            f"-t{THREADS}",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--timeout",
            "5s",
            "-s",
            script,
            base + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = [line for line in result.stdout.splitlines() if line.startswith("BENCH ")][-1]
    figures = json.loads(line[len("BENCH ") :])
    figures["rate"] = figures["requests"] / figures["seconds"]
    return figures


def measure(database_url):
    """Rows of figures: the bare view, then each warm page with its share of the bare view's rate."""
    if not shutil.which("wrk"):
        return {"error": "wrk is not installed (apt-get install wrk)"}
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": SETTINGS, "LOG_LEVEL": "WARNING"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "armac_portal.wsgi:application"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(base + BARE)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    return {"error": "gunicorn did not start"}
                time.sleep(0.3)
        # Warm both workers: their connections, and each page into the cache.
        for _ in range(20):
            for _, path in PAGES:
                _get(base + path)
        status, headers, _ = _get(base + PAGES[0][1])
        cached = "public" in headers.get("Cache-Control", "") and "ETag" in headers
        rows = [{"name": "Bare Django view (a constant)", "path": BARE, **_wrk(base, BARE, script.name)}]
        for name, path in PAGES:
            rows.append({"name": f"{name}, warm from the cache", "path": path, **_wrk(base, path, script.name)})
        bare_rate = rows[0]["rate"]
        for row in rows[1:]:
            row["share"] = row["rate"] / bare_rate
            row["ok"] = row["share"] >= RATE_TARGET and row["p95_ms"] <= P95_TARGET_MS and not row["non_2xx"]
        return {"rows": rows, "cached": cached and status == 200}
    finally:
        os.unlink(script.name)
        server.terminate()
        server.wait(timeout=10)


def table(result):
    if "error" in result:
        return f"Cached pages: {result['error']}"
    lines = [
        f"Cached anonymous pages — gunicorn x{WORKERS}, wrk {CONNECTIONS} connections, {SECONDS} s each, "
        f"target >= {RATE_TARGET:.0%} of the bare view's rate and p95 <= {P95_TARGET_MS:.0f} ms",
        "| request | req/s | share of bare | p50 ms | p95 ms | errors | verdict |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in result["rows"]:
        share = f"{row['share']:.0%}" if "share" in row else "100%"
        verdict = "" if "ok" not in row else ("ok" if row["ok"] else "MISSED")
        errors = row["errors"] + row["non_2xx"]
        lines.append(
            f"| {row['name']} | {row['rate']:,.0f} | {share} | {row['p50_ms']:.2f} | {row['p95_ms']:.2f} | "
            f"{errors} | {verdict} |"
        )
    if not result["cached"]:
        lines.append("(the page did not answer as a public cached response: check the settings)")
    return "\n".join(lines)


def _prepare(url):
    """The database with the portal's source records (migrate and the loader are idempotent)."""
    from bench.databases import ensure_database

    ensure_database(url)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS}
    for command in (["migrate", "--noinput", "-v0"], ["load_portal_data"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


if __name__ == "__main__":
    url = os.environ.get("BENCH_CACHE_DATABASE_URL") or DEFAULT_URL
    _prepare(url)
    print(table(measure(url)))
