from django.shortcuts import render

from commemoration.selectors import current_commemoration
from events.models import Event
from events.selectors import key_figures

UPCOMING_SHOWN = 6
ANCHOR_DAY_SHOWN = 12
OPENING_PARAGRAPHS = 2


def home(request):
    """The current commemoration: its appeal, key figures, what comes next, its anchor day."""
    commemoration = current_commemoration(request)
    context = {"commemoration": commemoration}
    if commemoration is not None:
        events = Event.objects.public().filter(commemoration=commemoration).with_related()
        paragraphs = commemoration.appeal_paragraphs
        context.update(
            opening=paragraphs[:OPENING_PARAGRAPHS],
            rest_of_appeal=paragraphs[OPENING_PARAGRAPHS:],
            figures=key_figures(commemoration),
            upcoming=events.upcoming().order_by("starts_at", "pk")[:UPCOMING_SHOWN],
            anchor_day=events.on_local_date(commemoration.anchor_date).order_by("starts_at", "pk")[
                :ANCHOR_DAY_SHOWN
            ],
        )
    return render(request, "commemoration/home.html", context)
