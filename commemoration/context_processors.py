from django.conf import settings
from django.utils.functional import SimpleLazyObject


def site(request):
    """The current commemoration, for the header of every page; one query, only if used."""
    from commemoration.selectors import current_commemoration

    return {
        "SITE_URL": settings.SITE_URL,
        "current_commemoration": SimpleLazyObject(lambda: current_commemoration(request)),
    }


def reader_token(request):
    """In a page kept for every reader (events.caching.public_answer), a placeholder
    where each reader's own CSRF token is put as the page is served."""
    if getattr(request, "keeps_answer", False):
        from events.caching import READER_TOKEN

        return {"csrf_token": READER_TOKEN}
    return {}
