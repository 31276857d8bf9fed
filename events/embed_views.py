"""The public calendar on other sites: /embed/ for an <iframe>, /embed/calendar.js for a
script tag.

These pages alone may be framed by any site (frame-ancestors in their CSP, no
X-Frame-Options); every other page keeps refusing it. They carry no form and set no
cookie: nothing here reads or writes the session, asks for a CSRF token or stores the
language (it comes from `lang=`, else the browser's Accept-Language), so a framing site
learns nothing about its visitors from us. Their links leave the frame (target=_blank).
"""

from csp.decorators import csp_replace
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from commemoration.selectors import current_commemoration
from events.calendar_grid import (
    first_events_of_each_day,
    first_of_month,
    last_of_month,
    month_grid,
)
from events.models import Event
from events.public_filters import (
    DATE_PARAMETERS,
    filter_errors_text,
    filters_are_valid,
    public_event_filter,
    query_without,
)
from events.selectors import list_start

EMBED_EVENTS = 30
# Parameters of the embed itself, not filters.
OWN_PARAMETERS = ("view", "month", "lang")
# Any site may frame these pages, over https or http.
FRAMEABLE = csp_replace({"frame-ancestors": ["https:", "http:"]})


def _embeddable(view):
    return require_safe(xframe_options_exempt(FRAMEABLE(view)))


def _language(request):
    """The framing page's language when the snippet names it, else the browser's."""
    code = request.GET.get("lang", "")
    if code in dict(settings.LANGUAGES):
        return code
    return translation.get_language()


def _month(request, commemoration):
    """The month asked for as `month=YYYY-MM`, else the calendar's current one."""
    value = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in value.split("-"))
        first = first_of_month(year, month)
    except ValueError:
        first = None
    if first is None:
        today = timezone.localdate()
        if commemoration is not None and not commemoration.contains(today):
            today = commemoration.anchor_date
        first = today.replace(day=1)
    return first


def _month_query(query, first):
    rest = query.copy()
    rest["view"] = "month"
    rest["month"] = f"{first.year:04d}-{first.month:02d}"
    return rest.urlencode()


@_embeddable
def embed(request):
    with translation.override(_language(request)):
        query = request.GET
        filters = query_without(query, *OWN_PARAMETERS)
        filterset = public_event_filter(query)
        commemoration = current_commemoration(request)
        valid = filters_are_valid(filterset)
        zone = filterset.chosen_zone()
        context = {
            "chosen_zone": zone.key if zone else "",
            "filters_valid": valid,
            "filter_errors": "" if valid else filter_errors_text(filterset),
            "full_list_url": request.build_absolute_uri(reverse("events:list"))
            + (f"?{filters}" if filters else ""),
            "site_root": request.build_absolute_uri("/").rstrip("/"),
            "site_name": commemoration.title if commemoration else "",
        }
        if query.get("view") == "month":
            first = _month(request, commemoration)
            events = Event.objects.none()
            if valid:
                # The first few of each day and each day's count, as on the calendar page:
                # a month may hold thousands.
                shown = ("pk", "slug", "title", "starts_at", "timezone", "local_date")
                events = first_events_of_each_day(
                    filterset.qs.only(*shown, "local_time", "status"),
                    first,
                    last_of_month(first),
                    zone=zone,
                )
            month = month_grid(first, events, formats.get_format("FIRST_DAY_OF_WEEK"))
            # A day's further events are on the site's list of that day, with these filters.
            month.link_days_to_the_list(query, *OWN_PARAMETERS)
            context.update(
                month=month,
                previous_query=_month_query(query, month.previous) if month.has_previous else "",
                next_query=_month_query(query, month.next) if month.has_next else "",
            )
            template = "embed/month.html"
        else:
            events = Event.objects.none()
            if valid:
                events = filterset.qs.with_related().order_by(
                    *(("local_date",) if zone is None else ()), "starts_at", "pk"
                )
                if not any(query.get(name, "").strip() for name in DATE_PARAMETERS):
                    today = timezone.localdate(timezone=zone) if zone else timezone.localdate()
                    start, _archive = list_start(commemoration, today)
                    events = events.on_days(start, zone=zone)
            context["events"] = events[:EMBED_EVENTS]
            template = "embed/list.html"
        return render(request, template, context)


@require_safe
def calendar_script(request):
    """The script-tag alternative: a plain script, no third-party code, that reads the public
    API (open to every origin, see CORS_* in the settings) and writes the list with the DOM."""
    response = render(request, "embed/calendar.js", content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
