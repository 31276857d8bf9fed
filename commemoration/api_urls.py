"""The REST API under /api/: version 1, its OpenAPI schema and its documentation."""

urlpatterns = []
