"""Assemble every app's ``api.py`` router into one versioned API with one OpenAPI schema."""

from django.db import connection
from ninja import NinjaAPI, Schema

from jisr.parliament.api import router as parliament_router

api = NinjaAPI(
    title="Jisr API",
    version="1",
    urls_namespace="api-v1",
    description="Public, read-mostly JSON API of Jisr. Personal data is never exposed.",
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


api.add_router("/", parliament_router)
api.add_router("/", "jisr.search.api.router")
api.add_router("/", "jisr.proposals.api.router")
api.add_router("/elections", "jisr.elections.api.router")
