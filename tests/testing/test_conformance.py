"""The ASGI conformance checker: each rule catches a broken app, correct apps pass."""

from __future__ import annotations

import anyio
import pytest

from framework import App, WebSocket
from testing import (
    AsyncClient,
    ConformanceChecker,
    ConformanceError,
    ProtocolError,
    TestClient,
    check_asgi,
)
from testing.conformance import header_problem
from tests.asgi_helpers import http_scope, response_parts, run_http

START = {"type": "http.response.start", "status": 200, "headers": []}
BODY = {"type": "http.response.body", "body": b"ok"}


def sends(*messages):
    async def app(scope, receive, send):
        await receive()
        for message in messages:
            await send(message)

    return app


def run(app, **options):
    return TestClient(app, **options).get("/x")


# -- HTTP --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("messages", "error"),
    [
        ([BODY], r"\[GET /x\]: 'http.response.body' sent before 'http.response.start'"),
        ([START, START], "'http.response.start' sent twice"),
        ([START, BODY, BODY], "'http.response.body' sent after the response completed"),
        ([START, BODY, START], r"'http.response.start' sent twice \(after the response"),
        ([{**START, "status": "200"}], "'status' of 'http.response.start' must be int, got '200'"),
        ([{**START, "status": True}], "must be int, got True"),
        ([{**START, "status": 101}], r"final status \(200-599\), got 101"),
        ([{**START, "headers": [(b"X-A", b"1")]}], "header names must be lowercase, got b'X-A'"),
        ([{**START, "headers": [("x-a", "1")]}], "header names and values must be bytes"),
        ([{**START, "headers": [(b"x-a", b"1\r\nset-cookie: evil")]}], "invalid value for"),
        ([{**START, "headers": [(b"x-a", b"a\x00b")]}], "invalid value for"),
        ([{**START, "headers": [(b"x a", b"1")]}], "invalid header name b'x a'"),
        ([{**START, "headers": [(b"x-a",)]}], r"must be a \[name, value\] pair"),
        ([{**START, "headers": {b"x-a": b"1"}}], "must be an iterable of"),
        ([START, {"type": "http.response.body", "body": "text"}], "must be bytes, got 'text'"),
        ([START, {**BODY, "more_body": 1}], "'more_body' of 'http.response.body' must be bool"),
        ([START, {"type": "websocket.accept"}],
         "Unexpected ASGI message 'websocket.accept' in an HTTP connection"),
        ([{"type": "http.response.pathsend", "path": "/etc/hosts"}],
         "expected 'http.response.debug', 'http.response.start'"),
        ([{"body": b""}], "a message must be a dict with a 'type' string"),
        ([{**START, "headers": [(b"content-length", b"5")]}, BODY],
         "body shorter than its content-length: 5 declared, 2 bytes sent"),
        ([{**START, "headers": [(b"content-length", b"1")]}, BODY],
         "body longer than its content-length: 1 declared, 2 bytes sent so far"),
        ([{**START, "headers": [(b"content-length", b"1"), (b"content-length", b"2")]}],
         "conflicting content-length"),
        ([{**START, "headers": [(b"content-length", b"-1")]}], "invalid content-length b'-1'"),
        ([{**START, "status": 204}, BODY], "a 204 response must not have a body"),
        ([{**START, "status": 204, "headers": [(b"content-length", b"0")]}],
         "a 204 response must not carry a content-length"),
        ([START, {**BODY, "more_body": True}],
         "returned before sending the last body chunk: the response is incomplete"),
        ([{**START, "trailers": True}, BODY],
         "returned before sending the promised trailers"),
        ([START, {"type": "http.response.trailers", "headers": []}],
         "'http.response.trailers' sent before the body ended, or without 'trailers': True"),
    ],
)
def test_http_violations_are_raised(messages, error):
    with pytest.raises(ConformanceError, match=error):
        run(sends(*messages))


def test_a_conformance_error_is_a_protocol_error():
    with pytest.raises(ProtocolError):
        run(sends(BODY))


def test_violations_are_raised_even_when_server_exceptions_are_not():
    with pytest.raises(ConformanceError, match="sent before"):
        run(sends(BODY), raise_server_exceptions=False)


def test_an_app_that_swallows_the_error_still_fails():
    async def app(scope, receive, send):
        await receive()
        await send(START)
        await send(BODY)
        try:
            await send(BODY)
        except Exception:
            pass

    with pytest.raises(ConformanceError, match="sent after the response completed"):
        run(app)


def test_the_opt_out_lets_the_exchange_decide():
    response = run(sends({**START, "headers": [(b"X-A", b"1")]}, BODY), check_asgi=False)
    assert (response.status_code, response.headers.multi_items(), response.content) == (
        200, [("x-a", "1")], b"ok"
    )
    with pytest.raises(ProtocolError) as caught:
        run(sends(BODY), check_asgi=False)
    assert type(caught.value) is ProtocolError


def test_send_after_the_app_returned_is_refused():
    leaked = []

    async def app(scope, receive, send):
        await receive()
        await send(START)
        await send(BODY)
        leaked.append(send)

    run(app)

    async def later():
        await leaked[0]({"type": "http.response.body", "body": b""})

    with pytest.raises(ConformanceError, match=r"send\(\) called after the app returned"):
        anyio.run(later)


def test_two_receives_at_once_are_refused():
    async def app(scope, receive, send):
        await receive()  # the body; the next receive waits for the disconnect
        async with anyio.create_task_group() as tg:
            tg.start_soon(receive)
            await anyio.sleep(0.01)
            await receive()

    with pytest.raises(ConformanceError, match="while another receive"):
        run(app)


def test_extension_messages_need_the_extension():
    async def app(scope, receive, send):
        await receive()
        scope["extensions"].pop("http.response.trailers")
        await send({**START, "trailers": True})
        await send(BODY)
        await send({"type": "http.response.trailers", "headers": []})

    with pytest.raises(ConformanceError, match="needs the 'http.response.trailers' extension"):
        run(app)


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        ([START, BODY], (200, b"ok")),
        ([{"type": "http.response.debug", "info": {}}, START, BODY], (200, b"ok")),
        ([START, {**BODY, "more_body": True}, BODY], (200, b"okok")),
        ([{**START, "headers": [(b"content-length", b"4")]}, {**BODY, "more_body": True}, BODY],
         (200, b"okok")),
        ([{**START, "trailers": True}, BODY,
          {"type": "http.response.trailers", "headers": [(b"x-t", b"1")], "more_trailers": True},
          {"type": "http.response.trailers", "headers": []}], (200, b"ok")),
        ([{**START, "status": 304, "headers": [(b"content-length", b"10")]},
          {"type": "http.response.body", "body": b""}], (304, b"")),
        ([{**START, "headers": [(b"x-empty", b""), (b"x-sp", b"a  b\tc")]}, BODY], (200, b"ok")),
    ],
)
def test_conforming_responses_pass(messages, expected):
    response = run(sends(*messages))
    assert (response.status_code, response.content) == expected


def test_head_bodies_may_differ_from_their_content_length():
    app = sends({**START, "headers": [(b"content-length", b"10")]}, BODY)
    response = TestClient(app).head("/")
    assert (response.status_code, response.headers["content-length"], response.content) == (
        200, "10", b""
    )


def test_returning_after_disconnect_is_not_an_incomplete_response():
    async def app(scope, receive, send):
        await receive()
        await send(START)
        await send({**BODY, "more_body": True})
        await receive()  # the client went away: stopping here is right

    sent = anyio.run(run_http, check_asgi(app), http_scope())
    assert response_parts(sent) == (200, [], b"ok")


# -- the wrapper -------------------------------------------------------------------------
def test_the_checker_is_transparent_and_never_doubled():
    app = App()
    checked = check_asgi(app)
    assert isinstance(checked, ConformanceChecker) and checked.app is app
    assert check_asgi(checked) is checked
    assert checked.state is app.state and checked.routes is app.routes
    assert repr(checked).startswith("ConformanceChecker(")


def test_unknown_scope_types_pass_through():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])
        await send({"type": "anything"})

    async def send(message):
        seen.append(message)

    anyio.run(ConformanceChecker(app), {"type": "custom"}, None, send)
    assert seen == ["custom", {"type": "anything"}]


@pytest.mark.parametrize(
    ("headers", "problem"),
    [
        ([], None),
        ([(b"a", b"b"), [b"c-d", b""]], None),
        ([(b"A", b"b")], "lowercase"),
        ([(b"", b"b")], "invalid header name"),
        ([(b"a", b" b")], "invalid value"),
        ([(b"a", b"b ")], "invalid value"),
        ([(b"a", b"\x7f")], "invalid value"),
        ([(b"a", b"\xff")], None),
        (b"a: b", "must be an iterable"),
        (5, "must be an iterable"),
    ],
)
def test_header_problems(headers, problem):
    found = header_problem(headers)
    assert (found is None) if problem is None else (problem in found)


# -- a Keel app under the checker --------------------------------------------------------
@pytest.mark.anyio
async def test_a_keel_app_is_conformant_through_both_clients():
    app = App()

    @app.get("/items/{item_id}")
    async def item(item_id: int):
        return {"item_id": item_id}

    @app.websocket("/ws")
    async def ws(websocket: WebSocket):
        await websocket.accept()
        await websocket.send_text(await websocket.receive_text())
        await websocket.close()

    async with AsyncClient(app=app) as client:
        ok = await client.get("/items/1")
        invalid = await client.get("/items/x")
        missing = await client.get("/nope")
        async with client.websocket_connect("/ws") as session:
            await session.send_text("hi")
            echoed = await session.receive_text()
    assert [ok.status_code, invalid.status_code, missing.status_code] == [200, 422, 404]
    assert echoed == "hi"
