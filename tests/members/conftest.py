"""What the member tests share: the event form as a person fills it in."""

import pytest


@pytest.fixture
def event_form_data(organization, commemoration):
    """The POST data of a complete event form; pass overrides for the case at hand."""

    def build(**overrides):
        data = {
            "organization": organization.pk,
            "commemoration": commemoration.pk,
            "title": "Lenin and the national question",
            "kind": "lecture",
            "summary": "A lecture and a discussion.",
            "description": "Two speakers, then questions.",
            "languages": ["fr", "en"],
            "starts_on": "2024-01-21",
            "starts_time": "18:30",
            "ends_on": "",
            "ends_time": "20:00",
            "timezone": "Europe/Paris",
            "attendance": "in_person",
            "venue": "Bourse du travail",
            "address": "3 rue du Château-d'Eau",
            "city": "Paris",
            "country": "FR",
            "latitude": "",
            "longitude": "",
            "online_url": "",
            "contact": "",
            "action": "draft",
        }
        data.update(overrides)
        return data

    return build
