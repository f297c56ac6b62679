"""Seed "WebSockets": the chat page and echo, params and dependencies, disconnect/broadcast.

Driven as a user would with ``client.websocket_connect``: the messages each side sees,
the close codes (1008 from ``WebSocketException`` and from invalid parameters, with the
reason FastAPI 0.165 gives), and the HTML page served over HTTP.
"""

from __future__ import annotations

import pytest

from framework import WebSocketDisconnect
from testing import TestClient, WebSocketDenialResponse

from ._fw_support import Backend, load, parts

HTML_TYPE = "text/html; charset=utf-8"


def test_chat_page_and_echo(anyio_backend: Backend) -> None:
    example = load("websockets.chat")
    client = TestClient(example.app, backend=anyio_backend)
    page = example.html.encode()
    assert parts(client.get("/")) == (
        200,
        [("content-length", str(len(page))), ("content-type", HTML_TYPE)],
        page,
    )
    # The endpoint loops on receive_text(): leaving the block disconnects it, and the
    # WebSocketDisconnect it does not catch is re-raised by the client (as in FastAPI's tests).
    with pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/ws") as websocket:
            for text in ("Hello", "and again", "ünïcode ✓"):
                websocket.send_text(text)
                assert websocket.receive_text() == f"Message text was: {text}"
    assert info.value.code == 1000


@pytest.mark.parametrize("module", ["depends_an", "depends"])
def test_query_token(module: str, anyio_backend: Backend) -> None:
    example = load(f"websockets.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/items/foo/ws?token=some-key-token") as websocket:
            websocket.send_text("Hi")
            assert websocket.receive_text() == "Session cookie or query token value is: some-key-token"
            assert websocket.receive_text() == "Message text was: Hi, for item ID: foo"
            websocket.send_text("Again")
            assert websocket.receive_text() == "Session cookie or query token value is: some-key-token"
            assert websocket.receive_text() == "Message text was: Again, for item ID: foo"


@pytest.mark.parametrize("module", ["depends_an", "depends"])
def test_session_cookie_and_q(module: str, anyio_backend: Backend) -> None:
    example = load(f"websockets.{module}")
    client = TestClient(example.app, backend=anyio_backend, cookies={"session": "fakesession"})
    with pytest.raises(WebSocketDisconnect):
        with client.websocket_connect("/items/bar/ws?q=3&token=ignored") as websocket:
            websocket.send_text("Hello")
            assert websocket.receive_text() == "Session cookie or query token value is: fakesession"
            assert websocket.receive_text() == "Query parameter q is: 3"
            assert websocket.receive_text() == "Message text was: Hello, for item ID: bar"


@pytest.mark.parametrize("module", ["depends_an", "depends"])
def test_no_credentials_closes_with_1008(module: str, anyio_backend: Backend) -> None:
    example = load(f"websockets.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    with pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/items/foo/ws"):
            pass  # pragma: no cover - the server closes before accepting
    assert (info.value.code, info.value.reason) == (1008, "")


@pytest.mark.parametrize("module", ["depends_an", "depends"])
def test_invalid_q_closes_with_1008(module: str, anyio_backend: Backend) -> None:
    example = load(f"websockets.{module}")
    client = TestClient(example.app, backend=anyio_backend)
    with pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/items/foo/ws?q=three&token=t"):
            pass  # pragma: no cover - the server closes before accepting
    assert info.value.code == 1008
    # FastAPI puts the error list itself in the close message (not a str, as ASGI wants);
    # Keel sends its JSON text cut to the 123 bytes a close frame allows. Both name the error.
    assert "int_parsing" in str(info.value.reason)


def test_broadcast_and_disconnect(anyio_backend: Backend) -> None:
    example = load("websockets.broadcast")
    with TestClient(example.app, backend=anyio_backend) as client:
        with client.websocket_connect("/ws/1") as one:
            with client.websocket_connect("/ws/2") as two:
                one.send_text("hello")
                assert one.receive_text() == "You wrote: hello"
                assert one.receive_text() == "Client #1 says: hello"
                assert two.receive_text() == "Client #1 says: hello"
                two.send_text("hi one")
                assert two.receive_text() == "You wrote: hi one"
                assert one.receive_text() == "Client #2 says: hi one"
                assert two.receive_text() == "Client #2 says: hi one"
            assert one.receive_text() == "Client #2 left the chat"
            assert len(example.manager.active_connections) == 1
        page = example.html.encode()
        assert parts(client.get("/")) == (
            200,
            [("content-length", str(len(page))), ("content-type", HTML_TYPE)],
            page,
        )
    assert example.manager.active_connections == []


def test_invalid_client_id_closes_with_1008(anyio_backend: Backend) -> None:
    example = load("websockets.broadcast")
    client = TestClient(example.app, backend=anyio_backend)
    with pytest.raises(WebSocketDisconnect) as info:
        with client.websocket_connect("/ws/abc"):
            pass  # pragma: no cover - the server closes before accepting
    assert info.value.code == 1008


def test_text_bytes_and_json(anyio_backend: Backend) -> None:
    example = load("websockets.kinds_of_data")
    client = TestClient(example.app, backend=anyio_backend)
    with client.websocket_connect("/echo") as websocket:
        websocket.send_text("shout")
        assert websocket.receive_text() == "SHOUT"
        websocket.send_bytes(b"\x00\x01\x02")
        assert websocket.receive_bytes() == b"\x02\x01\x00"
        websocket.send_json({"b": 1, "a": [True, None]})
        assert websocket.receive_json() == {"received": {"b": 1, "a": [True, None]}, "keys": ["a", "b"]}
        with pytest.raises(WebSocketDisconnect) as info:
            websocket.receive_text()
    assert (info.value.code, info.value.reason) == (1000, "done")


def test_http_request_to_a_websocket_route_is_404(anyio_backend: Backend) -> None:
    example = load("websockets.chat")
    client = TestClient(example.app, backend=anyio_backend)
    assert parts(client.get("/ws")) == (
        404,
        [("content-length", "22"), ("content-type", "application/json")],
        b'{"detail":"Not Found"}',
    )


def test_http_exception_before_accept_is_a_denial_response(anyio_backend: Backend) -> None:
    example = load("websockets.http_exception_denial")
    client = TestClient(example.app, backend=anyio_backend)
    with pytest.raises(WebSocketDenialResponse) as info:
        with client.websocket_connect("/private"):
            pass  # pragma: no cover - the handshake is refused
    denial = info.value
    assert (denial.status_code, list(denial.headers.multi_items()), denial.content) == (
        403,
        [("x-reason", "token"), ("content-length", "22"), ("content-type", "application/json")],
        b'{"detail":"forbidden"}',
    )
    with client.websocket_connect("/private", headers={"X-Token": "open-sesame"}) as websocket:
        assert websocket.receive_text() == "welcome"
