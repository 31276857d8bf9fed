from django import template
from django.urls import reverse

from events import sharing

register = template.Library()


@register.simple_tag
def share_links(event, url, title):
    fediverse = reverse("events:share_fediverse", kwargs={"pk": event.pk, "slug": event.slug})
    return sharing.share_links(url, title, fediverse=fediverse)
