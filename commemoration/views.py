import mimetypes
import posixpath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from commemoration.media import is_plain_name
from commemoration.models import Commemoration
from commemoration.selectors import current_commemoration
from events.cards import card_rows, with_cards
from events.filters import EventFilter
from events.models import Event
from events.selectors import key_figures

UPCOMING_SHOWN = 6
ANCHOR_DAY_SHOWN = 12
OPENING_PARAGRAPHS = 2
# Shown in the browser only as one of these (what a poster may be); anything else a
# storage holds is offered as a download, so that no stored file can run as a page here.
INLINE_MEDIA_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
# Long, but not "immutable": a deleted file's name may be given to a later upload.
MEDIA_MAX_AGE = 60 * 60 * 24 * 30


def home(request):
    """The current commemoration: its appeal, key figures, what comes next, its anchor day;
    its texts in the visitor's language where the committee translated them."""
    commemoration = current_commemoration(request)
    # tz= as on the list: the anchor day and the times in the zone a visitor chose. The
    # page has no filter form to show an error beside, so a zone it cannot read is left out.
    zone = EventFilter(
        {"tz": request.GET.get("tz", "")}, queryset=Event.objects.none()
    ).chosen_zone()
    context = {"commemoration": commemoration, "chosen_zone": zone.key if zone else ""}
    if commemoration is not None:
        events = Event.objects.public().filter(commemoration=commemoration).with_related()

        def cards(chosen, shown):
            rows = card_rows(chosen)[:shown]
            zone = context["chosen_zone"]
            return with_cards(request, chosen, rows, show_date=True, chosen_zone=zone)

        shown = commemoration.shown()
        paragraphs = shown.appeal_paragraphs
        context.update(
            shown=shown,
            opening=paragraphs[:OPENING_PARAGRAPHS],
            rest_of_appeal=paragraphs[OPENING_PARAGRAPHS:],
            figures=key_figures(commemoration),
            anchor_day=cards(
                events.on_days(
                    commemoration.anchor_date, commemoration.anchor_date, zone=zone
                ).in_day_order(zone=zone),
                ANCHOR_DAY_SHOWN,
            ),
        )
        today = timezone.localdate()
        if today > commemoration.ends_on:
            # Over: what took place, and the next commemoration if one is announced.
            context["is_over"] = True
            context["upcoming"] = []  # nothing comes next
            context["next_commemoration"] = (
                Commemoration.objects.filter(starts_on__gt=commemoration.ends_on)
                .order_by("starts_on", "pk")
                .first()
            )
        else:  # what comes next, shown until the commemoration is over
            upcoming = events.upcoming().in_day_order(zone=zone)
            context["upcoming"] = cards(upcoming, UPCOMING_SHOWN)
        if today < commemoration.starts_on:
            context["days_to_anchor"] = (commemoration.anchor_date - today).days
    return render(request, "commemoration/home.html", context)


@require_safe
def media(request, name):
    """An uploaded file, read through the storage API: served with DEBUG off as well, from
    whatever storage the site uses, so that a poster's URL (and og:image) always works."""
    if not is_plain_name(name):
        raise Http404
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError, SuspiciousFileOperation):
        raise Http404 from None
    content_type, _encoding = mimetypes.guess_type(name)
    inline = content_type in INLINE_MEDIA_TYPES
    response = FileResponse(
        file,
        content_type=content_type if inline else "application/octet-stream",
        as_attachment=not inline,
        filename=posixpath.basename(name),
    )
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}"
    return response
