"""Seed "Using Dataclasses": dataclasses as bodies, response models and nested structures."""

from __future__ import annotations

from typing import Any

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"


def expect(status: int, body: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    return status, [("content-length", str(len(body))), ("content-type", JSON)], body


@pytest.mark.parametrize(
    ("request_kwargs", "expected"),
    [
        (
            {"json": {"name": "Foo", "price": 3.5}},
            expect(200, b'{"name":"Foo","price":3.5,"description":null,"tax":null}'),
        ),
        (
            {"json": {"name": "Foo", "price": "3", "tax": 1}},
            expect(200, b'{"name":"Foo","price":3.0,"description":null,"tax":1.0}'),
        ),
        (
            {"json": {"name": "Foo"}},
            expect(
                422,
                b'{"detail":[{"type":"missing","loc":["body","price"],"msg":"Field required",'
                b'"input":{"name":"Foo"}}]}',
            ),
        ),
        (
            {"content": b"nope", "headers": {"content-type": "application/json"}},
            expect(
                422,
                b'{"detail":[{"type":"json_invalid","loc":["body",0],"msg":"JSON decode error",'
                b'"input":{},"ctx":{"error":"Expecting value"}}]}',
            ),
        ),
    ],
)
def test_dataclass_request_body(
    request_kwargs: dict[str, Any],
    expected: tuple[int, list[tuple[str, str]], bytes],
    anyio_backend: Backend,
) -> None:
    example = load("using_dataclasses.request_body")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.post("/items/", **request_kwargs)) == expected


def test_dataclass_response_model(anyio_backend: Backend) -> None:
    example = load("using_dataclasses.response_model")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/items/next")) == expect(
        200,
        b'{"name":"Island In The Moon","price":12.99,"tags":["breater"],'
        b'"description":"A place to be playin\' and havin\' fun","tax":null}',
    )


def test_nested_pydantic_dataclasses(anyio_backend: Backend) -> None:
    example = load("using_dataclasses.nested")
    client = TestClient(example.app, backend=anyio_backend)
    created = client.post(
        "/authors/foo/items/", json=[{"name": "Bar"}, {"name": "Baz", "description": "d"}]
    )
    assert parts(created) == expect(
        200,
        b'{"name":"foo","items":[{"name":"Bar","description":null},'
        b'{"name":"Baz","description":"d"}]}',
    )
    invalid = client.post("/authors/foo/items/", json=[{"description": "d"}])
    assert parts(invalid) == expect(
        422,
        b'{"detail":[{"type":"missing","loc":["body",0,"name"],"msg":"Field required",'
        b'"input":{"description":"d"}}]}',
    )
    authors = client.get("/authors/")
    assert parts(authors) == expect(
        200,
        b'[{"name":"Breaters","items":[{"name":"Island In The Moon",'
        b'"description":"A place to be playin\' and havin\' fun"},'
        b'{"name":"Holy Buddies","description":null}]},'
        b'{"name":"System of an Up","items":[{"name":"Salt",'
        b'"description":"The kombucha mushroom people\'s favorite"},'
        b'{"name":"Pad Thai","description":null},{"name":"Lonely Night",'
        b'"description":"The mostests lonliest nightiest of allest"}]}]',
    )
