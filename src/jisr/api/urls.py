"""Assemble every app's ``api.py`` router into one versioned API with one OpenAPI schema."""

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema

from jisr.parliament.api import router as parliament_router

# The answers every operation may give besides its own, described once for the schema.
ERROR_SCHEMAS = {
    "Error": {
        "title": "Error",
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    },
    "ValidationError": {
        "title": "ValidationError",
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "description": "One entry per invalid parameter: where it is and what is wrong.",
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string"},
                        "loc": {"type": "array", "items": {"type": ["string", "integer"]}},
                        "msg": {"type": "string"},
                    },
                    "required": ["type", "loc", "msg"],
                },
            }
        },
        "required": ["detail"],
    },
}
NOT_FOUND = {
    "description": "No record has this id.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
UNREADABLE = {
    "description": "The body is not JSON.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
INVALID = {
    "description": "A parameter or the body is not valid.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}},
}


# No text in a body may hold a NUL character (core.middleware.RejectNulMiddleware; in a
# query string they are dropped).
NO_NUL = r"^[^\x00]*$"


def _forbid_nul(schema: dict) -> None:
    if schema.get("type") == "string" and "pattern" in schema:
        schema.setdefault("allOf", []).append({"pattern": NO_NUL})
    elif schema.get("type") == "string":
        schema["pattern"] = NO_NUL
    for option in schema.get("anyOf", []):
        _forbid_nul(option)


class JisrAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Document the error answers too: 422 wherever a parameter or a body can be
        invalid, 400 for a body that is not JSON, 404 wherever a path names a record, so
        that every answer of the API is in its schema; and that no text in a body may hold
        a NUL character."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(ERROR_SCHEMAS)
        for operations in schema["paths"].values():
            for operation in operations.values():
                parameters = operation.get("parameters", [])
                for body in operation.get("requestBody", {}).get("content", {}).values():
                    name = body["schema"].get("$ref", "").rsplit("/", 1)[-1]
                    for field in components.get(name, {}).get("properties", {}).values():
                        _forbid_nul(field)
                responses = operation["responses"]
                if parameters or "requestBody" in operation:
                    responses.setdefault(422, INVALID)
                if "requestBody" in operation:
                    responses.setdefault(400, UNREADABLE)
                if any(p["in"] == "path" for p in parameters):
                    responses.setdefault(404, NOT_FOUND)
        return schema


api = JisrAPI(
    title="Jisr API",
    version="1",
    urls_namespace="api-v1",
    description=(
        "Public, read-mostly JSON API of Jisr. Personal data is never exposed.\n\n"
        "Every public record is also published each night as open data (CSV, JSON and "
        "Popolo, with checksums, under the ODbL): [download the latest dump](/open-data/)."
    ),
)


class Health(Schema):
    status: str
    database: bool


@api.get("/health", response=Health, tags=["health"], summary="Is the service up?")
def health(request):
    """Report whether the service answers and reaches its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
    except Exception:
        database = False
    return {"status": "ok" if database else "degraded", "database": database}


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    """Refusals raised below the API (allauth's rate limiter when it cannot tell the
    client's address …) answer in JSON like the API's own, not with the HTML page."""
    return api.create_response(
        request, {"detail": _("You do not have permission to do this.")}, status=403
    )


api.add_router("/", parliament_router)
api.add_router("/", "jisr.search.api.router")
api.add_router("/", "jisr.proposals.api.router")
api.add_router("/elections", "jisr.elections.api.router")
api.add_router("/treasury", "jisr.treasury.api.router")
api.add_router("/campaigns/reach", "jisr.campaigns.outreach_api.router")
api.add_router("/campaigns", "jisr.campaigns.api.router")
api.add_router("/campaigns", "jisr.campaigns.kits_api.router")
api.add_router("/pledges", "jisr.pledges.api.router")
api.add_router("/coalition", "jisr.coalition.coalition_api.router")
api.add_router("/coalition", "jisr.coalition.resource_api.router")
api.add_router("/coalition", "jisr.coalition.decision_api.router")
api.add_router("/coalition", "jisr.coalition.organization_api.router")
api.add_router("/coalition", "jisr.coalition.statement_api.router")
api.add_router("/coalition/joint", "jisr.coalition.joint_api.router")
