"""The shared cache: Redis, and the database while Redis is down.

allauth keeps its rate limits (failed logins, login codes, password resets) in the default cache,
and a cache that fails counts as "limit reached": with Redis down nobody could log in (429). This
backend sends each call to Redis; when Redis cannot be reached it uses Django's database cache
for RETRY_AFTER seconds, then tries Redis again. The limits keep counting meanwhile, shared by all
web processes, and the login works.
"""

import logging
import time

import redis
from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django_redis.exceptions import ConnectionInterrupted

logger = logging.getLogger(__name__)

RETRY_AFTER = 10.0
UNREACHABLE = (
    ConnectionInterrupted,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)

# Per process, shared by its threads: when Redis was found down, until when to skip it.
_redis_skipped_until = {"moment": 0.0}


class RedisOrDatabaseCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)
        options = params.get("OPTIONS", {})
        self.primary_alias = options.get("PRIMARY", "redis")
        self.fallback_alias = options.get("FALLBACK", "database")

    @property
    def using_fallback(self) -> bool:
        return time.monotonic() < _redis_skipped_until["moment"]

    def _call(self, method, *args, **kwargs):
        if not self.using_fallback:
            try:
                return getattr(caches[self.primary_alias], method)(*args, **kwargs)
            except UNREACHABLE as error:
                _redis_skipped_until["moment"] = time.monotonic() + RETRY_AFTER
                logger.warning("Redis cannot be reached (%s): the database cache takes over", error)
        return getattr(caches[self.fallback_alias], method)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta, version=version)

    def clear(self):
        caches[self.fallback_alias].clear()
        return self._call("clear")

    def close(self, **kwargs):
        caches[self.primary_alias].close(**kwargs)

    def delete_pattern(self, pattern, version=None):
        """django-redis's extra, for Redis only (tests start clean with it)."""
        if self.using_fallback:
            return 0
        try:
            return caches[self.primary_alias].delete_pattern(pattern, version=version)
        except UNREACHABLE:
            return 0
