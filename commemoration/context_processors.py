from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """The current commemoration, for the header of every page; one query, only if used."""
    from commemoration.models import Commemoration

    return {
        "SITE_URL": settings.SITE_URL,
        "current_commemoration": SimpleLazyObject(Commemoration.objects.current),
    }
