"""Seed "Async Tests": the seed's ``test_main.py``, written against Keel.

``async def`` tests marked ``@pytest.mark.anyio`` (run on asyncio and trio by the
conftest's ``anyio_backend``) await requests through ``testing.AsyncClient``, in both the
``AsyncClient(app=app)`` and the httpx-style ``transport=ASGITransport(app=app)`` spellings,
and await other async calls (the app's async store) in the same test. The programs'
OpenAPI documents equal FastAPI 0.165's (``data/async_tests/``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from testing import ASGITransport, AsyncClient, TestClient

from ._fw_support import Backend, load, parts

SECTION = "async_tests"
DATA = Path(__file__).parent / "data" / SECTION
JSON = "application/json"
TOMATO = (200, [("content-length", "20"), ("content-type", JSON)], b'{"message":"Tomato"}')


def expected_document(module: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / f"{module}.json").read_text())
    return loaded


@pytest.mark.anyio
async def test_root() -> None:
    app = load(f"{SECTION}.main").app
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as ac:
        response = await ac.get("/")
    assert response.status_code == 200
    assert response.json() == {"message": "Tomato"}
    assert parts(response) == TOMATO


@pytest.mark.anyio
async def test_root_app_keyword() -> None:
    app = load(f"{SECTION}.main").app
    async with AsyncClient(app=app, base_url="http://test") as ac:
        response = await ac.get("/")
        missing = await ac.get("/nothing")
    assert parts(response) == TOMATO
    assert str(response.request.url) == "http://test/"
    assert parts(missing) == (
        404,
        [("content-length", "22"), ("content-type", JSON)],
        b'{"detail":"Not Found"}',
    )


@pytest.mark.anyio
async def test_async_client_and_other_async_calls() -> None:
    example = load(f"{SECTION}.with_database")
    async with AsyncClient(app=example.app, base_url="http://test") as ac:
        created = await ac.put("/items/plumbus", json={"name": "Plumbus", "price": 3})
        stored = await example.database.fetch("plumbus")
        read = await ac.get("/items/plumbus")
        missing = await ac.get("/items/portal-gun")
        invalid = await ac.put("/items/x", json={"name": "Plumbus"})
    body = b'{"name":"Plumbus","price":3.0}'
    assert parts(created) == (201, [("content-length", "30"), ("content-type", JSON)], body)
    assert stored == example.Item(name="Plumbus", price=3.0)
    assert parts(read) == (200, [("content-length", "30"), ("content-type", JSON)], body)
    assert parts(missing) == (
        404,
        [("content-length", "27"), ("content-type", JSON)],
        b'{"detail":"Item not found"}',
    )
    assert parts(invalid) == (
        422,
        [("content-length", "104"), ("content-type", JSON)],
        b'{"detail":[{"type":"missing","loc":["body","price"],"msg":"Field required",'
        b'"input":{"name":"Plumbus"}}]}',
    )
    assert await example.database.fetch("x") is None


def test_the_same_app_with_the_sync_test_client(anyio_backend: Backend) -> None:
    client = TestClient(load(f"{SECTION}.main").app, backend=anyio_backend)
    assert parts(client.get("/")) == TOMATO


@pytest.mark.parametrize("module", ["main", "with_database"])
@pytest.mark.anyio
async def test_openapi_document(module: str) -> None:
    app = load(f"{SECTION}.{module}").app
    expected = expected_document(module)
    assert app.openapi() == expected
    async with AsyncClient(app=app, base_url="http://test") as ac:
        response = await ac.get("/openapi.json")
    status, headers, body = parts(response)
    assert (status, headers) == (200, [("content-length", str(len(body))), ("content-type", JSON)])
    assert json.loads(body) == expected
