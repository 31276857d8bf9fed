import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commemoration.settings")
application = get_asgi_application()

from commemoration.checks import require_production_settings  # noqa: E402

require_production_settings()
