"""Production settings that must be given: checked where a site starts serving."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import Error, Tags, register
from django.core.exceptions import ImproperlyConfigured
from django.db import connections


def missing_production_settings():
    return [
        f"{name} must be set when DEBUG is off." for name in settings.MISSING_PRODUCTION_SETTINGS
    ]


@register(Tags.security, deploy=True)
def production_settings_given(app_configs, **kwargs):
    return [Error(message, id="commemoration.E001") for message in missing_production_settings()]


@register(Tags.database)
def database_configured(app_configs, databases=None, **kwargs):
    """Run by migrate (and `check --database default`): name the variable, not the engine."""
    for alias in databases or []:
        if connections[alias].settings_dict["ENGINE"] == "django.db.backends.dummy":
            return [Error("DATABASE_URL must be set when DEBUG is off.", id="commemoration.E002")]
    return []


def missing_static_files():
    """With DEBUG off every page names its CSS through collectstatic's manifest: without
    the manifest, every page would be a 500."""
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin) or storage.manifest_storage.exists(
        storage.manifest_name
    ):
        return []
    return [
        f"Static files are not collected in STATIC_ROOT ({settings.STATIC_ROOT}): "
        "run `manage.py collectstatic --noinput` first."
    ]


def require_production_settings():
    """Called by the WSGI and ASGI applications: fail at start, not at the first request."""
    missing = missing_production_settings() or missing_static_files()
    if missing:
        raise ImproperlyConfigured(" ".join(missing))
