"""The emitter's rules on small apps: merging of repeated parameters, methods, operation-id
collisions, what is left out, caching, and properties over generated routes.

The expected fragments were observed on FastAPI 0.165 for the same programs.
"""

from __future__ import annotations

import keyword
import re
import warnings
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.responses import PlainTextResponse
from framework import APIRouter, App, Depends, WebSocket
from framework.routing import Route
from openapi import get_openapi
from openapi.fields import route_fields

from ._programs import assert_valid

OK = {
    "200": {
        "description": "Successful Response",
        "content": {"application/json": {"schema": {}}},
    }
}
OK_422 = {
    **OK,
    "422": {
        "description": "Validation Error",
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}
        },
    },
}


def build_app() -> App:
    app = App()

    def dep(q: int, x: str = "a") -> int:
        return q

    @app.get("/dup")
    def dup(q: int = 0, x: str = Depends(dep), y: int | None = None) -> None:
        return None

    @app.websocket("/ws")
    async def ws(websocket: WebSocket, q: int) -> None:
        return None

    async def plain(request: Any) -> PlainTextResponse:
        return PlainTextResponse("x")

    app.router.routes.append(Route("/plain", plain))

    @app.head("/head")
    def head():
        return None

    @app.options("/opt")
    def opt():
        return None

    @app.trace("/trace")
    def trace(body: dict[str, int]):
        return None

    @app.patch("/patch/{id}")
    def patch(id: int, body: dict):  # type: ignore[type-arg]
        return None

    return app


def test_repeated_parameters_and_every_method() -> None:
    document = build_app().openapi()
    assert list(document["paths"]) == ["/dup", "/head", "/opt", "/trace", "/patch/{id}"]
    assert document["paths"]["/dup"] == {
        "get": {
            "summary": "Dup",
            "operationId": "dup_dup_get",
            # q: the dependency's required q wins, at the endpoint's q's place
            "parameters": [
                {"name": "q", "in": "query", "required": True,
                 "schema": {"type": "integer", "title": "Q"}},
                {"name": "y", "in": "query", "required": False,
                 "schema": {"anyOf": [{"type": "integer"}, {"type": "null"}], "title": "Y"}},
                {"name": "x", "in": "query", "required": False,
                 "schema": {"type": "string", "default": "a", "title": "X"}},
            ],
            "responses": OK_422,
        }
    }
    paths = document["paths"]
    assert paths["/head"] == {
        "head": {"summary": "Head", "operationId": "head_head_head", "responses": OK}
    }
    assert paths["/opt"] == {
        "options": {"summary": "Opt", "operationId": "opt_opt_options", "responses": OK}
    }
    # TRACE documents no request body, but its body can still fail validation.
    assert paths["/trace"] == {
        "trace": {"summary": "Trace", "operationId": "trace_trace_trace", "responses": OK_422}
    }
    assert paths["/patch/{id}"] == {
        "patch": {
            "summary": "Patch",
            "operationId": "patch_patch__id__patch",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "integer", "title": "Id"}}],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {
                    "type": "object", "additionalProperties": True, "title": "Body"}}},
            },
            "responses": OK_422,
        }
    }
    assert_valid(document)


def test_duplicate_operation_ids_warn_like_fastapi() -> None:
    app = App()

    @app.api_route("/multi", methods=["GET", "POST"])
    def multi():
        return None

    @app.get("/a")
    def dup():
        return None

    @app.get("/b", operation_id="dup_a_get")
    def dup2():
        return None

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        document = app.openapi()
    assert [(w.category, str(w.message)) for w in caught] == [
        (UserWarning, f"Duplicate Operation ID multi_multi_get for function multi at {__file__}"),
        (UserWarning, f"Duplicate Operation ID dup_a_get for function dup2 at {__file__}"),
    ]
    operation = {"summary": "Multi", "operationId": "multi_multi_get", "responses": OK}
    assert document["paths"]["/multi"] == {"get": operation, "post": operation}


def test_empty_app_and_get_openapi_without_routes() -> None:
    assert App().openapi() == {
        "openapi": "3.1.0",
        "info": {"title": "FastAPI", "version": "0.1.0"},
        "paths": {},
    }
    assert get_openapi(title="T", version="2", routes=[]) == {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "2"},
        "paths": {},
    }


def test_openapi_url_none_still_builds_on_demand() -> None:
    app = App(openapi_url=None)

    @app.get("/")
    def root():
        return None

    assert app.routes[0].path == "/"
    assert app.openapi()["paths"]["/"]["get"]["operationId"] == "root__get"


def test_route_fields_are_cached_and_a_rebuild_is_identical() -> None:
    app = build_app()
    route = app.routes[-1]
    first = app.openapi()
    fields = route_fields(route)
    assert route_fields(route) is fields
    app.openapi_schema = None
    assert app.openapi() == first
    assert route_fields(route) is fields


def test_late_changes_to_a_route_are_seen() -> None:
    """Changing an operation id after the fact (the seed's helper) is honoured."""
    app = App()

    @app.get("/items/")
    def read_items():
        return None

    assert app.openapi()["paths"]["/items/"]["get"]["operationId"] == "read_items_items__get"
    app.routes[-1].operation_id = "read_items"
    app.openapi_schema = None
    assert app.openapi()["paths"]["/items/"]["get"]["operationId"] == "read_items"


def test_included_webhook_router_and_hidden_routes() -> None:
    hooks = APIRouter()

    @hooks.post("event-one")
    def one(count: int):
        return None

    @hooks.post("event-two", include_in_schema=False)
    def two():
        return None

    app = App(webhooks=hooks)
    document = app.openapi()
    assert document["paths"] == {}
    assert list(document["webhooks"]) == ["event-one"]
    assert document["webhooks"]["event-one"]["post"]["operationId"] == "oneevent_one_post"


_NAME = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda name: not keyword.iskeyword(name) and not keyword.issoftkeyword(name)
)


@settings(max_examples=30, deadline=None)
@given(
    name=_NAME,
    segments=st.lists(st.from_regex(r"[a-z0-9\-]{1,6}", fullmatch=True), min_size=1, max_size=3),
    params=st.lists(_NAME, max_size=3, unique=True),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
)
def test_generated_routes_follow_fastapis_rules(
    name: str, segments: list[str], params: list[str], method: str
) -> None:
    """Operation id ``{name}{path}_{method}`` with non-word chars as ``_``; summary from the
    name; each path parameter required, in order; a 422 exactly when a parameter exists."""
    path = "/" + "/".join(segments) + "".join(f"/{{{p}}}" for p in params)

    def endpoint(**kwargs: Any) -> None:
        return None

    signature_params = ", ".join(f"{p}: int" for p in params)
    namespace: dict[str, Any] = {}
    exec(f"def {name}({signature_params}):\n    return None\n", namespace)  # a named endpoint
    app = App()
    app.add_api_route(path, namespace[name], methods=[method])
    document = app.openapi()
    operation = document["paths"][path][method.lower()]
    assert operation["operationId"] == re.sub(r"\W", "_", f"{name}{path}") + f"_{method.lower()}"
    assert operation["summary"] == name.replace("_", " ").title()
    assert [(p["name"], p["in"], p["required"]) for p in operation.get("parameters", [])] == [
        (p, "path", True) for p in params
    ]
    assert ("422" in operation["responses"]) == bool(params)
    assert_valid(document)


@pytest.mark.parametrize("status_code", [100, 204, 205, 304])
def test_statuses_without_a_body_have_no_content(status_code: int) -> None:
    app = App()

    @app.get("/", status_code=status_code)
    def root():
        return None

    assert app.openapi()["paths"]["/"]["get"]["responses"] == {
        str(status_code): {"description": "Successful Response"}
    }
