import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commemoration.settings")
application = get_wsgi_application()

from commemoration.checks import require_production_settings  # noqa: E402

require_production_settings()

# The gazetteer of places (0.4 s and ~90 MB to read, ~20 MB kept) is read once here: with
# gunicorn's preload_app every worker shares the master's copy instead of reading its own
# on its first place suggestion or import.
from events.places import gazetteer  # noqa: E402

gazetteer()
