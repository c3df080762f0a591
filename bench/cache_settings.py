"""Settings of the cached-page benchmark (bench/cache.py): bench.settings with the public cache on.

Redis (BENCH_REDIS_URL, default db 4 on loopback) as in production, and a URLconf that adds the
bare view the cached page is compared with.
"""

import os

os.environ["PUBLIC_CACHE"] = "1"
os.environ["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")

from bench.settings import *  # noqa: F403

ROOT_URLCONF = "bench.cache_urls"
