"""Seed "Additional Status Codes": 200 for an update, 201 from a returned ``JSONResponse``.

Both forms of the program (``Annotated`` and ``= Body()``) answer exactly as FastAPI 0.165
answers the original.
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"

pytestmark = pytest.mark.parametrize("module", ["upsert_an", "upsert"])


def client_for(module: str, backend: Backend) -> tuple[TestClient, object]:
    example = load(f"additional_status_codes.{module}")
    return TestClient(example.app, backend=backend), example


def test_update_existing_item_is_200(module: str, anyio_backend: Backend) -> None:
    client, example = client_for(module, anyio_backend)
    response = client.put("/items/foo", json={"name": "Wanted", "size": 12})
    assert parts(response) == (
        200,
        [("content-length", "27"), ("content-type", JSON)],
        b'{"name":"Wanted","size":12}',
    )
    assert example.items["foo"] == {"name": "Wanted", "size": 12}  # type: ignore[attr-defined]


def test_new_item_is_201_from_the_returned_json_response(module: str, anyio_backend: Backend) -> None:
    client, example = client_for(module, anyio_backend)
    response = client.put("/items/red", json={"name": "Chillies", "size": 1})
    assert parts(response) == (
        201,
        [("content-length", "28"), ("content-type", JSON)],
        b'{"name":"Chillies","size":1}',
    )
    assert example.items["red"] == {"name": "Chillies", "size": 1}  # type: ignore[attr-defined]
    # Now it exists: the second upsert is an update.
    again = client.put("/items/red", json={"name": "Chillies", "size": 2})
    assert parts(again) == (
        200,
        [("content-length", "28"), ("content-type", JSON)],
        b'{"name":"Chillies","size":2}',
    )


def test_no_body_creates_an_empty_item(module: str, anyio_backend: Backend) -> None:
    client, _ = client_for(module, anyio_backend)
    response = client.put("/items/baz")
    assert parts(response) == (
        201,
        [("content-length", "25"), ("content-type", JSON)],
        b'{"name":null,"size":null}',
    )


def test_invalid_size_is_422(module: str, anyio_backend: Backend) -> None:
    client, _ = client_for(module, anyio_backend)
    response = client.put("/items/bar", json={"size": "x"})
    body = (
        b'{"detail":[{"type":"int_parsing","loc":["body","size"],'
        b'"msg":"Input should be a valid integer, unable to parse string as an integer",'
        b'"input":"x"}]}'
    )
    assert parts(response) == (
        422,
        [("content-length", "147"), ("content-type", JSON)],
        body,
    )
