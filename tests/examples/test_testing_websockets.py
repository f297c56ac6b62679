"""Seed "Testing WebSockets": the same TestClient for HTTP and ``websocket_connect``."""

from __future__ import annotations

import pytest

from framework import WebSocketDisconnect
from testing import TestClient

from ._fw_support import Backend, load, parts


def test_the_seeds_own_tests() -> None:
    example = load("testing_websockets.main")
    example.test_read_main()
    example.test_websocket()


def test_read_main(anyio_backend: Backend) -> None:
    example = load("testing_websockets.main")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/")) == (
        200,
        [("content-length", "21"), ("content-type", "application/json")],
        b'{"msg":"Hello World"}',
    )


def test_websocket(anyio_backend: Backend) -> None:
    example = load("testing_websockets.main")
    client = TestClient(example.app, backend=anyio_backend)
    with client.websocket_connect("/ws") as websocket:
        assert websocket.receive_json() == {"msg": "Hello WebSocket"}
        with pytest.raises(WebSocketDisconnect) as info:
            websocket.receive_json()
    assert (info.value.code, info.value.reason) == (1000, "")


def test_websocket_inside_the_lifespan_block(anyio_backend: Backend) -> None:
    example = load("testing_websockets.main")
    with TestClient(example.app, backend=anyio_backend) as client:
        with client.websocket_connect("/ws") as websocket:
            assert websocket.receive_json() == {"msg": "Hello WebSocket"}
        assert client.get("/").json() == {"msg": "Hello World"}
