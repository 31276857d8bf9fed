from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """The current commemoration, for the header of every page; one query, only if used."""
    from commemoration.selectors import current_commemoration

    return {
        "SITE_URL": settings.SITE_URL,
        "current_commemoration": SimpleLazyObject(lambda: current_commemoration(request)),
    }
