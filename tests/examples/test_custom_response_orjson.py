"""Seed "Custom Response": the ``ORJSONResponse`` programs (skipped without orjson)."""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

pytest.importorskip("orjson")

LIST = b'[{"item_id":"Foo"}]'


@pytest.mark.parametrize(
    "module", ["orjson_direct", "orjson_response_class", "default_response_class"]
)
def test_orjson_items(module: str, anyio_backend: Backend) -> None:
    example = load(f"custom_response.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/items/")) == (
        200,
        [("content-length", "19"), ("content-type", "application/json")],
        LIST,
    )


def test_custom_orjson_render(anyio_backend: Backend) -> None:
    example = load("custom_response.custom_orjson")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/")) == (
        200,
        [("content-length", "30"), ("content-type", "application/json")],
        b'{\n  "message": "Hello World"\n}',
    )
