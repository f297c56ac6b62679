"""Seed "Custom Response": the ``UJSONResponse`` program (skipped without ujson)."""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

pytest.importorskip("ujson")


def test_ujson_items(anyio_backend: Backend) -> None:
    example = load("custom_response.ujson_response_class")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/items/")) == (
        200,
        [("content-length", "19"), ("content-type", "application/json")],
        b'[{"item_id":"Foo"}]',
    )
