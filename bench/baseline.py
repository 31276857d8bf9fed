"""The floor under the API's event list and event: the same bytes, served bare.

A plain WSGI callable (no Django in the request path), psycopg 3 and orjson: one SQL query
per answer, plus the page's count for a list, and the JSON the API writes for an anonymous
caller, byte for byte (tests/bench/test_baseline_matches_the_api.py holds it to that).
What costs more than this in the API is the price of the framework, not of the data.

    gunicorn --workers 2 --chdir bench baseline:app        # reads DATABASE_URL

It answers only what bench/compare.py asks: /api/v1/events/ with starts_after and
starts_before (local dates), country, page and page_size, and /api/v1/events/<id>/, in the
site's default language (no `lang=` nor Accept-Language), on PostgreSQL. It is a yardstick,
not a second implementation: the API's rules live in events/ (public(), the filter set,
the serializers), and this copies just enough of them for the yardstick to be fair.

For the pages it answers bare HTML of the same events, read as the site reads them (not
the same bytes: the site's pages carry far more): /events/ with the same filters (a page
of 50 and the count), /calendar/<year>/<month>/ (the first three events of each day and
each day's count, in one query) and an event's page (/events/<id>-<slug>/, one query).
"""

import datetime
import html
import math
import os
import re
import zoneinfo
from functools import cache
from urllib.parse import parse_qs, quote, urlencode

import orjson
import psycopg

PUBLIC_STATUSES = ("approved", "cancelled")
LANGUAGE = "en"  # settings.LANGUAGE_CODE: an anonymous caller who asks for none
DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 20, 200
MEDIA_URL = "/media/"
LS, PS = "\u2028".encode(), "\u2029".encode()

# One row per event: its host, commemoration, series and approved report joined, its
# accepted co-organizers (by name, as CoOrganizerQuerySet.accepted()), live translations
# (by language) and report photos (by pk) folded into JSON arrays by subqueries.
SELECT = """
SELECT e.id, e.slug, e.title, e.summary, e.description, e.languages, e.kind, e.status,
    e.cancellation_reason, e.starts_at, e.ends_at, e.timezone, e.local_date, e.venue,
    e.address, e.city, e.country, e.latitude, e.longitude, e.online_url, e.contact,
    e.poster, e.series_id, s.rule, e.updated_at,
    o.slug, o.name, o.kind, o.country, c.slug,
    (SELECT json_agg(json_build_array(co_o.slug, co_o.name, co_o.kind, co_o.country)
            ORDER BY co_o.name, co_o.id)
        FROM events_coorganizer co
        JOIN organizations_organization co_o ON co_o.id = co.organization_id
        WHERE co.event_id = e.id AND co.status = 'accepted'),
    (SELECT json_agg(json_build_array(t.language, t.title, t.summary, t.description,
            t.reviewed AND NOT t.needs_review) ORDER BY t.language)
        FROM events_eventtranslation t WHERE t.event_id = e.id AND t.status = 'live'),
    r.id, r.participants, r.account, r.approved_at,
    (SELECT json_agg(p.image ORDER BY p.id) FROM events_reportphoto p
        WHERE p.report_id = r.id)
FROM events_event e
JOIN organizations_organization o ON o.id = e.organization_id
JOIN commemoration_commemoration c ON c.id = e.commemoration_id
LEFT JOIN events_series s ON s.id = e.series_id
LEFT JOIN events_eventreport r ON r.event_id = e.id AND r.status = 'approved'
WHERE e.status = ANY(%(statuses)s) {where}
"""
LIST = SELECT + "ORDER BY e.local_date, e.local_time, e.id LIMIT %(limit)s OFFSET %(offset)s"
COUNT = "SELECT count(*) FROM events_event e WHERE e.status = ANY(%(statuses)s) {where}"
DETAIL_PATH = re.compile(r"^/api/v1/events/([0-9]+)/$")
PAGE_PATH = re.compile(r"^/events/([0-9]+)-[-a-zA-Z0-9_]+/$")
CALENDAR_PATH = re.compile(r"^/calendar/([0-9]{4})/([0-9]{1,2})/$")
EVENTS_PER_PAGE, SHOWN_PER_DAY = 50, 3
# As events.calendar_grid.first_events_of_each_day: ranked within each day, one query.
CALENDAR = """
SELECT local_date, id, slug, title, local_time, status, total FROM (
    SELECT e.local_date, e.id, e.slug, e.title, e.local_time, e.status,
        row_number() OVER (PARTITION BY e.local_date ORDER BY e.local_time, e.id) AS rank,
        count(*) OVER (PARTITION BY e.local_date) AS total
    FROM events_event e
    WHERE e.status = ANY(%(statuses)s) AND e.local_date BETWEEN %(first)s AND %(last)s
) AS ranked WHERE rank <= %(shown)s ORDER BY local_date, local_time, id
"""
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


class BadRequest(Exception):
    def __init__(self, status, body):
        self.status, self.body = status, body


def utc_text(moment):
    # DRF's DateTimeField: in the current zone (UTC), "+00:00" written "Z".
    text = moment.astimezone(datetime.UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


@cache
def zone(name):
    return zoneinfo.ZoneInfo(name)


def local_text(moment, name):
    # events.serializers.LocalDateTimeField: in the event's zone, whole-minute offsets.
    try:
        local = moment.astimezone(zone(name))
    except OverflowError:
        local = moment.astimezone(datetime.UTC)
    if local.utcoffset() % datetime.timedelta(minutes=1):
        local = local.astimezone(datetime.UTC)
    return local.isoformat()


def media_url(root, name):
    # FileSystemStorage.url(): MEDIA_URL + filepath_to_uri(name), made absolute.
    return root + MEDIA_URL + quote(name, safe="/~!*()'")


def organization(root, slug, name, kind, country):
    return {
        "slug": slug,
        "name": name,
        "kind": kind,
        "country": country,
        "url": f"{root}/organizations/{slug}/",
    }


def coordinate(value):
    if value is None:
        return None
    number = float(value)
    if number and abs(number) < 1e-4:
        # DRF writes Python's float repr (1e-05), orjson plain digits (0.00001).
        return orjson.Fragment(repr(number).encode())
    return number


def shape(row, root):
    (pk, slug, title, summary, description, languages, kind, status, cancellation_reason,
     starts_at, ends_at, tz, local_date, venue, address, city, country, latitude, longitude,
     online_url, contact, poster, series_id, rule, updated_at, org_slug, org_name, org_kind,
     org_country, commemoration, co_organizers, translations, report_id, participants,
     account, approved_at, photos) = row  # fmt: skip
    original = languages[0] if languages else LANGUAGE
    language, shown = original, (title, summary, description)
    if original != LANGUAGE:
        for code, t_title, t_summary, t_description, _reviewed in translations or ():
            if code == LANGUAGE:
                language, shown = LANGUAGE, (t_title, t_summary, t_description)
                break
    return {
        "id": pk,
        "url": f"{root}/events/{pk}-{slug}/",
        "title": shown[0],
        "summary": shown[1],
        "description": shown[2],
        "language": language,
        "original_language": original,
        "translations": {
            code: {"title": t, "summary": s, "description": d, "reviewed": reviewed}
            for code, t, s, d, reviewed in translations or ()
        },
        "kind": kind,
        "status": status,
        "cancellation_reason": cancellation_reason,
        "starts_at": local_text(starts_at, tz),
        "ends_at": local_text(ends_at, tz),
        "timezone": tz,
        "local_date": local_date.isoformat(),
        "venue": venue,
        "address": address,
        "city": city,
        "country": country,
        "latitude": coordinate(latitude),
        "longitude": coordinate(longitude),
        "online_url": online_url,
        "languages": languages,
        "contact": contact,
        "organization": organization(root, org_slug, org_name, org_kind, org_country),
        "co_organizers": [organization(root, *named) for named in co_organizers or ()],
        "commemoration": commemoration,
        "poster": media_url(root, poster) if poster else None,
        "series": series_id,
        "recurrence": rule,
        "report": None
        if report_id is None
        else {
            "participants": participants,
            "account": account,
            "photos": [media_url(root, photo) for photo in photos or ()],
            "approved_at": None if approved_at is None else utc_text(approved_at),
        },
        "updated_at": utc_text(updated_at),
        "distance_km": None,
    }


def page_link(root, path, query, page):
    # rest_framework.utils.urls.replace_query_param / remove_query_param.
    params = parse_qs(query, keep_blank_values=True)
    if page == 1:
        params.pop("page", None)
    else:
        params["page"] = [str(page)]
    text = urlencode(sorted(params.items()), doseq=True)
    return f"{root}{path}?{text}" if text else f"{root}{path}"


def invalid(name, message):
    return BadRequest(400, {name: [message]})


def list_filters(params):
    where, values = [], {}
    for name, bound in (("starts_after", ">="), ("starts_before", "<=")):
        raw = params.get(name, [""])[-1].strip()
        if raw:
            if not DATE.match(raw):
                raise invalid(name, "Only local dates (YYYY-MM-DD) in this baseline.")
            where.append(f"AND e.local_date {bound} %({name})s")
            values[name] = datetime.date.fromisoformat(raw)
    codes = [c.strip().upper() for v in params.get("country", []) for c in v.split(",")]
    codes = [code for code in codes if code]
    if codes:
        where.append("AND e.country = ANY(%(countries)s)")
        values["countries"] = codes
    return " ".join(where), values


def whole_number(params, name, default, low, high):
    raw = params.get(name, [""])[-1].strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        raise invalid(name, "Enter a whole number in range.")
    return int(raw)


def event_list(db, root, path, query):
    params = parse_qs(query, keep_blank_values=True)
    where, values = list_filters(params)
    values["statuses"] = list(PUBLIC_STATUSES)
    size = whole_number(params, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE)
    page = whole_number(params, "page", 1, 1, 10**9)
    count = db.execute(COUNT.format(where=where), values).fetchone()[0]
    pages = max(1, math.ceil(count / size))
    if page > pages:
        raise BadRequest(404, {"detail": "Invalid page."})
    rows = db.execute(
        LIST.format(where=where), {**values, "limit": size, "offset": (page - 1) * size}
    )
    return {
        "count": count,
        "next": page_link(root, path, query, page + 1) if page < pages else None,
        "previous": page_link(root, path, query, page - 1) if page > 1 else None,
        "results": [shape(row, root) for row in rows],
    }


def event_detail(db, root, pk):
    row = db.execute(
        SELECT.format(where="AND e.id = %(pk)s"),
        {"statuses": list(PUBLIC_STATUSES), "pk": pk},
    ).fetchone()
    if row is None:
        raise BadRequest(404, {"detail": "No Event matches the given query."})
    return {**shape(row, root), "allowed_moves": [], "coordinates_source": None}


def bare_page(title, body):
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{html.escape(title)}</title>"
        f"</head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )


def list_page(db, root, path, query):
    params = parse_qs(query, keep_blank_values=True)
    answer = event_list(db, root, path, f"{query}&page_size={EVENTS_PER_PAGE}")
    items = "".join(
        f'<li><a href="{html.escape(e["url"])}">{html.escape(e["title"])}</a> '
        f"{e['starts_at']} {html.escape(e['city'])}, {html.escape(e['organization']['name'])}"
        "</li>"
        for e in answer["results"]
    )
    page = params.get("page", ["1"])[-1]
    return bare_page("Events", f"<p>{answer['count']} events, page {page}</p><ol>{items}</ol>")


def calendar_page(db, root, year, month):
    first = datetime.date(year, month, 1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    rows = db.execute(
        CALENDAR,
        {"statuses": list(PUBLIC_STATUSES), "first": first, "last": last, "shown": SHOWN_PER_DAY},
    )
    days = {}
    for day, pk, slug, title, at, status, total in rows:
        days.setdefault(day, [total, []])[1].append(
            f'<li><a href="{root}/events/{pk}-{slug}/">{at:%H:%M} {html.escape(title)}</a>'
            f"{' (cancelled)' if status == 'cancelled' else ''}</li>"
        )
    cells = "".join(
        f"<tr><th>{day:%d}</th><td><ul>{''.join(shown)}</ul>"
        f"{f'<p>{total - SHOWN_PER_DAY} more</p>' if total > SHOWN_PER_DAY else ''}</td></tr>"
        for day, (total, shown) in sorted(days.items())
    )
    return bare_page(f"{first:%B %Y}", f"<table>{cells}</table>")


def event_page(db, root, pk):
    event = event_detail(db, root, pk)
    who = ", ".join(o["name"] for o in [event["organization"], *event["co_organizers"]])
    return bare_page(
        event["title"],
        f"<p>{event['starts_at']} – {event['ends_at']} ({event['timezone']})</p>"
        f"<p>{html.escape(event['venue'])}, {html.escape(event['city'])}</p>"
        f"<p>{html.escape(event['summary'])}</p><div>{html.escape(event['description'])}</div>"
        f"<p>{html.escape(who)}</p>",
    )


def make_app(connect=None):
    """The WSGI callable; `connect` is psycopg.connect's keyword arguments (default: the
    conninfo in DATABASE_URL). One connection per process, opened on the first request."""
    connect = connect or {"conninfo": os.environ["DATABASE_URL"]}
    state = {}

    def database():
        db = state.get("db")
        if db is None or db.closed:
            # Autocommit: each answer reads what is committed now, as the API's does.
            db = psycopg.connect(**connect, autocommit=True, options="-c TimeZone=UTC")
            state["db"] = db
        return db

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        host = environ.get("HTTP_HOST") or environ["SERVER_NAME"]
        root = f"{environ['wsgi.url_scheme']}://{host}"
        status, body = 200, None
        try:
            if environ["REQUEST_METHOD"] not in {"GET", "HEAD"}:
                raise BadRequest(405, {"detail": "Method not allowed."})
            if path == "/api/v1/events/":
                body = event_list(database(), root, path, query)
            elif match := DETAIL_PATH.match(path):
                body = event_detail(database(), root, int(match[1]))
            elif path == "/events/":
                body = list_page(database(), root, path, query)
            elif match := CALENDAR_PATH.match(path):
                body = calendar_page(database(), root, int(match[1]), int(match[2]))
            elif match := PAGE_PATH.match(path):
                body = event_page(database(), root, int(match[1]))
            else:
                raise BadRequest(404, {"detail": "Not found."})
        except BadRequest as error:
            status, body = error.status, error.body
        if isinstance(body, str):
            data, kind = body.encode(), "text/html; charset=utf-8"
        else:
            # As DRF's JSONRenderer: the line and paragraph separators escaped, for JavaScript.
            data = orjson.dumps(body).replace(LS, rb"\u2028").replace(PS, rb"\u2029")
            kind = "application/json"
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
        start_response(
            f"{status} {reason[status]}",
            [("Content-Type", kind), ("Content-Length", str(len(data)))],
        )
        return [data]

    def close():
        if state.get("db") is not None:
            state.pop("db").close()

    app.close = close  # for a caller that ends before the process does (the test)
    return app


def __getattr__(name):
    # `baseline:app` for gunicorn, built on first use so that importing this module (the
    # test does) needs no DATABASE_URL.
    if name == "app":
        globals()["app"] = make_app()
        return globals()["app"]
    raise AttributeError(name)
