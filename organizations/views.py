"""The public directory of organizations: parties apart from the others, by country."""

from django import forms
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.cards import with_cards
from events.models import Event
from events.selectors import EventCount, count_events, public_event_counts
from organizations.models import Organization


class DirectoryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Organization.Kind.choices]
    )


def _by_country(organizations):
    """[(country name, [organizations])], countries in the visitor's alphabetical order."""
    groups = {}
    for organization in organizations:
        groups.setdefault(organization.country.name, []).append(organization)
    return sorted(groups.items())


def organization_list(request):
    form = DirectoryFilterForm(request.GET or None)
    organizations = []
    if not form.is_bound or form.is_valid():
        organizations = Organization.objects.select_related("parent").order_by("name")
        kind = form.cleaned_data.get("kind") if form.is_bound else ""
        if kind:
            organizations = organizations.filter(kind=kind)
        counts = public_event_counts()
        organizations = list(organizations)
        for organization in organizations:
            organization.public_event_count = counts.get(organization.pk, EventCount())
    parties = [o for o in organizations if o.is_party]
    others = [o for o in organizations if not o.is_party]
    return render(
        request,
        "organizations/organization_list.html",
        {
            "form": form,
            "parties_by_country": _by_country(parties),
            "others_by_country": _by_country(others),
            "count": len(organizations),
        },
    )


def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.select_related("parent"), slug=slug)
    events = Event.objects.public().hosted_or_coorganized_by(organization).with_related()
    now = timezone.now()
    return render(
        request,
        "organizations/organization_detail.html",
        {
            "organization": organization,
            "event_count": count_events(events)[0],
            "upcoming": with_cards(request, events.upcoming(now).in_day_order(), show_date=True),
            "past": with_cards(
                request, events.past(now).in_day_order(reverse=True), show_date=True
            ),
            "children": organization.children.order_by("name"),
        },
    )
