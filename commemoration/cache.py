"""Django's Redis cache, for which Redis being down or hanging is a miss, not an error.

What the site keeps in the cache can be done without: a rendered feed is rendered again,
and API throttling lets requests through while Redis is away. So a failed call answers as
a miss would, and for RETRY_AFTER seconds this process does not try Redis at all: a Redis
that hangs costs one timeout (settings.CACHES' socket timeouts), not one per call.
"""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, ResponseError, TimeoutError

logger = logging.getLogger(__name__)

RETRY_AFTER = 5

# Until when (time.monotonic()) each Redis location is left alone, for the whole process:
# Django makes one cache object per thread.
_down_until = {}


class ReusingRedisCacheClient(RedisCacheClient):
    """One redis.Redis per connection pool, made once: Django's makes a new one for every
    call, copying its table of some 170 response callbacks each time, which costs more than
    the round trip itself to a Redis nearby (a page asks the cache five to ten times). A
    redis.Redis is safe to share between threads; its pool hands out the connections."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    # Each key set with its own expiry, in one command: Django's set_many sends an MSET
    # then one EXPIRE a key, which for the 2,000 parts of a feed's chunk
    # (events.caching.kept_fragments) costs twice the time of the script.
    SET_EACH = (
        "for i, key in ipairs(KEYS) do redis.call('SET', key, ARGV[i], 'EX', ARGV[#ARGV]) end"
    )

    def set_many(self, data, timeout):
        if timeout is None or timeout <= 0 or not data:
            # No expiry, or one that removes the keys at once: Django's way.
            return super().set_many(data, timeout)
        client = self.get_client(None, write=True)
        values = [self._serializer.dumps(value) for value in data.values()]
        # register_script() sends the script's digest (EVALSHA), and the script itself only
        # the first time a Redis has not seen it.
        client.register_script(self.SET_EACH)(keys=list(data), args=[*values, int(timeout)])


class TolerantRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def validate_key(self, key):
        # Django checks every key, character by character, against memcached's rules
        # (250 characters, no spaces): Redis takes any key, and the check costs 2 µs a
        # key, more than a feed spends on an event's kept part.
        pass

    def _try(self, fallback, operation, *args, **kwargs):
        location = self._servers[0]
        if time.monotonic() < _down_until.get(location, 0):
            return fallback
        try:
            return operation(*args, **kwargs)
        except (ConnectionError, TimeoutError) as error:
            _down_until[location] = time.monotonic() + RETRY_AFTER
            logger.warning("Cache unreachable (%r): going without it for %d s", error, RETRY_AFTER)
            return fallback
        except ResponseError as error:
            # Redis refused this one command (full, with maxmemory and no eviction; a
            # replica read only): the next may do, so it is not left alone.
            logger.warning("Cache refused %s (%r)", operation.__name__, error)
            return fallback

    def add(self, key, *args, **kwargs):
        return self._try(False, super().add, key, *args, **kwargs)

    def get(self, key, default=None, version=None):
        return self._try(default, super().get, key, default, version)

    def set(self, key, *args, **kwargs):
        return self._try(None, super().set, key, *args, **kwargs)

    def touch(self, key, *args, **kwargs):
        return self._try(False, super().touch, key, *args, **kwargs)

    def delete(self, key, *args, **kwargs):
        return self._try(False, super().delete, key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        return self._try({}, super().get_many, keys, *args, **kwargs)

    def has_key(self, key, *args, **kwargs):
        return self._try(False, super().has_key, key, *args, **kwargs)

    def incr(self, key, delta=1, version=None):
        return self._try(delta, super().incr, key, delta, version)

    def set_many(self, data, *args, **kwargs):
        # The keys that could not be set, as Django's API asks.
        return self._try(list(data), super().set_many, data, *args, **kwargs)

    def delete_many(self, keys, *args, **kwargs):
        return self._try(None, super().delete_many, keys, *args, **kwargs)

    def clear(self):
        return self._try(False, super().clear)
