from events.models import Event
from tests.factories import EventFactory, OrganizationFactory

S = Event.Status


def test_organizations_list_their_public_face_only(anon, organization):
    youth = OrganizationFactory(
        name="Young Workers",
        short_name="YW",
        slug="young-workers",
        kind="youth",
        country="FR",
        city="Lyon",
        website="https://yw.example.org",
        description="The youth wing.",
        parent=organization,
        is_trusted=True,
    )

    response = anon.get("/api/v1/organizations/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["results"][1] == {
        "slug": "young-workers",
        "name": "Young Workers",
        "short_name": "YW",
        "kind": "youth",
        "country": "FR",
        "city": "Lyon",
        "website": "https://yw.example.org",
        "description": "The youth wing.",
        "parent": "workers-party",
        "url": "http://testserver/organizations/young-workers/",
    }
    assert youth.contact_email not in response.content.decode()
    assert "is_trusted" not in response.content.decode()


def test_organization_detail_by_slug(anon, organization):
    response = anon.get("/api/v1/organizations/workers-party/")

    assert response.status_code == 200
    assert response.json()["name"] == "Workers' Party"


def test_organizations_filter_by_country_and_kind(anon, organization, other_organization):
    OrganizationFactory(slug="union-fr", kind="union", country="FR")

    by_country = anon.get("/api/v1/organizations/", {"country": "DE"}).json()["results"]
    by_kind = anon.get("/api/v1/organizations/", {"kind": "union"}).json()["results"]
    bad = anon.get("/api/v1/organizations/", {"kind": "club"})

    assert [o["slug"] for o in by_country] == ["other-party"]
    assert [o["slug"] for o in by_kind] == ["union-fr"]
    assert bad.status_code == 400
    assert list(bad.json()) == ["kind"]


def test_organizations_filter_by_several_countries_as_the_event_list_does(
    anon, organization, other_organization
):
    OrganizationFactory(slug="union-fr", kind="union", country="FR")
    OrganizationFactory(slug="party-ec", kind="party", country="EC")

    several = anon.get("/api/v1/organizations/", {"country": "de,fr"})
    kinds = anon.get("/api/v1/organizations/", {"kind": "union,party"})

    assert sorted(o["slug"] for o in several.json()["results"]) == [
        "other-party",
        "union-fr",
        "workers-party",
    ]
    assert sorted(o["slug"] for o in kinds.json()["results"]) == [
        "other-party",
        "party-ec",
        "union-fr",
        "workers-party",
    ]


def test_organizations_cannot_be_written(alice_api, organization):
    response = alice_api.patch(
        "/api/v1/organizations/workers-party/", {"name": "Renamed"}, format="json"
    )

    assert response.status_code == 405
    organization.refresh_from_db()
    assert organization.name == "Workers' Party"


def test_commemoration_counts_public_events_by_country_and_kind(anon, commemoration, organization):
    EventFactory(organization=organization, status=S.APPROVED, country="FR", kind="rally")
    EventFactory(organization=organization, status=S.CANCELLED, country="FR", kind="lecture")
    EventFactory(organization=organization, status=S.APPROVED, country="EC", kind="rally")
    EventFactory(organization=organization, status=S.APPROVED, country="", kind="online_meeting")
    for hidden in (S.DRAFT, S.SUBMITTED, S.REJECTED):
        EventFactory(organization=organization, status=hidden, country="DE", kind="film")

    response = anon.get("/api/v1/commemorations/lenin-centenary/")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "lenin-centenary",
        "title": "Centenary of Lenin's death",
        "anchor_date": "2024-01-21",
        "starts_on": "2024-01-01",
        "ends_on": "2024-12-31",
        "appeal": "First paragraph of the appeal.\n\nSecond paragraph.\n\nThird paragraph.",
        "issued_by": "Coordinating Committee",
        "is_current": True,
        "public_events": 4,
        "events_by_country": {"": 1, "EC": 1, "FR": 2},
        "events_by_kind": {"lecture": 1, "online_meeting": 1, "rally": 2},
    }


def test_commemorations_list_with_their_public_event_counts(
    anon, commemoration, earlier_commemoration, organization
):
    EventFactory(organization=organization, status=S.APPROVED)
    EventFactory(organization=organization, status=S.SUBMITTED)

    results = anon.get("/api/v1/commemorations/").json()["results"]

    assert [(c["slug"], c["public_events"]) for c in results] == [
        ("lenin-centenary", 1),
        ("october-centenary", 0),
    ]
    assert "events_by_country" not in results[0]
