"""The OpenAPI document is valid and complete; the docs page needs nothing from elsewhere."""

import re

import yaml
from django.contrib.staticfiles import finders
from openapi_spec_validator import validate

from events.filters import EventApiFilter


def schema(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_schema_is_valid_openapi_3(anon):
    document = schema(anon)

    validate(document)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) >= {
        "/api/v1/events/",
        "/api/v1/events/{id}/",
        "/api/v1/events/{id}/approve/",
        "/api/v1/events/{id}/cancel/",
        "/api/v1/events/{id}/reject/",
        "/api/v1/events/{id}/submit/",
        "/api/v1/events/{id}/withdraw/",
        "/api/v1/events/removed/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{slug}/",
        "/api/v1/commemorations/",
        "/api/v1/commemorations/{slug}/",
    }


def test_schema_documents_every_filter_of_the_event_list(anon):
    parameters = {
        p["name"]: p for p in schema(anon)["paths"]["/api/v1/events/"]["get"]["parameters"]
    }

    # `format=geojson` is left out: its answer is not the paginated list (README).
    assert set(parameters) == {*EventApiFilter.base_filters, "page", "page_size", "lang"}
    assert set(EventApiFilter.base_filters) >= {
        "starts_after",
        "starts_before",
        "around",
        "days",
        "country",
        "kind",
        "organization",
        "language",
        "online",
        "commemoration",
        "q",
        "updated_since",
        "status",
        "ordering",
    }
    for name, parameter in parameters.items():
        assert parameter["in"] == "query"
        assert parameter.get("description"), f"{name} has no description"
    assert parameters["days"]["schema"] == {"type": "integer"}
    assert parameters["online"]["schema"] == {"type": "boolean"}
    assert parameters["around"]["schema"] == {"type": "string", "format": "date"}
    assert parameters["kind"]["schema"]["items"]["enum"][:2] == ["ceremony", "conference"]


def test_schema_describes_every_event_field_and_hides_private_ones(anon):
    event = schema(anon)["components"]["schemas"]["Event"]

    assert list(event["properties"]) == [
        "id",
        "url",
        "title",
        "summary",
        "description",
        "language",
        "original_language",
        "translations",
        "kind",
        "status",
        "cancellation_reason",
        "starts_at",
        "ends_at",
        "timezone",
        "local_date",
        "venue",
        "address",
        "city",
        "country",
        "latitude",
        "longitude",
        "online_url",
        "languages",
        "contact",
        "organization",
        "co_organizers",
        "commemoration",
        "poster",
        "series",
        "recurrence",
        "report",
        "updated_at",
        "distance_km",
    ]
    assert "submitted_by" not in str(schema(anon))
    assert "contact_email" not in str(schema(anon))


def test_schema_documents_token_authentication(anon):
    schemes = schema(anon)["components"]["securitySchemes"]

    assert schemes["tokenAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }


def test_docs_page_uses_only_the_sites_own_static_files(anon):
    response = anon.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 4
    for address in assets:
        assert address.startswith(("/static/", "/api/docs/?", "/api/schema/")), address
    assert "<script>" not in html and "<style" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets


def test_docs_script_and_assets_are_served(anon):
    page = anon.get("/api/docs/").content.decode()
    script_address = re.search(r'<script src="(/api/docs/\?[^"]+)"', page).group(1)

    script = anon.get(script_address.replace("&amp;", "&"))

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in script.content.decode()
    assert re.findall(r"https?://[^\s\"']+", script.content.decode()) == []
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page):
        assert finders.find(asset.removeprefix("/static/")), asset


def test_docs_page_without_javascript_links_to_the_schema(anon):
    html = anon.get("/api/docs/").content.decode()

    noscript = re.search(r"<noscript>(.*)</noscript>", html, re.S).group(1)
    assert '<a href="/api/schema/">/api/schema/</a>' in noscript


def test_schema_describes_the_organization_lists_filters(anon):
    parameters = {
        p["name"]: p for p in schema(anon)["paths"]["/api/v1/organizations/"]["get"]["parameters"]
    }

    assert set(parameters) == {"country", "kind", "page", "page_size"}
    assert parameters["country"]["description"].startswith(
        "ISO 3166-1 alpha-2 codes of the organization's country; several allowed."
    )
    assert parameters["kind"]["description"].startswith("Kinds of organization; several allowed.")


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_operation_documents_its_error_answers(anon):
    document = schema(anon)

    for path, method, operation in operations(document):
        codes = set(operation["responses"])
        assert {"400", "401", "429"} <= codes, (method, path)
        error = operation["responses"]["400"]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/Error"}
        assert ("403" in codes) == (method != "get"), (method, path)
        paginated = method == "get" and path.endswith("s/") and "removed" not in path
        assert ("404" in codes) == ("{" in path or paginated), (method, path)
        assert ("415" in codes) == ("requestBody" in operation), (method, path)
        is_move = path.startswith("/api/v1/events/{id}/") and path.count("/") == 6
        assert ("409" in codes) == is_move, (method, path)
    events = document["paths"]
    assert "304" in events["/api/v1/events/"]["get"]["responses"]
    assert "304" in events["/api/v1/events/{id}/"]["get"]["responses"]
    assert "304" not in events["/api/v1/organizations/"]["get"]["responses"]
    assert document["components"]["schemas"]["Error"]["properties"] == {
        "detail": {"type": "string"}
    }


def test_schema_gives_the_bounds_of_the_page_parameters(anon):
    parameters = {
        p["name"]: p["schema"]
        for p in schema(anon)["paths"]["/api/v1/organizations/"]["get"]["parameters"]
    }

    assert parameters["page"] == {"type": "integer", "minimum": 1}
    assert parameters["page_size"] == {"type": "integer", "minimum": 1, "maximum": 200}


def test_organization_schema_allows_no_parent_and_no_website(anon):
    organization = schema(anon)["components"]["schemas"]["Organization"]["properties"]

    assert organization["parent"]["nullable"] is True
    assert {"type": "string", "maxLength": 0} in organization["website"]["anyOf"]
