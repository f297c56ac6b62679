"""Seed "Testing Events": ``with TestClient(app)`` runs the lifespan / startup handlers.

The seed's own test functions run as written (default backend), and the same checks run
on both backends with full responses.
"""

from __future__ import annotations

import pytest

from testing import TestClient

from ._fw_support import Backend, load, parts

JSON = "application/json"
FOO = (200, [("content-length", "19"), ("content-type", JSON)], b'{"name":"Fighters"}')
BAR = (200, [("content-length", "18"), ("content-type", JSON)], b'{"name":"Tenders"}')


def test_the_seeds_lifespan_test() -> None:
    load("testing_events.lifespan_items").test_read_items()


def test_the_seeds_startup_test() -> None:
    with pytest.warns(DeprecationWarning, match="on_event is deprecated"):
        example = load("testing_events.startup_items")
    example.test_read_items()


def test_lifespan_items(anyio_backend: Backend) -> None:
    example = load("testing_events.lifespan_items")
    assert example.items == {}
    with TestClient(example.app, backend=anyio_backend) as client:
        assert example.items == {"foo": {"name": "Fighters"}, "bar": {"name": "Tenders"}}
        assert parts(client.get("/items/foo")) == FOO
        assert parts(client.get("/items/bar")) == BAR
    assert example.items == {}
    # A second run of the lifespan works the same.
    with TestClient(example.app, backend=anyio_backend) as client:
        assert parts(client.get("/items/foo")) == FOO
    assert example.items == {}


def test_startup_items(anyio_backend: Backend) -> None:
    with pytest.warns(DeprecationWarning, match="on_event is deprecated"):
        example = load("testing_events.startup_items")
    outside = TestClient(example.app, backend=anyio_backend)
    with pytest.raises(KeyError, match="foo"):
        outside.get("/items/foo")
    with TestClient(example.app, backend=anyio_backend) as client:
        assert parts(client.get("/items/foo")) == FOO
        assert parts(client.get("/items/bar")) == BAR
