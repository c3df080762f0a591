"""A Redis cache that a stopped Redis cannot take the portal down with.

The public pages and the API only ever *use* the cache (armac_portal.caching): when Redis is
unreachable, a read is a miss and a write is skipped, so every request is answered uncached.
Throttle counts are then not kept either (the throttle lets requests through) until Redis is back.
Each failure logs one warning, and for a few seconds after one the backend does not try Redis at
all, so a Redis that hangs rather than refuses costs one short timeout, not one per request.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Redis is a local service: an answer takes well under a millisecond. A quarter of a second without
# one means it is gone, and a visitor should not wait longer than that for a page to be built anyway.
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}
# After a failure, skip Redis for this many seconds (per process) before trying again.
RETRY_AFTER_SECONDS = 5.0


class TolerantRedisCache(RedisCache):
    """Django's RedisCache, with connection errors treated as misses (reads) and no-ops (writes)."""

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self.down_until = 0.0

    def _attempt(self, operation, fallback, *args, **kwargs):
        if time.monotonic() < self.down_until:
            return fallback
        try:
            return operation(*args, **kwargs)
        except UNREACHABLE as error:
            self.down_until = time.monotonic() + RETRY_AFTER_SECONDS
            logger.warning("Redis cache unreachable, serving uncached for %ss: %s", RETRY_AFTER_SECONDS, error)
            return fallback

    def is_reachable(self):
        """For /healthz: does Redis answer now (ignoring the pause after a failure)?"""
        try:
            super().get("armac:healthz")
        except UNREACHABLE:
            return False
        self.down_until = 0.0
        return True

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._attempt(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._attempt(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._attempt(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._attempt(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        # Django raises ValueError for a missing key; an unreachable Redis looks the same to the caller.
        result = self._attempt(super().incr, None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._attempt(super().delete_many, None, keys, version)

    def clear(self):
        return self._attempt(super().clear, False)
