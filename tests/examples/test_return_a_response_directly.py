"""Seed "Return a Response Directly": ``jsonable_encoder`` + ``JSONResponse``, XML, no model.

A returned response passes untouched (no ``response_model`` filtering, its own status),
while a returned dict is filtered.
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"


@pytest.mark.parametrize(
    ("payload", "body"),
    [
        (
            {"title": "Foo", "timestamp": "2024-01-02T03:04:05+01:00"},
            b'{"title":"Foo","timestamp":"2024-01-02T03:04:05+01:00","description":null}',
        ),
        (
            {"title": "Foo", "timestamp": "2024-01-02T03:04:05Z", "description": "d"},
            b'{"title":"Foo","timestamp":"2024-01-02T03:04:05Z","description":"d"}',
        ),
    ],
)
def test_jsonable_encoder_response(payload: dict[str, str], body: bytes, anyio_backend: Backend) -> None:
    example = load("return_a_response_directly.jsonable_encoder_response")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.put("/items/foo", json=payload)) == (
        200,
        [("content-length", str(len(body))), ("content-type", JSON)],
        body,
    )


def test_jsonable_encoder_response_422(anyio_backend: Backend) -> None:
    example = load("return_a_response_directly.jsonable_encoder_response")
    client = TestClient(example.app, backend=anyio_backend)
    response = client.put("/items/foo", json={"title": "Foo", "timestamp": "nope"})
    body = (
        b'{"detail":[{"type":"datetime_from_date_parsing","loc":["body","timestamp"],'
        b'"msg":"Input should be a valid datetime or date, input is too short",'
        b'"input":"nope","ctx":{"error":"input is too short"}}]}'
    )
    assert parts(response) == (422, [("content-length", "198"), ("content-type", JSON)], body)


def test_legacy_xml(anyio_backend: Backend) -> None:
    example = load("return_a_response_directly.legacy_xml")
    client = TestClient(example.app, backend=anyio_backend)
    body = (
        b'<?xml version="1.0"?>\n    <shampoo>\n    <Header>\n        Apply shampoo here.\n'
        b"    </Header>\n    <Body>\n        You'll have to use soap here.\n    </Body>\n"
        b"    </shampoo>\n    "
    )
    assert parts(client.get("/legacy/")) == (
        200,
        [("content-length", "171"), ("content-type", "application/xml")],
        body,
    )


def test_returned_response_skips_the_response_model(anyio_backend: Backend) -> None:
    example = load("return_a_response_directly.model_ignored")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/direct/")) == (
        202,
        [("content-length", "40"), ("content-type", JSON)],
        b'{"name":"Foo","password":"not filtered"}',
    )
    assert parts(client.get("/converted/")) == (
        200,
        [("content-length", "14"), ("content-type", JSON)],
        b'{"name":"Foo"}',
    )
