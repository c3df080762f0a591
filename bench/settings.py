"""Settings for `make bench`: the production settings (DEBUG off), with three differences for a local run.

Production's shared cache is Redis (BENCH_REDIS_URL, default db 4 on loopback): without it the cache
would be the database table, and every API request would add six queries for its throttle counts.

- Static files are served by name, so the pages render without running collectstatic first.
- The API throttle is raised far above the load test's rate: the benchmark measures the work of a
  request, and a throttled 429 would measure the throttle instead (it still runs on every request).
- Plain http on loopback: no https redirect.
"""

import os
import warnings

# Production behaviour whatever the shell says (the Makefile exports DEBUG=1 for local runs).
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-by-a-deployment-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("API_THROTTLE_ANON", "10000000/minute")
os.environ.setdefault("API_THROTTLE_USER", "10000000/minute")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/armac_bench")
# The rows of bench/run.py measure the views themselves, uncached; bench/cache.py measures the cache.
os.environ.setdefault("PUBLIC_CACHE", "0")
# The tables are the output: the audit lines of a hundred admin saves (bench/exports.py) would bury them.
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")

from armac_portal.settings import *  # noqa: F403

# Static files come from the app directories here (no collectstatic), which whitenoise mentions once per process.
warnings.filterwarnings("ignore", "No directory at", UserWarning)
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}  # noqa: F405 (the 404 of page 1,000 at 1,000 events)

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
