"""The Redis cache makes its client once, not once per call as Django's does."""

import redis
from django.core.cache import cache

REDIS = "redis://127.0.0.1:6379/12"


def test_the_redis_cache_makes_one_client_for_all_its_calls(settings, monkeypatch):
    settings.CACHES = {
        "default": {"BACKEND": "commemoration.cache.TolerantRedisCache", "LOCATION": REDIS}
    }
    made = []
    real_init = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        made.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)

    for number in range(10):
        cache.set(f"reuse-{number}", number)
    values = [cache.get(f"reuse-{number}") for number in range(10)]
    cache.delete_many([f"reuse-{number}" for number in range(10)])

    assert values == list(range(10))
    assert len(made) == 1


def test_a_full_redis_that_refuses_writes_is_a_miss_not_an_error(
    settings, monkeypatch, client, organization, commemoration
):
    """With maxmemory reached and no eviction, Redis answers OOM to every write."""
    settings.CACHES = {
        "default": {"BACKEND": "commemoration.cache.TolerantRedisCache", "LOCATION": REDIS}
    }

    def full(self, *args, **kwargs):
        raise redis.exceptions.OutOfMemoryError(
            "command not allowed when used memory > 'maxmemory'."
        )

    monkeypatch.setattr(redis.Redis, "set", full)
    monkeypatch.setattr(redis.Redis, "setex", full, raising=False)

    for address in ["/events/", "/calendar/2024/1/", "/api/v1/events/", "/events.ics"]:
        assert client.get(address).status_code == 200, address
    assert cache.get("anything") is None


def test_many_values_set_at_once_each_expire_and_come_back_as_they_went(settings):
    settings.CACHES = {
        "default": {"BACKEND": "commemoration.cache.TolerantRedisCache", "LOCATION": REDIS}
    }
    values = {f"many-{n}": {"n": n, "octets": b"\x00\xff" * n} for n in range(300)}
    values["many with a space, and a very long name " + "x" * 300] = "kept too"

    cache.set_many(values, timeout=60)

    assert cache.get_many(list(values)) == values
    store = redis.Redis.from_url(REDIS)
    ttls = {store.ttl(cache.make_key(key)) for key in values}
    assert ttls <= set(range(55, 61)), ttls
    cache.set_many({"many-0": "again"}, timeout=0)  # a zero timeout removes, as Django's
    assert cache.get("many-0") is None
    cache.delete_many(list(values))
