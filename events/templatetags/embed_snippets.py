"""The "put this calendar on your site" box: ready snippets for the current filters."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext

register = template.Library()


@register.simple_tag(takes_context=True)
def embed_snippets(context, query=""):
    """{"iframe": …, "month": …, "script": …}: HTML to copy, as text (the template escapes it).

    `query` is the list's query string (no page number); the snippets add the page's
    language so that the embed speaks it whatever the framing visitor's browser says."""
    request = context["request"]
    language = get_language() or "en"
    parameters = f"{query}&lang={language}" if query else f"lang={language}"
    embed = request.build_absolute_uri(reverse("events:embed"))
    title = gettext("Commemoration events")
    iframe = format_html(
        '<iframe src="{}?{}" title="{}" width="100%" height="500" loading="lazy"></iframe>',
        embed,
        parameters,
        title,
    )
    month = format_html(
        '<iframe src="{}?{}" title="{}" width="100%" height="600" loading="lazy"></iframe>',
        embed,
        f"{parameters}&view=month",
        title,
    )
    script = format_html(
        '<div id="commemoration-calendar"></div>\n'
        '<script src="{}" data-target="commemoration-calendar" data-query="{}" '
        'data-more="{}" async></script>',
        request.build_absolute_uri(reverse("events:embed_script")),
        query,
        gettext("All events"),
    )
    # Plain strings, not safe ones: the page shows the code, escaped, and never runs it.
    return {
        name: "".join([code])
        for name, code in (("iframe", iframe), ("month", month), ("script", script))
    }


@register.simple_tag
def organization_query(organization):
    return urlencode({"organization": organization.slug})
