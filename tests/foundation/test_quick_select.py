"""The public filters' drop-downs are written in Python, byte for byte as Django's
templates write them."""

import pytest
from django import forms

from commemoration.widgets import QuickSelect

CHOICES = [
    ("", "Any"),
    ("FR", "France"),
    ("CI", 'Côte d\'Ivoire <& "quoted">'),
    ("Europe", [("Europe/Paris", "Paris"), ("Europe/Berlin", "Berlin")]),
    (3, "A number"),
]


@pytest.mark.parametrize("value", [None, "", "FR", "Europe/Berlin", 3, "not offered"])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_country"}, {"id": "id_tz", "data-zone-select": "", "required": True}]
)
def test_a_quick_select_writes_what_djangos_select_writes(value, attrs):
    mine = QuickSelect(choices=CHOICES).render("country", value, attrs)
    django = forms.Select(choices=CHOICES).render("country", value, attrs)

    assert mine == django


def test_the_list_page_offers_the_same_drop_downs(client, db):
    page = client.get("/events/").content.decode()

    assert '<select name="tz" data-zone-select="" id="id_tz">' in page
    assert '<option value="Europe/Paris">' in page
    assert '<option value="" selected>Any country</option>' in page


@pytest.mark.parametrize("value", [[], ["FR"], ["FR", "Europe/Paris", "3"]])
def test_a_quick_multiple_select_writes_what_djangos_writes(value):
    class QuickMultiple(QuickSelect):
        allow_multiple_selected = True

    mine = QuickMultiple(choices=CHOICES).render("country", value, {"id": "id_country"})
    django = forms.SelectMultiple(choices=CHOICES).render("country", value, {"id": "id_country"})

    assert mine == django
