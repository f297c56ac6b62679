"""Extending OpenAPI: a program replaces ``app.openapi`` with its own function built on
``get_openapi`` (the how-to's pattern), and ``get_openapi`` called directly."""

from __future__ import annotations

from typing import Any

from framework import APIRouter, App
from openapi import get_openapi
from testing import TestClient

app = App()


@app.get("/items/")
async def read_items():
    return [{"name": "Foo"}]


def custom_openapi() -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    openapi_schema = get_openapi(
        title="Custom title",
        version="2.5.0",
        summary="This is a very custom OpenAPI schema",
        description="Here's a longer description of the custom **OpenAPI** schema",
        routes=app.routes,
    )
    openapi_schema["info"]["x-logo"] = {
        "url": "https://fastapi.tiangolo.com/img/logo-margin/logo-teal.png"
    }
    app.openapi_schema = openapi_schema
    return app.openapi_schema


app.openapi = custom_openapi  # type: ignore[method-assign]

hooks = APIRouter()


@hooks.post("ping")
def ping(count: int) -> None:
    return None


def documents() -> dict[str, object]:
    served = TestClient(app).get("/openapi.json").json()
    direct = get_openapi(
        title="Direct",
        version="1",
        openapi_version="3.1.0",
        description="",
        routes=app.routes,
        webhooks=hooks.routes,
        tags=[{"name": "t", "x-extra": 1}],
        servers=[{"url": "https://example.com/api", "variables": {"v": {"default": "1"}}}],
        terms_of_service="https://example.com/tos",
        contact={"email": "a@example.com"},
        license_info={"name": "MIT", "url": "https://opensource.org/licenses/MIT"},
        external_docs={"description": "More", "url": "https://example.com/docs"},
    )
    return {"served": served, "direct": direct}
