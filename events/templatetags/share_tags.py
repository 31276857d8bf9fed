from django import template

from events import sharing

register = template.Library()


@register.simple_tag
def share_links(url, title):
    return sharing.share_links(url, title)
