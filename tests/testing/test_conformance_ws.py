"""The conformance checker on WebSocket and lifespan connections (and the async sessions)."""

from __future__ import annotations

import pytest

from testing import (
    AsyncClient,
    ConformanceError,
    LifespanError,
    TestClient,
    WebSocketDenialResponse,
    WebSocketDisconnect,
)

ACCEPT = {"type": "websocket.accept"}
SEND = {"type": "websocket.send", "text": "hi"}
CLOSE = {"type": "websocket.close", "code": 1000}


def ws_app(*messages, receive_first=True):
    async def app(scope, receive, send):
        if receive_first:
            await receive()
        for message in messages:
            await send(message)
        if messages and messages[-1]["type"] == "websocket.accept":
            await receive()

    return app


def connect(app, subprotocols=None):
    with TestClient(app).websocket_connect("/ws", subprotocols) as session:
        return session.receive()


@pytest.mark.parametrize(
    ("messages", "error"),
    [
        ([SEND], r"\[WEBSOCKET /ws\]: 'websocket.send' sent before 'websocket.accept'"),
        ([ACCEPT, ACCEPT], "'websocket.accept' sent twice"),
        ([ACCEPT, CLOSE, SEND], "'websocket.send' sent after the connection was closed"),
        ([ACCEPT, {"type": "websocket.send"}], "needs exactly one of 'bytes' or 'text'"),
        ([ACCEPT, {"type": "websocket.send", "text": "a", "bytes": b"b"}], "exactly one of"),
        ([ACCEPT, {"type": "websocket.send", "text": b"a"}], "'text' of 'websocket.send' must"),
        ([ACCEPT, {**CLOSE, "reason": ["not", "text"]}],
         "'reason' of 'websocket.close' must be str or None"),
        ([ACCEPT, {**CLOSE, "code": 1006}], "code 1006 may not be sent"),
        ([ACCEPT, {**CLOSE, "code": 999}], "code 999 may not be sent"),
        ([ACCEPT, {**CLOSE, "reason": "x" * 124}], "longer than 123 bytes"),
        ([{**ACCEPT, "subprotocol": "chat"}], "'chat', which the client did not offer"),
        ([{**ACCEPT, "headers": [(b"sec-websocket-protocol", b"x")]}], "not a sec-websocket"),
        ([{**ACCEPT, "headers": [(b"X-A", b"1")]}], "header names must be lowercase"),
        ([ACCEPT, {"type": "websocket.http.response.start", "status": 403}],
         "'websocket.http.response.start' sent after the handshake was accepted"),
        ([{"type": "websocket.http.response.body", "body": b""}],
         "'websocket.http.response.body' sent before 'websocket.http.response.start'"),
        ([{"type": "websocket.http.response.start", "status": 403, "headers": []}],
         "returned in the middle of its denial response"),
        ([{"type": "http.response.start", "status": 200}],
         "Unexpected ASGI message 'http.response.start' in a WebSocket connection"),
    ],
)
def test_websocket_violations_are_raised(messages, error):
    with pytest.raises(ConformanceError, match=error):
        connect(ws_app(*messages))


def test_nothing_may_be_sent_or_received_after_the_client_disconnected():
    async def sends_after(scope, receive, send):
        await receive()
        await send(ACCEPT)
        await receive()  # websocket.disconnect
        await send(SEND)

    async def receives_after(scope, receive, send):
        await receive()
        await send(ACCEPT)
        await receive()
        await receive()

    for app, error in ((sends_after, "sent after the app received 'websocket.disconnect'"),
                       (receives_after, r"receive\(\) called after 'websocket.disconnect'")):
        with pytest.raises(ConformanceError, match=error):
            with TestClient(app).websocket_connect("/ws") as session:
                session.close()


def test_conforming_websockets_pass():
    assert connect(ws_app(ACCEPT, SEND, CLOSE)) == {"type": "websocket.send", "text": "hi"}
    assert connect(ws_app({**ACCEPT, "subprotocol": "b"}, CLOSE), ["a", "b"]) == CLOSE
    with pytest.raises(WebSocketDisconnect) as closed:
        connect(ws_app({**CLOSE, "code": 4001, "reason": "go away"}))
    assert (closed.value.code, closed.value.reason) == (4001, "go away")
    with pytest.raises(WebSocketDenialResponse) as denied:
        connect(ws_app({"type": "websocket.http.response.start", "status": 403,
                        "headers": [(b"content-type", b"text/plain")]},
                       {"type": "websocket.http.response.body", "body": b"no",
                        "more_body": True},
                       {"type": "websocket.http.response.body", "body": b"!"}))
    assert (denied.value.status_code, denied.value.content) == (403, b"no!")


# -- lifespan ----------------------------------------------------------------------------
def lifespan_app(*steps):
    """Steps: "recv" awaits a message, a dict is sent."""

    async def app(scope, receive, send):
        for step in steps:
            if step == "recv":
                await receive()
            else:
                await send(step)

    return app


STARTED = {"type": "lifespan.startup.complete"}
STOPPED = {"type": "lifespan.shutdown.complete"}


@pytest.mark.parametrize(
    ("steps", "error"),
    [
        ([STARTED], r"\[lifespan\]: 'lifespan.startup.complete' sent before 'lifespan.startup'"),
        (["recv", STARTED, STARTED], "sent after startup was answered and before"),
        (["recv", STARTED, STOPPED], "'lifespan.shutdown.complete' sent after startup"),
        (["recv", "recv"], r"receive\(\) called before answering 'lifespan.startup'"),
        (["recv", {"type": "lifespan.startup.failed", "message": 3}],
         "'message' of 'lifespan.startup.failed' must be str"),
        (["recv", STARTED, "recv", "recv"],
         r"receive\(\) called before answering 'lifespan.shutdown'"),
        (["recv", STARTED, "recv", STOPPED, STOPPED], "sent after shutdown was answered"),
    ],
)
def test_lifespan_violations_are_raised(steps, error):
    with pytest.raises(ConformanceError, match=error):
        with TestClient(lifespan_app(*steps)):
            pass


def test_a_conforming_lifespan_passes_and_failure_is_reported():
    with TestClient(lifespan_app("recv", STARTED, "recv", STOPPED)) as client:
        assert client.app_state == {}
    failing = lifespan_app("recv", {"type": "lifespan.startup.failed", "message": "db down"})
    with pytest.raises(LifespanError, match="db down"):
        with TestClient(failing):
            pass


# -- the async sessions under the checker -----------------------------------------------
@pytest.mark.anyio
async def test_async_websocket_session_round_trip():
    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            await receive()
            await send(STARTED)
            await receive()
            await send(STOPPED)
            return
        await receive()
        await send({**ACCEPT, "subprotocol": "v2", "headers": [(b"x-ws", b"1")]})
        while True:
            message = await receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") == "bye":
                await send({**CLOSE, "code": 4000, "reason": "bye"})
                return
            reply = message.get("text") or message["bytes"].decode()
            await send({"type": "websocket.send", "bytes": reply.upper().encode()})

    async with AsyncClient(app=app) as client:
        async with client.websocket_connect("/ws?x=1", ["v1", "v2"]) as ws:
            assert (ws.accepted_subprotocol, ws.extra_headers) == ("v2", [(b"x-ws", b"1")])
            assert ws.scope["query_string"] == b"x=1"
            await ws.send_text("a")
            assert await ws.receive_bytes() == b"A"
            await ws.send_json({"k": 1}, mode="binary")
            assert await ws.receive_json(mode="binary") == {"K": 1}
            await ws.send_bytes(b"b")
            assert await ws.receive() == {"type": "websocket.send", "bytes": b"B"}
            await ws.send_text("bye")
            with pytest.raises(WebSocketDisconnect) as closed:
                await ws.receive_text()
            assert (closed.value.code, closed.value.reason) == (4000, "bye")


@pytest.mark.anyio
async def test_async_websocket_denial_and_app_errors():
    async def denies(scope, receive, send):
        await receive()
        await send({"type": "websocket.http.response.start", "status": 401, "headers": []})
        await send({"type": "websocket.http.response.body", "body": b"who?"})

    client = AsyncClient(app=denies)
    with pytest.raises(WebSocketDenialResponse) as denied:
        async with client.websocket_connect("/ws"):
            pass
    assert (denied.value.status_code, denied.value.text) == (401, "who?")

    class Boom(Exception):
        pass

    async def fails(scope, receive, send):
        await receive()
        await send(ACCEPT)
        await receive()
        raise Boom

    with pytest.raises(Boom):
        async with AsyncClient(app=fails).websocket_connect("/ws") as ws:
            await ws.send_text("x")
            await ws.receive()

    broken = ws_app(ACCEPT, ACCEPT)
    with pytest.raises(ConformanceError, match="sent twice"):
        async with AsyncClient(app=broken).websocket_connect("/ws"):
            pass
    with pytest.raises(RuntimeError, match="inside `async with"):
        _ = AsyncClient(app=broken).websocket_connect("/ws").scope
