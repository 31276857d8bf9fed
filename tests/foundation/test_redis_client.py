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
