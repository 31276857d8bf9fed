import datetime

import pytest
from django.core.cache import cache


@pytest.fixture
def lockout(settings):
    """The login lockout as in production (the suite turns it off in tests/settings.py)."""
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)


@pytest.fixture
def rates(settings):
    """Set low rates for some limits: rates(join="2/hour", anon="3/min")."""
    cache.clear()
    api_scopes = {"anon", "user"}

    def set_rates(**given):
        settings.THROTTLE_RATES = {
            **settings.THROTTLE_RATES,
            **{scope: rate for scope, rate in given.items() if scope not in api_scopes},
        }
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {
                **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
                **{scope: rate for scope, rate in given.items() if scope in api_scopes},
            },
        }

    yield set_rates
    cache.clear()
