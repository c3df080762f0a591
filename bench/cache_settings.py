"""Settings of the cached-page benchmark (bench/cache.py): bench.settings with the public cache on.

Redis as in production (bench/settings.py), and a URLconf that adds the bare view the cached page is
compared with.
"""

import os

os.environ["PUBLIC_CACHE"] = "1"

from bench.settings import *  # noqa: F403

ROOT_URLCONF = "bench.cache_urls"
