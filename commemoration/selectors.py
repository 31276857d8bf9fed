from commemoration.models import Commemoration


def current_commemoration(request):
    """The current commemoration, fetched once per request: the view and the page header
    (commemoration.context_processors.site) both need it."""
    if not hasattr(request, "_current_commemoration"):
        request._current_commemoration = Commemoration.objects.current()
    return request._current_commemoration
