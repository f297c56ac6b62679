"""WebSockets: the sans-I/O cycle against a wsproto client, then over a real socket."""

from __future__ import annotations

import socket
import zlib
from typing import Any

import anyio
import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Ping,
    Pong,
    RejectConnection,
    RejectData,
    Request,
    TextMessage,
)
from wsproto.extensions import PerMessageDeflate

from asgi_core.server.config import Config
from asgi_core.server.http import HTTPConnection, StartWebSocket
from asgi_core.server.websocket import WS_SEND_TABLE, WebSocketCycle, WSPhase
from tests.asgi_core.server import apps
from tests.asgi_core.server.test_server_transport import in_thread, serving


def handshake(
    subprotocols: list[str] | None = None, deflate: bool = False, **config: Any
) -> tuple[WSConnection, WebSocketCycle]:
    client = WSConnection(ConnectionType.CLIENT)
    data = client.send(
        Request(
            host="a",
            target="/chat?room=1",
            subprotocols=subprotocols or [],
            extensions=[PerMessageDeflate()] if deflate else [],
        )
    )
    conn = HTTPConnection(Config(**config), client=("1.2.3.4", 9), server=("127.0.0.1", 80))
    conn.receive_data(data)
    event = conn.next_event()
    assert isinstance(event, StartWebSocket)
    cycle = WebSocketCycle(conn.config, event, secure=False)
    assert cycle.receive() == {"type": "websocket.connect"}
    return client, cycle


def events(client: WSConnection, data: bytes) -> list[Any]:
    client.receive_data(data)
    return list(client.events())


def test_scope_accept_subprotocol_and_extra_headers() -> None:
    client, cycle = handshake(["chat", "v2"])
    scope = cycle.scope
    assert (scope["type"], scope["scheme"], scope["path"], scope["query_string"]) == (
        "websocket",
        "ws",
        "/chat",
        b"room=1",
    )
    assert scope["subprotocols"] == ["chat", "v2"] and "method" not in scope
    assert scope["extensions"] == {"websocket.http.response": {}}
    out = cycle.send(
        {"type": "websocket.accept", "subprotocol": "chat", "headers": [(b"x-extra", b"1")]}
    )
    (accepted,) = events(client, out)
    assert isinstance(accepted, AcceptConnection)
    assert accepted.subprotocol == "chat"
    assert (b"x-extra", b"1") in accepted.extra_headers


def test_messages_ping_pong_and_client_close() -> None:
    client, cycle = handshake()
    events(client, cycle.send({"type": "websocket.accept"}))
    cycle.receive_data(
        client.send(TextMessage(data="héllo")) + client.send(BytesMessage(data=b"\x00\x01"))
    )
    assert cycle.receive() == {"type": "websocket.receive", "text": "héllo"}
    assert cycle.receive() == {"type": "websocket.receive", "bytes": b"\x00\x01"}
    cycle.receive_data(client.send(Ping(payload=b"p")))
    assert cycle.receive() is None
    assert [type(e) for e in events(client, cycle.data_to_send())] == [Pong]
    (echoed,) = events(client, cycle.send({"type": "websocket.send", "text": "back"}))
    assert isinstance(echoed, TextMessage) and echoed.data == "back"
    cycle.receive_data(client.send(CloseConnection(code=4000, reason="bye")))
    assert cycle.receive() == {"type": "websocket.disconnect", "code": 4000, "reason": "bye"}
    (reply,) = events(client, cycle.data_to_send())
    assert isinstance(reply, CloseConnection) and reply.code == 4000


def test_server_close_code() -> None:
    client, cycle = handshake()
    events(client, cycle.send({"type": "websocket.accept"}))
    (closed,) = events(client, cycle.send({"type": "websocket.close", "code": 4001, "reason": "r"}))
    assert (closed.code, closed.reason) == (4001, "r")
    with pytest.raises(Exception, match="expected no message"):
        cycle.send({"type": "websocket.send", "text": "late"})


def test_message_over_limit_closes_1009() -> None:
    client, cycle = handshake(ws_max_message_size=100)
    events(client, cycle.send({"type": "websocket.accept"}))
    cycle.receive_data(client.send(BytesMessage(data=b"x" * 101)))
    assert cycle.receive() == {
        "type": "websocket.disconnect",
        "code": 1009,
        "reason": "message too big",
    }
    (closed,) = events(client, cycle.data_to_send())
    assert isinstance(closed, CloseConnection) and closed.code == 1009


def test_compression_bomb_is_bounded_and_closes_1009() -> None:
    client, cycle = handshake(deflate=True, ws_max_message_size=1024 * 1024)
    (accepted,) = events(client, cycle.send({"type": "websocket.accept"}))
    assert accepted.extensions  # permessage-deflate negotiated
    bomb = client.send(BytesMessage(data=b"\x00" * (64 * 1024 * 1024)))
    assert len(bomb) < 200_000  # 64 MiB of zeros compresses to a few dozen KiB
    cycle.receive_data(bomb)
    message = cycle.receive()
    assert message is not None and message["code"] == 1009
    (closed,) = events(client, cycle.data_to_send())
    assert isinstance(closed, CloseConnection) and closed.code == 1009


def test_compressed_message_under_limit_roundtrips() -> None:
    client, cycle = handshake(deflate=True)
    events(client, cycle.send({"type": "websocket.accept"}))
    cycle.receive_data(client.send(TextMessage(data="z" * 50_000)))
    assert cycle.receive() == {"type": "websocket.receive", "text": "z" * 50_000}
    assert zlib  # the deflate path above was really compressed (negotiated in accept)


def test_denial_response() -> None:
    client, cycle = handshake()
    out = cycle.send(
        {"type": "websocket.http.response.start", "status": 401, "headers": [(b"x-why", b"auth")]}
    )
    out += cycle.send({"type": "websocket.http.response.body", "body": b"no", "more_body": True})
    out += cycle.send({"type": "websocket.http.response.body", "body": b" entry"})
    rejected, *body = events(client, out)
    assert isinstance(rejected, RejectConnection) and rejected.status_code == 401
    assert (b"x-why", b"auth") in rejected.headers
    assert b"".join(e.data for e in body if isinstance(e, RejectData)) == b"no entry"


def test_close_before_accept_is_403_and_no_answer_is_500() -> None:
    client, cycle = handshake()
    rejected, *rest = events(client, cycle.send({"type": "websocket.close"}))
    assert isinstance(rejected, RejectConnection) and rejected.status_code == 403
    assert [(e.data, e.body_finished) for e in rest] in ([], [(b"", True)])
    client, cycle = handshake()
    rejected, *rest = events(client, cycle.finish())
    assert isinstance(rejected, RejectConnection) and rejected.status_code == 500


def test_ws_state_table_errors() -> None:
    assert WS_SEND_TABLE[(WSPhase.CONNECTING, "websocket.accept")] is WSPhase.OPEN
    _, cycle = handshake()
    with pytest.raises(RuntimeError) as info:
        cycle.send({"type": "websocket.send", "text": "x"})
    assert str(info.value) == (
        "expected 'websocket.accept', 'websocket.close' or 'websocket.http.response.start', "
        "got 'websocket.send'"
    )


# -- over the wire ------------------------------------------------------------------------


def ws_session(port: int, path: str, outgoing: list[Any]) -> list[Any]:
    client = WSConnection(ConnectionType.CLIENT)
    received: list[Any] = []
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(client.send(Request(host="a", target=path, subprotocols=["chat"])))
        pending = list(outgoing)
        while True:
            data = sock.recv(65536)
            client.receive_data(data or None)
            for event in client.events():
                received.append(event)
                if isinstance(event, CloseConnection):
                    return received
                if isinstance(event, RejectData) and event.body_finished:
                    return received
            if (
                isinstance(
                    received[-1:][0] if received else None,
                    (AcceptConnection, TextMessage, BytesMessage),
                )
                and pending
            ):
                sock.sendall(client.send(pending.pop(0)))
            if not data:
                return received


@pytest.mark.anyio
async def test_websocket_echo_over_the_wire() -> None:
    outgoing = [
        TextMessage(data="hi"),
        BytesMessage(data=b"\x01\x02"),
        TextMessage(data="close please"),
    ]
    async with serving(apps.echo) as (_, port):
        received = await in_thread(ws_session, port, "/chat", outgoing)
    accepted, text, data, closed = received
    assert isinstance(accepted, AcceptConnection) and accepted.subprotocol == "chat"
    assert (b"x-extra", b"1") in accepted.extra_headers
    assert isinstance(text, TextMessage) and text.data == "hi"
    assert isinstance(data, BytesMessage) and data.data == b"\x01\x02"
    assert isinstance(closed, CloseConnection) and (closed.code, closed.reason) == (4001, "asked")


@pytest.mark.anyio
async def test_websocket_denial_over_the_wire() -> None:
    async with serving(apps.echo) as (_, port):
        received = await in_thread(ws_session, port, "/deny", [])
    rejected, *body = received
    assert isinstance(rejected, RejectConnection) and rejected.status_code == 401
    assert b"".join(e.data for e in body if isinstance(e, RejectData)) == b"no entry"
    assert body[-1].body_finished
    assert anyio  # the server ran on the parametrised backend
