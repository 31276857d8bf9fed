"""The OpenAPI schema's error answers, documented once for every operation of the API."""

from django.utils.translation import gettext_lazy as _

ERROR = {"$ref": "#/components/schemas/Error"}

# The operations that answer 304 to a request naming the caller's current copy.
CONDITIONAL_OPERATIONS = frozenset({"v1_events_list", "v1_events_retrieve"})
UNSAFE_METHODS = frozenset({"post", "put", "patch", "delete"})


def _error(description):
    return {"description": str(description), "content": {"application/json": {"schema": ERROR}}}


def _body_properties(operation, components):
    """The properties of the JSON body `operation` takes, {} if none."""
    content = operation.get("requestBody", {}).get("content", {})
    body = content.get("application/json", {}).get("schema", {})
    name = body.get("$ref", "").rpartition("/")[2]
    return components.get("schemas", {}).get(name, body).get("properties", {})


def error_responses(method, operation, components):
    """The answers other than success that `operation` can give, by status code."""
    parameters = operation.get("parameters", [])
    in_path = any(p.get("in") == "path" for p in parameters)
    paginated = any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)
    responses = {
        "400": _error(_("A bad parameter or field, or a null character anywhere in the request.")),
        "401": _error(_("The token is unknown, expired or revoked.")),
        "429": _error(_("Too many requests: try again after the time in Retry-After.")),
    }
    if method in UNSAFE_METHODS:
        responses["403"] = _error(_("Not allowed: for members only, or the committee only."))
    if in_path or paginated:
        responses["404"] = _error(_("No such object, or no such page."))
    if "requestBody" in operation:
        responses["415"] = _error(_("The body is not JSON, a form or multipart data."))
    if "expected_status" in _body_properties(operation, components):
        responses["409"] = _error(_("The event moved meanwhile: it is not in the status named."))
    if operation.get("operationId") in CONDITIONAL_OPERATIONS:
        responses["304"] = {"description": str(_("The copy named by If-None-Match is current."))}
    return responses


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the error answers to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = {
        "type": "object",
        "description": str(
            _(
                "What is wrong: `detail` for the request as a whole, or each parameter or "
                "field by its name with a list of messages (for a list field, by item index)."
            )
        ),
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {},
    }
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            answers = error_responses(method, operation, result["components"])
            for status, response in answers.items():
                operation["responses"].setdefault(status, response)
    return result
