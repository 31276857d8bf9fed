from django.shortcuts import render

from commemoration.models import Commemoration
from events.models import Event


def home(request):
    commemoration = Commemoration.objects.current()
    events = Event.objects.public().with_related()
    if commemoration is not None:
        events = events.filter(commemoration=commemoration)
    return render(
        request,
        "commemoration/home.html",
        {"commemoration": commemoration, "upcoming": events.upcoming()[:10]},
    )
