"""WebSocket driven by hand: the server side is a list of incoming messages and a list of
what the app sent, so every ASGI message is asserted exactly."""

from __future__ import annotations

import json
from typing import Any

import anyio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.requests import HTTPConnection
from asgi_core.responses import PlainTextResponse, Response
from asgi_core.websockets import (
    WebSocket,
    WebSocketClose,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)
from testing import TestClient, WebSocketDenialResponse
from testing import WebSocketDisconnect as ClientDisconnect

pytestmark = pytest.mark.anyio

CONNECT = {"type": "websocket.connect"}
ACCEPT = {"type": "websocket.accept", "subprotocol": None, "headers": []}
DENIAL = {"websocket.http.response": {}}


def text(value: str) -> dict[str, Any]:
    return {"type": "websocket.receive", "text": value}


def data(value: bytes) -> dict[str, Any]:
    return {"type": "websocket.receive", "bytes": value}


def disconnect(code: int = 1000, reason: str | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"type": "websocket.disconnect", "code": code}
    if reason is not None:
        message["reason"] = reason
    return message


def ws_scope(**extra: Any) -> dict[str, Any]:
    scope: dict[str, Any] = {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": "ws",
        "path": "/chat/7",
        "raw_path": b"/chat/7",
        "query_string": b"room=a&room=b",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"cookie", b"sid=abc")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "subprotocols": ["chat", "superchat"],
        "path_params": {"id": 7},
        "state": {},
    }
    scope.update(extra)
    return scope


class Peer:
    """The server's side: queued incoming messages and the list of what the app sent."""

    def __init__(self, *incoming: dict[str, Any], fail_on: str | None = None) -> None:
        self.incoming = list(incoming)
        self.sent: list[dict[str, Any]] = []
        self.fail_on = fail_on

    async def receive(self) -> dict[str, Any]:
        if not self.incoming:
            raise AssertionError("the app read past the last queued message")
        return self.incoming.pop(0)

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == self.fail_on:
            raise OSError("connection reset")
        self.sent.append(dict(message))


def connect(*incoming: dict[str, Any], **scope_extra: Any) -> tuple[WebSocket, Peer]:
    peer = Peer(*incoming)
    return WebSocket(ws_scope(**scope_extra), peer.receive, peer.send), peer


def states(ws: WebSocket) -> tuple[WebSocketState, WebSocketState]:
    return ws.client_state, ws.application_state


S = WebSocketState


# --- the connection object -------------------------------------------------------------


async def test_is_an_http_connection_over_the_scope():
    ws, _ = connect()
    assert isinstance(ws, HTTPConnection)
    assert ws.url.path == "/chat/7"
    assert str(ws.url) == "ws://testserver/chat/7?room=a&room=b"
    assert ws.query_params.getlist("room") == ["a", "b"]
    assert ws.headers["host"] == "testserver"
    assert ws.cookies == {"sid": "abc"}
    assert ws.path_params == {"id": 7}
    assert ws["subprotocols"] == ["chat", "superchat"]
    assert states(ws) == (S.CONNECTING, S.CONNECTING)


async def test_rejects_a_non_websocket_scope():
    peer = Peer()
    with pytest.raises(AssertionError, match="expected a 'websocket' scope, got 'http'"):
        WebSocket(ws_scope(type="http"), peer.receive, peer.send)


def test_state_values_match_starlette():
    assert [(s.name, s.value) for s in WebSocketState] == [
        ("CONNECTING", 0),
        ("CONNECTED", 1),
        ("DISCONNECTED", 2),
        ("RESPONSE", 3),
    ]


# --- handshake ------------------------------------------------------------------------


async def test_accept_reads_connect_then_sends_accept():
    ws, peer = connect(CONNECT)
    await ws.accept()
    assert peer.sent == [ACCEPT]
    assert peer.incoming == []
    assert states(ws) == (S.CONNECTED, S.CONNECTED)


async def test_accept_with_subprotocol_and_headers():
    ws, peer = connect(CONNECT)
    await ws.accept("superchat", headers=((b"x-a", b"1"), (b"set-cookie", b"k=v")))
    assert peer.sent == [
        {
            "type": "websocket.accept",
            "subprotocol": "superchat",
            "headers": [(b"x-a", b"1"), (b"set-cookie", b"k=v")],
        }
    ]


async def test_accept_after_connect_was_received_by_hand_does_not_read_again():
    ws, peer = connect(CONNECT, text("queued"))
    assert await ws.receive() == CONNECT
    assert states(ws) == (S.CONNECTED, S.CONNECTING)
    await ws.accept()
    assert peer.sent == [ACCEPT]
    assert await ws.receive_text() == "queued"


async def test_accept_when_the_client_left_first():
    ws, peer = connect(disconnect(1005))
    with pytest.raises(RuntimeError) as info:
        await ws.accept()
    assert str(info.value) == (
        "Expected ASGI message \"websocket.connect\", but got 'websocket.disconnect'"
    )
    assert peer.sent == []
    assert states(ws) == (S.CONNECTING, S.CONNECTING)


# --- data both ways ---------------------------------------------------------------------


async def test_receive_every_kind():
    ws, _ = connect(
        CONNECT,
        text("hé"),
        data(b"\x00\xff"),
        text('{"a": [1, 2.5, null]}'),
        data('{"b": "é"}'.encode()),
    )
    await ws.accept()
    assert await ws.receive_text() == "hé"
    assert await ws.receive_bytes() == b"\x00\xff"
    assert await ws.receive_json() == {"a": [1, 2.5, None]}
    assert await ws.receive_json(mode="binary") == {"b": "é"}


async def test_receive_raw_messages_pass_through():
    ws, _ = connect(CONNECT, text("x"), disconnect(1001, "gone"))
    await ws.accept()
    assert await ws.receive() == text("x")
    assert await ws.receive() == disconnect(1001, "gone")
    assert states(ws) == (S.DISCONNECTED, S.CONNECTED)


async def test_send_every_kind():
    ws, peer = connect(CONNECT)
    await ws.accept()
    await ws.send_text("hé")
    await ws.send_bytes(b"\x00\xff")
    await ws.send_json({"a": [1, 2.5, None], "é": "ü"})
    await ws.send_json(["x"], mode="binary")
    assert peer.sent == [
        ACCEPT,
        {"type": "websocket.send", "text": "hé"},
        {"type": "websocket.send", "bytes": b"\x00\xff"},
        {"type": "websocket.send", "text": '{"a":[1,2.5,null],"é":"ü"}'},
        {"type": "websocket.send", "bytes": b'["x"]'},
    ]
    assert states(ws) == (S.CONNECTED, S.CONNECTED)


@pytest.mark.parametrize(
    ("method", "incoming", "expected"),
    [
        ("iter_text", [text("a"), text("b")], ["a", "b"]),
        ("iter_bytes", [data(b"a"), data(b"")], [b"a", b""]),
        ("iter_json", [text("[1]"), text('"s"'), text("null")], [[1], "s", None]),
    ],
)
async def test_iterators_stop_at_disconnect(method, incoming, expected):
    ws, peer = connect(CONNECT, *incoming, disconnect(1001))
    await ws.accept()
    assert [item async for item in getattr(ws, method)()] == expected
    assert peer.incoming == []
    assert states(ws) == (S.DISCONNECTED, S.CONNECTED)


@pytest.mark.parametrize("method", ["receive_text", "receive_bytes", "receive_json"])
@pytest.mark.parametrize(
    ("message", "code", "reason"),
    [(disconnect(1001, "going away"), 1001, "going away"), (disconnect(4000), 4000, "")],
)
async def test_receive_raises_disconnect_with_code_and_reason(method, message, code, reason):
    ws, _ = connect(CONNECT, message)
    await ws.accept()
    with pytest.raises(WebSocketDisconnect) as info:
        await getattr(ws, method)()
    assert (info.value.code, info.value.reason) == (code, reason)
    assert states(ws) == (S.DISCONNECTED, S.CONNECTED)


async def test_disconnect_without_a_code_is_1005():
    ws, _ = connect(CONNECT, {"type": "websocket.disconnect"})
    await ws.accept()
    with pytest.raises(WebSocketDisconnect) as info:
        await ws.receive_text()
    assert info.value.code == 1005


# --- closing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((), {"type": "websocket.close", "code": 1000, "reason": ""}),
        ((1001, "bye"), {"type": "websocket.close", "code": 1001, "reason": "bye"}),
        ((4003, None), {"type": "websocket.close", "code": 4003, "reason": ""}),
    ],
)
async def test_close_after_accept(args, expected):
    ws, peer = connect(CONNECT)
    await ws.accept()
    await ws.close(*args)
    assert peer.sent == [ACCEPT, expected]
    assert states(ws) == (S.CONNECTED, S.DISCONNECTED)


async def test_close_before_accept_rejects_the_handshake():
    ws, peer = connect(CONNECT)
    await ws.close(reason="nope")
    assert peer.sent == [{"type": "websocket.close", "code": 1000, "reason": "nope"}]
    assert states(ws) == (S.CONNECTING, S.DISCONNECTED)


async def test_websocket_close_app():
    peer = Peer()
    await WebSocketClose()(ws_scope(), peer.receive, peer.send)
    await WebSocketClose(1008, "policy")(ws_scope(), peer.receive, peer.send)
    await WebSocketClose(reason=None)(ws_scope(), peer.receive, peer.send)
    assert peer.sent == [
        {"type": "websocket.close", "code": 1000, "reason": ""},
        {"type": "websocket.close", "code": 1008, "reason": "policy"},
        {"type": "websocket.close", "code": 1000, "reason": ""},
    ]


def test_disconnect_exception_fields():
    default = WebSocketDisconnect()
    assert (default.code, default.reason, default.args) == (1000, "", ())
    given_ = WebSocketDisconnect(1001, "r")
    assert (given_.code, given_.reason, given_.args) == (1001, "r", (1001, "r"))
    assert issubclass(WebSocketDisconnected, RuntimeError)


# --- transport failures -----------------------------------------------------------------


async def test_oserror_after_accept_becomes_disconnect_1006():
    peer = Peer(CONNECT, fail_on="websocket.send")
    ws = WebSocket(ws_scope(), peer.receive, peer.send)
    await ws.accept()
    with pytest.raises(WebSocketDisconnect) as info:
        await ws.send_text("x")
    assert (info.value.code, info.value.reason) == (1006, "")
    assert states(ws) == (S.CONNECTED, S.DISCONNECTED)
    with pytest.raises(WebSocketDisconnected):
        await ws.send_text("again")
    assert peer.sent == [ACCEPT]


async def test_oserror_before_accept_propagates():
    peer = Peer(CONNECT, fail_on="websocket.close")
    ws = WebSocket(ws_scope(), peer.receive, peer.send)
    with pytest.raises(OSError, match="connection reset"):
        await ws.close()
    assert states(ws) == (S.CONNECTING, S.DISCONNECTED)


# --- every illegal transition -----------------------------------------------------------

EXPECT_CONNECTING_SEND = (
    'Expected ASGI message "websocket.accept", "websocket.close" or '
    "\"websocket.http.response.start\", but got 'websocket.send'"
)
EXPECT_CONNECTED_SEND = (
    "Expected ASGI message \"websocket.send\" or \"websocket.close\", but got '{}'"
)
EXPECT_CONNECTED_RECEIVE = (
    "Expected ASGI message \"websocket.receive\" or \"websocket.disconnect\", but got '{}'"
)
NOT_ACCEPTED = 'WebSocket is not connected. Need to call "accept" first.'
SEND_CLOSED = 'Cannot call "send" once a close message has been sent.'
RECEIVE_CLOSED = 'Cannot call "receive" once a disconnect message has been received.'
BAD_MODE = 'The "mode" argument should be "text" or "binary".'


async def _accepted(ws: WebSocket) -> None:
    await ws.accept()


async def _closed(ws: WebSocket) -> None:
    await ws.accept()
    await ws.close()


async def _client_gone(ws: WebSocket) -> None:
    await ws.accept()
    await ws.receive()


async def _nothing(ws: WebSocket) -> None:
    return None


async def _responding(ws: WebSocket) -> None:
    await ws.send({"type": "websocket.http.response.start", "status": 403, "headers": []})


async def _denied(ws: WebSocket) -> None:
    await ws.send_denial_response(PlainTextResponse("no", 403))


ILLEGAL = [
    # (name, setup, action, exception, message)
    ("send before accept", _nothing, lambda ws: ws.send_text("x"),
     RuntimeError, EXPECT_CONNECTING_SEND),
    ("accept twice", _accepted, lambda ws: ws.accept(),
     RuntimeError, EXPECT_CONNECTED_SEND.format("websocket.accept")),
    ("unknown send", _accepted, lambda ws: ws.send({"type": "websocket.foo"}),
     RuntimeError, EXPECT_CONNECTED_SEND.format("websocket.foo")),
    ("denial after accept", _accepted, lambda ws: ws.send_denial_response(
        PlainTextResponse("no", 403)),
     RuntimeError, EXPECT_CONNECTED_SEND.format("websocket.http.response.start")),
    ("send after close", _closed, lambda ws: ws.send_text("x"), WebSocketDisconnected, SEND_CLOSED),
    ("close twice", _closed, lambda ws: ws.close(), WebSocketDisconnected, SEND_CLOSED),
    ("receive_text after close", _closed, lambda ws: ws.receive_text(),
     WebSocketDisconnected, NOT_ACCEPTED),
    ("receive_text before accept", _nothing, lambda ws: ws.receive_text(),
     WebSocketDisconnected, NOT_ACCEPTED),
    ("receive_bytes before accept", _nothing, lambda ws: ws.receive_bytes(),
     WebSocketDisconnected, NOT_ACCEPTED),
    ("receive_json before accept", _nothing, lambda ws: ws.receive_json(),
     WebSocketDisconnected, NOT_ACCEPTED),
    ("iter_text before accept", _nothing, lambda ws: ws.iter_text().__anext__(),
     WebSocketDisconnected, NOT_ACCEPTED),
    ("receive after disconnect", _client_gone, lambda ws: ws.receive(),
     WebSocketDisconnected, RECEIVE_CLOSED),
    ("receive_text after disconnect", _client_gone, lambda ws: ws.receive_text(),
     WebSocketDisconnected, RECEIVE_CLOSED),
    ("body expected in RESPONSE", _responding, lambda ws: ws.send_text("x"),
     RuntimeError,
     "Expected ASGI message \"websocket.http.response.body\", but got 'websocket.send'"),
    ("send after denial", _denied, lambda ws: ws.send_text("x"), WebSocketDisconnected,
     SEND_CLOSED),
    ("receive_json bad mode", _accepted, lambda ws: ws.receive_json(mode="x"),
     RuntimeError, BAD_MODE),
    ("send_json bad mode", _accepted, lambda ws: ws.send_json({}, mode="bytes"),
     RuntimeError, BAD_MODE),
]


@pytest.mark.parametrize(
    ("setup", "action", "error", "message"),
    [pytest.param(*row[1:], id=row[0]) for row in ILLEGAL],
)
async def test_illegal_transition_raises_and_sends_nothing(setup, action, error, message):
    ws, peer = connect(CONNECT, disconnect(1001), extensions=DENIAL)
    await setup(ws)
    before_states, before_sent = states(ws), list(peer.sent)
    with pytest.raises(error) as info:
        await action(ws)
    assert type(info.value) is error
    assert str(info.value) == message
    assert peer.sent == before_sent
    assert states(ws) == before_states


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (text("x"), "\"websocket.connect\", but got 'websocket.receive'"),
        ({"type": "websocket.foo"}, "\"websocket.connect\", but got 'websocket.foo'"),
    ],
)
async def test_first_message_must_be_connect(first, expected):
    ws, _ = connect(first)
    with pytest.raises(RuntimeError) as info:
        await ws.receive()
    assert str(info.value) == "Expected ASGI message " + expected
    assert states(ws) == (S.CONNECTING, S.CONNECTING)


@pytest.mark.parametrize("kind", ["websocket.connect", "websocket.foo", "http.request"])
async def test_connected_client_may_only_receive_or_disconnect(kind):
    ws, _ = connect(CONNECT, {"type": kind})
    await ws.accept()
    with pytest.raises(RuntimeError) as info:
        await ws.receive()
    assert str(info.value) == EXPECT_CONNECTED_RECEIVE.format(kind)
    assert states(ws) == (S.CONNECTED, S.CONNECTED)


# --- denial response --------------------------------------------------------------------


async def test_denial_response_needs_the_extension():
    ws, peer = connect(CONNECT)
    with pytest.raises(RuntimeError) as info:
        await ws.send_denial_response(PlainTextResponse("no", 403))
    assert str(info.value) == "The server doesn't support the Websocket Denial Response extension."
    assert peer.sent == []
    assert states(ws) == (S.CONNECTING, S.CONNECTING)


async def test_denial_response_is_sent_as_websocket_http_response():
    ws, peer = connect(CONNECT, extensions=DENIAL)
    await ws.send_denial_response(PlainTextResponse("no", 403, headers={"x-why": "auth"}))
    assert peer.sent == [
        {
            "type": "websocket.http.response.start",
            "status": 403,
            "headers": [
                (b"x-why", b"auth"),
                (b"content-length", b"2"),
                (b"content-type", b"text/plain; charset=utf-8"),
            ],
        },
        {"type": "websocket.http.response.body", "body": b"no"},
    ]
    assert states(ws) == (S.CONNECTING, S.DISCONNECTED)


async def test_denial_with_a_response_that_speaks_plain_http():
    class HTTPOnly(Response):
        async def __call__(self, scope, receive, send):
            await send({"type": "http.response.start", "status": 401, "headers": []})
            await send({"type": "http.response.body", "body": b"a", "more_body": True})
            await send({"type": "http.response.body", "body": b"b"})

    ws, peer = connect(CONNECT, extensions=DENIAL)
    await ws.send_denial_response(HTTPOnly())
    assert peer.sent == [
        {"type": "websocket.http.response.start", "status": 401, "headers": []},
        {"type": "websocket.http.response.body", "body": b"a", "more_body": True},
        {"type": "websocket.http.response.body", "body": b"b"},
    ]
    assert states(ws) == (S.CONNECTING, S.DISCONNECTED)


async def test_denial_body_with_more_body_stays_in_response():
    ws, _ = connect(CONNECT)
    await ws.send({"type": "websocket.http.response.start", "status": 403, "headers": []})
    assert ws.application_state is S.RESPONSE
    await ws.send({"type": "websocket.http.response.body", "body": b"a", "more_body": True})
    assert ws.application_state is S.RESPONSE
    await ws.send({"type": "websocket.http.response.body", "body": b"b"})
    assert ws.application_state is S.DISCONNECTED


# --- a whole conversation over memory streams -------------------------------------------


async def test_echo_app_over_memory_streams():
    to_app_send, to_app_recv = anyio.create_memory_object_stream[dict[str, Any]](10)
    from_app_send, from_app_recv = anyio.create_memory_object_stream[dict[str, Any]](10)

    async def app(scope, receive, send):
        ws = WebSocket(scope, receive, send)
        await ws.accept(subprotocol=scope["subprotocols"][0])
        async for message in ws.iter_json():
            await ws.send_json({"echo": message})
        await ws.close(1000, "done")

    async with to_app_send, to_app_recv, from_app_send, from_app_recv, anyio.create_task_group() as tg:
        tg.start_soon(app, ws_scope(), to_app_recv.receive, from_app_send.send)
        await to_app_send.send(CONNECT)
        assert await from_app_recv.receive() == {
            "type": "websocket.accept", "subprotocol": "chat", "headers": []
        }
        for item in (1, "two", {"three": [3]}):
            await to_app_send.send(text(json.dumps(item)))
            reply = await from_app_recv.receive()
            assert reply == {"type": "websocket.send", "text": json.dumps(
                {"echo": item}, separators=(",", ":"))}
        await to_app_send.send(disconnect(1000))
        assert await from_app_recv.receive() == {
            "type": "websocket.close", "code": 1000, "reason": "done"
        }


# --- property: whatever the app tries, only a legal conversation reaches the server -----

OPS = st.sampled_from(
    ["accept", "send_text", "send_bytes", "close", "deny", "start", "body_more", "body_end",
     "receive", "receive_text"]
)


async def _apply(ws: WebSocket, op: str) -> None:
    if op == "accept":
        await ws.accept()
    elif op == "send_text":
        await ws.send_text("t")
    elif op == "send_bytes":
        await ws.send_bytes(b"b")
    elif op == "close":
        await ws.close()
    elif op == "deny":
        await ws.send_denial_response(PlainTextResponse("d", 403))
    elif op == "start":
        await ws.send({"type": "websocket.http.response.start", "status": 403, "headers": []})
    elif op == "body_more":
        await ws.send({"type": "websocket.http.response.body", "body": b"m", "more_body": True})
    elif op == "body_end":
        await ws.send({"type": "websocket.http.response.body", "body": b"e"})
    elif op == "receive":
        await ws.receive()
    else:
        await ws.receive_text()


def _legal_conversation(kinds: list[str]) -> bool:
    """The ASGI spec's orders for what an app sends, written independently of the module."""
    if not kinds:
        return True
    head, rest = kinds[0], kinds[1:]
    if head == "websocket.accept":
        body = rest[:-1] if rest and rest[-1] == "websocket.close" else rest
        return all(kind == "websocket.send" for kind in body)
    if head == "websocket.close":
        return rest == []
    if head == "websocket.http.response.start":
        return all(kind == "websocket.http.response.body" for kind in rest)
    return False


@settings(max_examples=100, deadline=None)
@given(ops=st.lists(OPS, max_size=8), incoming=st.lists(
    st.sampled_from([text("x"), data(b"y"), disconnect(1001), CONNECT]), max_size=6))
async def test_any_op_sequence_sends_only_a_legal_conversation(ops, incoming):
    ws, peer = connect(CONNECT, *incoming, extensions=DENIAL)
    peer.incoming.extend([disconnect(1000)] * 10)
    for op in ops:
        before = len(peer.sent)
        try:
            await _apply(ws, op)
        except (RuntimeError, WebSocketDisconnect, KeyError):
            # A refused move sends nothing (a KeyError is a text read of a bytes frame).
            if op not in ("receive", "receive_text"):
                assert len(peer.sent) == before
    kinds = [m["type"] for m in peer.sent]
    assert _legal_conversation(kinds), kinds
    bodies = [m for m in peer.sent if m["type"] == "websocket.http.response.body"]
    assert all(m.get("more_body") for m in bodies[:-1])
    finished = (
        kinds[-1:] == ["websocket.close"]
        or (bodies and not bodies[-1].get("more_body"))
    )
    assert (ws.application_state is S.DISCONNECTED) == bool(finished)


# --- through the TestClient (its server side; both backends via the anyio_backend fixture)


def _client_app():
    async def app(scope, receive, send):
        ws = WebSocket(scope, receive, send)
        if ws.query_params.get("deny"):
            await ws.send_denial_response(PlainTextResponse("go away", 403))
            return
        await ws.accept(subprotocol="superchat", headers=[(b"x-server", b"keel")])
        name = await ws.receive_text()
        await ws.send_text(f"hello {name}")
        await ws.send_bytes(await ws.receive_bytes() * 2)
        await ws.send_json({"got": await ws.receive_json(mode="binary")}, mode="binary")
        await ws.close(4001, "bye")

    return app


def test_conversation_through_the_test_client(anyio_backend):
    client = TestClient(_client_app(), backend=anyio_backend)
    with client.websocket_connect("/ws", subprotocols=["chat", "superchat"]) as session:
        assert session.accepted_subprotocol == "superchat"
        assert session.extra_headers == [(b"x-server", b"keel")]
        session.send_text("ada")
        assert session.receive_text() == "hello ada"
        session.send_bytes(b"ab")
        assert session.receive_bytes() == b"abab"
        session.send_json([1, "é"], mode="binary")
        assert session.receive_json(mode="binary") == {"got": [1, "é"]}
        with pytest.raises(ClientDisconnect) as info:
            session.receive_text()
    assert (info.value.code, info.value.reason) == (4001, "bye")


def test_denial_through_the_test_client(anyio_backend):
    client = TestClient(_client_app(), backend=anyio_backend)
    with pytest.raises(WebSocketDenialResponse) as info:
        with client.websocket_connect("/ws?deny=1"):
            pass
    assert (info.value.status_code, info.value.text) == (403, "go away")
    assert info.value.headers["content-type"] == "text/plain; charset=utf-8"
