"""TestClient failures: raise_server_exceptions both ways, protocol errors, disconnect."""

from __future__ import annotations

import anyio
import pytest

from testing import ProtocolError


class Boom(Exception):
    pass


async def fails_before_start(scope, receive, send):
    await receive()
    raise Boom("before")


async def fails_after_start(scope, receive, send):
    await receive()
    await send({"type": "http.response.start", "status": 201, "headers": [(b"x-a", b"1")]})
    await send({"type": "http.response.body", "body": b"part", "more_body": True})
    raise Boom("after")


async def fails_after_response(scope, receive, send):
    await receive()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"done"})
    raise Boom("background")


@pytest.mark.parametrize("app", [fails_before_start, fails_after_start, fails_after_response])
def test_server_exceptions_are_raised_by_default(make_client, app):
    with pytest.raises(Boom):
        make_client(app).get("/")


def test_exception_before_start_gives_500_when_not_raising(make_client):
    response = make_client(fails_before_start, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.headers.multi_items(), response.content) == (500, [], b"")
    assert response.is_server_error and response.is_error


def test_exception_after_start_gives_the_partial_response(make_client):
    response = make_client(fails_after_start, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.headers.multi_items(), response.content) == (
        201, [("x-a", "1")], b"part"
    )


def test_exception_after_the_response_is_ignored_when_not_raising(make_client):
    response = make_client(fails_after_response, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.content) == (200, b"done")


def test_background_work_finishes_before_the_call_returns(make_client):
    events = []

    async def app(scope, receive, send):
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})
        await anyio.sleep(0.05)
        events.append("background done")

    assert make_client(app).get("/").content == b"ok"
    assert events == ["background done"]


def test_receive_after_the_response_gives_disconnect(make_client):
    seen = []

    async def app(scope, receive, send):
        seen.append(await receive())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x"})
        seen.append(await receive())

    assert make_client(app).post("/", content=b"abc").content == b"x"
    assert seen == [
        {"type": "http.request", "body": b"abc", "more_body": False},
        {"type": "http.disconnect"},
    ]


def test_receive_waits_until_the_response_is_over(make_client):
    order = []

    async def app(scope, receive, send):
        await receive()

        async def watch():
            message = await receive()
            order.append(message["type"])

        async with anyio.create_task_group() as tg:
            tg.start_soon(watch)
            await anyio.sleep(0.02)
            order.append("sending")
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"x"})

    make_client(app).get("/")
    assert order == ["sending", "http.disconnect"]


@pytest.mark.parametrize(
    ("messages", "error"),
    [
        ([{"type": "http.response.body", "body": b"x"}], "before 'http.response.start'"),
        ([{"type": "http.response.start", "status": 200}, {"type": "http.response.start", "status": 200}],
         "sent twice"),
        ([{"type": "http.response.start", "status": 200}, {"type": "http.response.body"},
          {"type": "http.response.body"}], "after the response completed"),
        ([{"type": "websocket.accept"}], "Unexpected ASGI message 'websocket.accept'"),
        ([], "returned without starting a response"),
    ],
)
def test_protocol_errors(make_client, messages, error):
    async def app(scope, receive, send):
        await receive()
        for message in messages:
            await send(message)

    with pytest.raises(ProtocolError, match=error):
        make_client(app).get("/")


def test_app_returning_without_response_gives_500_when_not_raising(make_client):
    async def app(scope, receive, send):
        await receive()

    response = make_client(app, raise_server_exceptions=False).get("/")
    assert (response.status_code, response.content) == (500, b"")
