"""A JSON body with strict-mode fields is validated as FastAPI validates it: parsed first,
then checked as Python data.

pydantic's strict mode tells JSON input from Python input: from JSON it takes an ISO
string for a ``datetime`` and an array for a ``tuple`` or ``set``; from Python data it
takes only a ``datetime``, a ``tuple``, a ``set``. FastAPI parses the body with ``json``
and validates the result, so it refuses them; so must Keel, which otherwise has pydantic
parse and validate the bytes in one go. The answers below are FastAPI 0.165's, recorded.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from framework import App
from testing import AsyncClient

pytestmark = pytest.mark.anyio


class Stamped(BaseModel):
    when: datetime.datetime = Field(strict=True)
    pair: tuple[int, int] = Field((0, 0), strict=True)


class StrictConfig(BaseModel):
    model_config = ConfigDict(strict=True)

    n: int
    tags: set[str] = set()


class Inner(BaseModel):
    count: StrictInt


class Outer(BaseModel):
    inner: Inner
    when: datetime.datetime  # lax: an ISO string is fine


def build() -> App:
    app = App()

    @app.post("/stamped")
    async def stamped(body: Stamped) -> dict[str, Any]:
        return {"ok": True}

    @app.post("/config")
    async def config(body: StrictConfig) -> dict[str, Any]:
        return {"n": body.n}

    @app.post("/nested")
    async def nested(body: Outer, q: int = 0) -> dict[str, Any]:
        return {"count": body.inner.count, "q": q}

    return app


async def post(path: str, payload: Any) -> tuple[int, bytes]:
    async with AsyncClient(app=build(), base_url="http://test") as client:
        response = await client.post(path, json=payload)
    assert response.headers["content-type"] == "application/json"
    return response.status_code, response.content


async def test_a_strict_datetime_refuses_an_iso_string() -> None:
    assert await post("/stamped", {"when": "2026-01-01T00:00:00"}) == (
        422,
        b'{"detail":[{"type":"datetime_type","loc":["body","when"],'
        b'"msg":"Input should be a valid datetime","input":"2026-01-01T00:00:00"}]}',
    )


async def test_a_strict_tuple_refuses_an_array_too() -> None:
    assert await post("/stamped", {"when": "2026-01-01T00:00:00", "pair": [1, 2]}) == (
        422,
        b'{"detail":[{"type":"datetime_type","loc":["body","when"],'
        b'"msg":"Input should be a valid datetime","input":"2026-01-01T00:00:00"},'
        b'{"type":"tuple_type","loc":["body","pair"],"msg":"Input should be a valid tuple",'
        b'"input":[1,2]}]}',
    )


async def test_a_strict_model_config_refuses_an_array_for_a_set() -> None:
    assert await post("/config", {"n": 1, "tags": ["a"]}) == (
        422,
        b'{"detail":[{"type":"set_type","loc":["body","tags"],'
        b'"msg":"Input should be a valid set","input":["a"]}]}',
    )
    assert await post("/config", {"n": 1}) == (200, b'{"n":1}')


async def test_strict_types_deep_in_the_body_count_too() -> None:
    assert await post("/nested", {"inner": {"count": "3"}, "when": "2026-01-01T00:00:00"}) == (
        422,
        b'{"detail":[{"type":"int_type","loc":["body","inner","count"],'
        b'"msg":"Input should be a valid integer","input":"3"}]}',
    )
    assert await post("/nested", {"inner": {"count": 3}, "when": "2026-01-01T00:00:00"}) == (
        200,
        b'{"count":3,"q":0}',
    )


async def test_invalid_json_is_still_the_json_decode_error() -> None:
    async with AsyncClient(app=build(), base_url="http://test") as client:
        response = await client.post(
            "/stamped", content=b'{"when": ', headers={"content-type": "application/json"}
        )
    assert (response.status_code, response.content) == (
        422,
        b'{"detail":[{"type":"json_invalid","loc":["body",9],"msg":"JSON decode error",'
        b'"input":{},"ctx":{"error":"Expecting value"}}]}',
    )
