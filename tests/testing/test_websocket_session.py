"""TestClient WebSockets: handshake, text/bytes/json both modes, close codes, denial."""

from __future__ import annotations

import anyio
import pytest

from testing import WebSocketDenialResponse, WebSocketDisconnect, WebSocketTestSession


def echo_ws(log=None):
    """Accepts (offering ``b`` when asked), echoes frames; ``close`` closes with 4001."""

    async def app(scope, receive, send):
        message = await receive()
        if log is not None:
            log.append(message)
        subprotocol = "b" if "b" in scope["subprotocols"] else None
        await send({"type": "websocket.accept", "subprotocol": subprotocol,
                    "headers": [(b"x-server", b"1")]})
        while True:
            message = await receive()
            if log is not None:
                log.append(message)
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") == "close":
                await send({"type": "websocket.close", "code": 4001, "reason": "bye"})
                return
            if message.get("text") == "scope":
                headers = [[k.decode(), v.decode()] for k, v in scope["headers"]]
                await send({"type": "websocket.send", "text": repr(
                    {k: (headers if k == "headers" else v) for k, v in scope.items()})})
                continue
            await send({"type": "websocket.send",
                        **{k: v for k, v in message.items() if k in ("text", "bytes")}})

    return app


def test_scope_subprotocol_and_extra_headers(make_client):
    client = make_client(echo_ws(), cookies={"c": "1"})
    with client.websocket_connect("/ws?x=1", subprotocols=["a", "b"], headers={"X-Y": "2"}) as ws:
        assert isinstance(ws, WebSocketTestSession)
        assert (ws.accepted_subprotocol, ws.extra_headers) == ("b", [(b"x-server", b"1")])
        ws.send_text("scope")
        scope = eval(ws.receive_text())  # noqa: S307 - our own repr
    assert scope == {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "scheme": "ws",
        "path": "/ws",
        "raw_path": b"/ws",
        "query_string": b"x=1",
        "root_path": "",
        "headers": [
            ["host", "testserver"],
            ["accept", "*/*"],
            ["accept-encoding", "gzip, deflate"],
            ["user-agent", "testclient"],
            ["x-y", "2"],
            ["cookie", "c=1"],
            ["connection", "upgrade"],
            ["sec-websocket-key", "testserver=="],
            ["sec-websocket-version", "13"],
            ["sec-websocket-protocol", "a, b"],
        ],
        "client": ("testclient", 50000),
        "server": ["testserver", 80],
        "state": {},
        "subprotocols": ["a", "b"],
        "extensions": {"websocket.http.response": {}},
    }


def test_wss_for_https_base_url(make_client):
    with make_client(echo_ws(), base_url="https://example.com").websocket_connect("/") as ws:
        assert ws.scope["scheme"] == "wss" and ws.scope["server"] == ["example.com", 443]
        assert ws.accepted_subprotocol is None


def test_text_bytes_and_json_both_modes(make_client):
    log = []
    with make_client(echo_ws(log)).websocket_connect("/") as ws:
        ws.send_text("héllo")
        assert ws.receive_text() == "héllo"
        ws.send_bytes(b"\x00\xff")
        assert ws.receive_bytes() == b"\x00\xff"
        ws.send_json({"a": "é"})
        assert ws.receive() == {"type": "websocket.send", "text": '{"a":"é"}'}
        ws.send_json({"a": 1}, mode="binary")
        assert ws.receive() == {"type": "websocket.send", "bytes": b'{"a":1}'}
        ws.send_json([1, 2], mode="binary")
        assert ws.receive_json(mode="binary") == [1, 2]
        ws.send_json({"b": None})
        assert ws.receive_json() == {"b": None}
        ws.send({"type": "websocket.receive", "text": "raw"})
        assert ws.receive_text() == "raw"
    assert log[0] == {"type": "websocket.connect"}
    assert log[-1] == {"type": "websocket.disconnect", "code": 1000, "reason": None}


def test_client_close_with_code_and_reason(make_client):
    log = []
    with make_client(echo_ws(log)).websocket_connect("/") as ws:
        ws.close(code=3000, reason="done")
    assert log[-1] == {"type": "websocket.disconnect", "code": 3000, "reason": "done"}
    assert log.count(log[-1]) == 1  # no second disconnect on exit


def test_app_close_raises_websocket_disconnect(make_client):
    with make_client(echo_ws()).websocket_connect("/") as ws:
        ws.send_text("close")
        with pytest.raises(WebSocketDisconnect) as info:
            ws.receive_text()
    assert (info.value.code, info.value.reason) == (4001, "bye")


def test_raw_receive_returns_the_close_message(make_client):
    with make_client(echo_ws()).websocket_connect("/") as ws:
        ws.send_text("close")
        assert ws.receive() == {"type": "websocket.close", "code": 4001, "reason": "bye"}


@pytest.mark.parametrize("method", ["receive_text", "receive_bytes", "receive_json"])
def test_app_returning_after_accept_closes_1000(make_client, method):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})

    with make_client(app).websocket_connect("/") as ws:
        with pytest.raises(WebSocketDisconnect) as info:
            getattr(ws, method)()
        assert info.value.code == 1000


def test_reject_before_accept(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.close", "code": 1008, "reason": "no entry"})

    with pytest.raises(WebSocketDisconnect) as info:
        with make_client(app).websocket_connect("/"):
            pytest.fail("the block must not run")
    assert (info.value.code, info.value.reason) == (1008, "no entry")


def test_app_returning_before_accept(make_client):
    async def app(scope, receive, send):
        await receive()

    with pytest.raises(WebSocketDisconnect) as info:
        with make_client(app).websocket_connect("/"):
            pass
    assert info.value.code == 1006


def test_denial_response(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.http.response.start", "status": 403,
                    "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "websocket.http.response.body", "body": b"den", "more_body": True})
        await send({"type": "websocket.http.response.body", "body": b"ied"})

    with pytest.raises(WebSocketDenialResponse) as info:
        with make_client(app).websocket_connect("/"):
            pass
    denial = info.value
    assert isinstance(denial, WebSocketDisconnect) and denial.code == 1006
    assert (denial.status_code, denial.content, denial.text) == (403, b"denied", "denied")
    assert denial.headers.multi_items() == [("content-type", "text/plain"), ("content-length", "6")]


class AppError(Exception):
    pass


def test_app_exception_before_accept(make_client):
    async def app(scope, receive, send):
        await receive()
        raise AppError("handshake")

    with pytest.raises(AppError):
        with make_client(app).websocket_connect("/"):
            pass


def test_app_exception_raised_on_receive_and_on_exit(make_client):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        await receive()
        raise AppError("late")

    with pytest.raises(AppError):
        with make_client(app).websocket_connect("/") as ws:
            ws.send_text("x")
            ws.receive()
    with pytest.raises(AppError):
        with make_client(app).websocket_connect("/"):
            pass


def test_exit_cancels_an_app_that_keeps_sending(make_client):
    log = []

    async def pusher(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        try:
            while True:
                await send({"type": "websocket.send", "text": "tick"})
                await anyio.sleep(0.01)
        except BaseException as exc:
            log.append(type(exc).__name__)
            raise

    with make_client(pusher).websocket_connect("/") as ws:
        assert ws.receive_text() == "tick"
    assert log in (["CancelledError"], ["Cancelled"])


def test_exit_cancels_an_app_waiting_elsewhere_after_the_timeout(make_client, monkeypatch):
    from testing._websocket import WebSocketChannel

    monkeypatch.setattr(WebSocketChannel, "close_timeout", 0.05)

    async def sleeper(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        await anyio.sleep_forever()

    with make_client(sleeper).websocket_connect("/"):
        pass


def test_websocket_inside_lifespan_sees_state(make_client):
    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            await receive()
            scope["state"]["ready"] = True
            await send({"type": "lifespan.startup.complete"})
            await receive()
            await send({"type": "lifespan.shutdown.complete"})
            return
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": repr(scope["state"])})
        await receive()

    with make_client(app) as client, client.websocket_connect("/") as ws:
        assert ws.receive_text() == "{'ready': True}"


def test_session_outside_with_is_refused(make_client):
    session = make_client(echo_ws()).websocket_connect("/")
    with pytest.raises(RuntimeError, match="inside `with"):
        session.send_text("x")


def test_with_keel_websocket_class(make_client):
    from asgi_core.responses import PlainTextResponse
    from asgi_core.websockets import WebSocket

    async def app(scope, receive, send):
        websocket = WebSocket(scope, receive, send)
        if scope["path"] == "/deny":
            await websocket.send_denial_response(PlainTextResponse("go away", status_code=401))
            return
        await websocket.accept(subprotocol="chat")
        data = await websocket.receive_json()
        await websocket.send_json({"echo": data}, mode="binary")
        try:
            await websocket.receive_text()
        except WebSocketDisconnect as exc:
            codes.append(exc.code)

    codes = []
    client = make_client(app)
    with client.websocket_connect("/", subprotocols=["chat"]) as ws:
        assert ws.accepted_subprotocol == "chat"
        ws.send_json({"a": 1})
        assert ws.receive_json(mode="binary") == {"echo": {"a": 1}}
        ws.close(3001)
    assert codes == [3001]
    with pytest.raises(WebSocketDenialResponse) as info:
        with client.websocket_connect("/deny"):
            pass
    assert (info.value.status_code, info.value.text) == (401, "go away")
    assert info.value.headers["content-type"] == "text/plain; charset=utf-8"
