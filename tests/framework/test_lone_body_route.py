"""A route whose endpoint takes one JSON body model answers without making a Request.

The route reads the body from ``receive`` itself, validates it with the model's
``validate_json`` and calls the endpoint; any body that this does not settle goes the
general way (a Request that finds the body in the scope). These tests compare whole
responses, and what an exception handler sees of ``exc.errors()`` and ``exc.body``, with
the same app whose plans never take the direct way, for any JSON document, any bytes and
any Content-Type, a body in chunks, a middleware that read the body first, a sync
endpoint, and a client that disconnects.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.requests import ClientDisconnect
from framework import App, Request
from framework.exceptions import RequestValidationError
from framework.responses import JSONResponse
from testing import AsyncClient
from tests.asgi_helpers import http_scope
from tests.framework.test_lone_body import VALID, Order, json_value, near_valid

pytestmark = pytest.mark.anyio

CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "application/merge-patch+json",
    "text/plain",
    None,
]


async def report(request: Request, exc: RequestValidationError) -> JSONResponse:
    """What a handler sees: the errors and the body (the parsed JSON, when it was JSON).
    Both by their repr: JSON has no NaN (a valid JSON input to both parsers) and bytes
    that are no UTF-8 have no JSON string."""
    return JSONResponse({"errors": repr(exc.errors()), "body": repr(exc.body)}, 422)


def build(direct: bool, *, middleware: bool = False) -> App:
    app = App(exception_handlers={RequestValidationError: report})

    @app.post("/orders")
    async def create(order: Order) -> dict[str, Any]:
        return {"id": order.id, "lines": len(order.lines), "customer": order.customer}

    @app.post("/sync")
    def create_sync(order: Order) -> dict[str, Any]:
        return {"id": order.id}

    if middleware:

        @app.middleware("http")
        async def read_first(request: Request, call_next: Any) -> Any:
            seen = await request.body()
            response = await call_next(request)
            response.headers["x-read"] = str(len(seen))
            return response

    if not direct:  # every plan the routes build, without the direct way
        for route in app.routes[-2:]:
            holder = route._plans  # type: ignore[attr-defined]
            build_plan = holder.build
            holder.build = lambda overrides, b=build_plan: dataclasses.replace(
                b(overrides), lone_body=None, _models={}
            )
            holder.plan = holder.build(None)
    return app


DIRECT, GENERAL = build(True), build(False)


async def answers(raw: bytes, content_type: str | None, path: str = "/orders", **kw: Any) -> Any:
    headers = {} if content_type is None else {"content-type": content_type}
    out = []
    for app in (build(True, **kw), build(False, **kw)) if kw else (DIRECT, GENERAL):
        async with AsyncClient(app=app, base_url="http://test") as client:
            response = await client.post(path, content=raw, headers=headers)
        out.append((response.status_code, sorted(response.headers.items()), response.content))
    return out


def test_the_routes_take_the_direct_way_only_when_built_so() -> None:
    assert DIRECT.routes[-1]._plans.current().lone_body is not None  # type: ignore[attr-defined]
    assert GENERAL.routes[-1]._plans.current().lone_body is None  # type: ignore[attr-defined]


@settings(max_examples=120, deadline=None)
@given(document=st.one_of(json_value, near_valid()), content_type=st.sampled_from(CONTENT_TYPES))
async def test_any_json_document_is_answered_alike(document: Any, content_type: str | None) -> None:
    direct, general = await answers(json.dumps(document).encode(), content_type)
    assert direct == general


@settings(max_examples=80, deadline=None)
@given(raw=st.binary(max_size=40) | st.text(max_size=30).map(str.encode))
async def test_any_bytes_are_answered_alike(raw: bytes) -> None:
    direct, general = await answers(raw, "application/json")
    assert direct == general


async def test_a_valid_order_in_full() -> None:
    direct, general = await answers(json.dumps(VALID).encode(), "application/json")
    assert direct == general == (
        200,
        [("content-length", "35"), ("content-type", "application/json")],
        b'{"id":1,"lines":1,"customer":"Ada"}',
    )


async def test_an_invalid_order_in_full() -> None:
    bad = dict(VALID, id="x")
    direct, general = await answers(json.dumps(bad).encode(), "application/json")
    assert direct == general
    status, _, content = direct
    assert status == 422
    error = {
        "type": "int_parsing",
        "loc": ("body", "id"),
        "msg": "Input should be a valid integer, unable to parse string as an integer",
        "input": "x",
    }
    assert json.loads(content) == {"errors": repr([error]), "body": repr(bad)}


async def test_a_sync_endpoint() -> None:
    direct, general = await answers(json.dumps(VALID).encode(), "application/json", "/sync")
    assert direct == general
    assert direct[0] == 200 and direct[2] == b'{"id":1}'


async def test_a_middleware_that_read_the_body_first() -> None:
    raw = json.dumps(VALID).encode()
    direct, general = await answers(raw, "application/json", middleware=True)
    assert direct == general
    assert direct[0] == 200
    assert ("x-read", str(len(raw))) in direct[1]


async def _call(app: App, messages: list[dict[str, Any]]) -> tuple[list[Any], Any]:
    scope = http_scope("POST", "/orders", headers=[(b"content-type", b"application/json")])
    inbox = list(messages)
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return inbox.pop(0) if inbox else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    try:
        await app(scope, receive, send)
    except Exception as exc:  # noqa: BLE001 - the outcome is compared, whatever it is
        return sent, type(exc)
    return sent, None


async def test_a_body_in_chunks() -> None:
    raw = json.dumps(VALID).encode()
    chunks = [raw[:5], raw[5:17], raw[17:]]
    messages = [
        {"type": "http.request", "body": chunk, "more_body": index < 2}
        for index, chunk in enumerate(chunks)
    ]
    direct = await _call(DIRECT, messages)
    assert direct == await _call(GENERAL, messages)
    assert direct[0][1] == {
        "type": "http.response.body",
        "body": b'{"id":1,"lines":1,"customer":"Ada"}',
    }


async def test_a_client_that_disconnects_mid_body() -> None:
    messages = [{"type": "http.request", "body": b'{"id": 1', "more_body": True}]
    direct = await _call(DIRECT, messages)
    assert direct == await _call(GENERAL, messages)
    # (as FastAPI: the error layer's 500 goes to a client that is gone, and re-raises)
    assert direct == (
        [
            {
                "type": "http.response.start",
                "status": 500,
                "headers": [
                    (b"content-length", b"21"),
                    (b"content-type", b"text/plain; charset=utf-8"),
                ],
            },
            {"type": "http.response.body", "body": b"Internal Server Error"},
        ],
        ClientDisconnect,
    )


async def test_a_body_it_settles_makes_no_request(monkeypatch: pytest.MonkeyPatch) -> None:
    import framework.routing.api_route as api_route

    made: list[str] = []

    class Counted(Request):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            made.append(self.__class__.__name__)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(api_route, "Request", Counted)
    counts = []
    for raw in (json.dumps(VALID).encode(), json.dumps(dict(VALID, id="x")).encode(), b"[]"):
        for app in (DIRECT, GENERAL):
            made.clear()
            await _call(app, [{"type": "http.request", "body": raw}])
            counts.append(len(made))
    # valid and 422 settled directly; "[]" (worded otherwise for JSON) goes the general way
    assert counts == [0, 1, 0, 1, 1, 1]
