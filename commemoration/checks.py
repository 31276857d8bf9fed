"""Production settings that must be given: checked where a site starts serving."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured


def missing_production_settings():
    return [
        f"{name} must be set when DEBUG is off." for name in settings.MISSING_PRODUCTION_SETTINGS
    ]


@register(Tags.security, deploy=True)
def production_settings_given(app_configs, **kwargs):
    return [Error(message, id="commemoration.E001") for message in missing_production_settings()]


def require_production_settings():
    """Called by the WSGI and ASGI applications: fail at start, not at the first request."""
    missing = missing_production_settings()
    if missing:
        raise ImproperlyConfigured(" ".join(missing))
