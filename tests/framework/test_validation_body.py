"""``RequestValidationError.body`` as a custom handler sees it, and the default 422 body.

The framework hands the body over lazily (parsed only when a handler reads ``exc.body``);
these are FastAPI 0.165's answers for the seed's "use the RequestValidationError body"
handler, on the fast path (one pydantic call), the slow path (a dependency), a form body
and a missing body. Runs on asyncio and trio through the AsyncClient.
"""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from asgi_core._json import dumps_text
from framework import App, Depends, Form, Request
from framework.encoders import encode_json_text, jsonable_encoder
from framework.exceptions import RequestValidationError
from framework.responses import JSONResponse
from testing import AsyncClient


class Item(BaseModel):
    title: str
    size: int


def dep(q: int) -> int:
    return q


def build(custom: bool) -> App:
    app = App()
    if custom:

        @app.exception_handler(RequestValidationError)
        async def handler(request: Request, exc: RequestValidationError) -> JSONResponse:
            content = jsonable_encoder({"detail": exc.errors(), "body": exc.body})
            return JSONResponse(status_code=422, content=content)

    @app.post("/items/")
    async def create_item(item: Item) -> Item:
        return item

    @app.post("/form/")
    async def form(name: Annotated[str, Form()], age: Annotated[int, Form()]) -> dict[str, str]:
        return {"name": name}

    @app.post("/deps/")
    async def deps(item: Item, q: Annotated[int, Depends(dep)]) -> Item:
        return item

    return app


_INT = "Input should be a valid integer, unable to parse string as an integer"

CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "/items/",
        {"json": {"title": "towel", "size": "XL"}},
        {
            "detail": [
                {"type": "int_parsing", "loc": ["body", "size"], "msg": _INT, "input": "XL"}
            ],
            "body": {"title": "towel", "size": "XL"},
        },
    ),
    (
        "/items/",
        {"content": b'{"title": 1}', "headers": {"content-type": "application/json"}},
        {
            "detail": [
                {
                    "type": "string_type",
                    "loc": ["body", "title"],
                    "msg": "Input should be a valid string",
                    "input": 1,
                },
                {
                    "type": "missing",
                    "loc": ["body", "size"],
                    "msg": "Field required",
                    "input": {"title": 1},
                },
            ],
            "body": {"title": 1},
        },
    ),
    (
        "/items/",
        {},
        {
            "detail": [{"type": "missing", "loc": ["body"], "msg": "Field required", "input": None}],
            "body": None,
        },
    ),
    (
        "/form/",
        {"data": {"name": "x", "age": "old"}},
        {
            "detail": [
                {"type": "int_parsing", "loc": ["body", "age"], "msg": _INT, "input": "old"}
            ],
            "body": {"name": "x", "age": "old"},
        },
    ),
    (
        "/deps/?q=abc",
        {"json": {"title": "t", "size": "big"}},
        {
            "detail": [
                {"type": "int_parsing", "loc": ["query", "q"], "msg": _INT, "input": "abc"},
                {"type": "int_parsing", "loc": ["body", "size"], "msg": _INT, "input": "big"},
            ],
            "body": {"title": "t", "size": "big"},
        },
    ),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("url", "kwargs", "expected"), CASES)
async def test_custom_handler_sees_the_parsed_body(
    url: str, kwargs: dict[str, Any], expected: dict[str, Any]
) -> None:
    async with AsyncClient(app=build(custom=True), base_url="http://test") as client:
        response = await client.post(url, **kwargs)
    assert response.status_code == 422
    assert response.json() == expected


@pytest.mark.anyio
@pytest.mark.parametrize(("url", "kwargs", "expected"), CASES)
async def test_default_handler_body(
    url: str, kwargs: dict[str, Any], expected: dict[str, Any]
) -> None:
    async with AsyncClient(app=build(custom=False), base_url="http://test") as client:
        response = await client.post(url, **kwargs)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": expected["detail"]}


def test_deferred_body_is_made_once_and_can_be_replaced() -> None:
    calls: list[int] = []

    def make() -> dict[str, int]:
        calls.append(1)
        return {"a": 1}

    error = RequestValidationError.deferred([], make)
    assert calls == []
    assert error.body == {"a": 1}
    assert error.body == {"a": 1}
    assert calls == [1]
    error.body = "replaced"
    assert error.body == "replaced"
    assert RequestValidationError([], body=b"raw").body == b"raw"


class _Thing:
    def __init__(self) -> None:
        self.x = 1


ERROR_LISTS: list[Any] = [
    [],
    [{"type": "missing", "loc": ("body", "a", 0), "msg": "Field required", "input": None}],
    [{"type": "t", "loc": ("query",), "msg": "m", "input": {"k": (1, 2)}, "ctx": {"e": 1.5}}],
    [{"type": "t", "loc": ("body", True), "msg": "m", "input": {1, 2}}],
    [{"_sa_state": 1, "type": "t"}],
    [{1: "non-str key"}],
    ["not a dict", ("tuple", 1)],
    ({"type": "t", "loc": ("a",), "msg": "m", "input": _Thing()},),
]


@pytest.mark.parametrize("errors", ERROR_LISTS)
def test_encode_json_text_equals_the_general_encoder(errors: Any) -> None:
    assert encode_json_text(errors) == dumps_text(jsonable_encoder(errors))


ERROR_LISTS_FOR_RESPONSE: list[Any] = [
    *ERROR_LISTS,
    [{"type": "t", "loc": ("body",), "msg": "m", "input": {"_sa_instance_state": 1, "a": 2}}],
    [{"type": "t", "loc": ("body",), "msg": "m", "input": 'quote "_sa inside a string'}],
    [{"type": "t", "loc": ("body",), "msg": "m", "input": b"bytes", "ctx": {"error": ValueError("x")}}],
    [{"type": "t", "loc": ("body", 0), "msg": "é ✓", "input": [1.5, None, True, {"k": "v"}]}],
]


@pytest.mark.parametrize("errors", ERROR_LISTS_FOR_RESPONSE)
def test_validation_response_equals_encoding_the_errors(errors: Any) -> None:
    from framework.exception_handlers import validation_error_response

    expected = JSONResponse(status_code=422, content={"detail": jsonable_encoder(errors)})
    response = validation_error_response(errors)
    assert type(response) is JSONResponse
    assert (response.status_code, response.raw_headers, response.body) == (
        422,
        expected.raw_headers,
        expected.body,
    )


def test_validation_response_writes_non_finite_inputs_as_strings() -> None:
    """(FastAPI's encoder refuses them and answers 500; see test_non_finite_input.py)"""
    from framework.exception_handlers import validation_error_response

    errors = [
        {"type": "t", "loc": ("body",), "msg": "m", "input": float("nan")},
        {"type": "t", "loc": ("body", 0), "msg": "m", "input": (float("-inf"), 1.5)},
    ]
    response = validation_error_response(errors)
    assert response.status_code == 422
    assert response.body == (
        b'{"detail":[{"type":"t","loc":["body"],"msg":"m","input":"NaN"},'
        b'{"type":"t","loc":["body",0],"msg":"m","input":["-Infinity",1.5]}]}'
    )


class _Shout(str):
    pass


def test_validation_response_applies_a_registered_str_subclass_encoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from framework.encoders import ENCODERS_BY_TYPE
    from framework.exception_handlers import validation_error_response

    errors = [{"type": "t", "loc": ("body",), "msg": "m", "input": _Shout("quiet")}]
    monkeypatch.setitem(ENCODERS_BY_TYPE, _Shout, lambda s: s.upper())
    response = validation_error_response(errors)
    assert response.body == b'{"detail":[{"type":"t","loc":["body"],"msg":"m","input":"QUIET"}]}'
