"""``HTTPConnection`` / ``Request`` in small ASGI apps that answer with what they saw."""

from __future__ import annotations

import json

import anyio
import pytest

from asgi_core.datastructures import URL, URLPath
from asgi_core.requests import (
    ClientDisconnect,
    HTTPConnection,
    Request,
    empty_receive,
    empty_send,
)
from tests.asgi_core.requests_support import call, json_headers, reporting_app
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio


async def check(handler, expected, status=200, body=b"", **kwargs):
    got = await call(reporting_app(handler), body, **kwargs)
    assert got == (status, json_headers(expected), expected)


# --- the scope side ------------------------------------------------------------------------


async def seen(request: Request):
    return {
        "method": request.method,
        "url": str(request.url),
        "base_url": str(request.base_url),
        "headers": request.headers.items(),
        "query": request.query_params.multi_items(),
        "path_params": request.path_params,
        "client": list(request.client) if request.client else None,
        "state": request.state._state,
        "type": request["type"],
    }


async def test_request_reports_its_scope():
    expected = {
        "method": "PATCH",
        "url": "http://testserver/?a=1&b=x%20y&a=2",
        "base_url": "http://testserver/",
        "headers": [["host", "testserver"], ["x-one", "1"], ["x-one", "2"]],
        "query": [["a", "1"], ["b", "x y"], ["a", "2"]],
        "path_params": {"id": 3},
        "client": ["127.0.0.1", 50000],
        "state": {"seen": True},
        "type": "http",
    }
    await check(
        seen,
        expected,
        method="PATCH",
        headers=[(b"x-one", b"1"), (b"x-one", b"2")],
        query_string=b"a=1&b=x%20y&a=2",
        path_params={"id": 3},
        state={"seen": True},
    )


async def test_client_absent_and_state_created_when_missing():
    async def handler(request):
        del request.scope["state"]  # a server that sends no "state" at all
        had_state = "state" in request.scope
        request.state.user = "ann"
        return [request.client, had_state, request.scope["state"]]

    await check(handler, [None, False, {"user": "ann"}], client=None)


def url_of(**scope_items):
    scope = http_scope()
    scope.update(scope_items)
    connection = HTTPConnection(scope)
    return str(connection.url), str(connection.base_url)


@pytest.mark.parametrize(
    ("scope_items", "url", "base_url"),
    [
        ({}, "http://testserver/", "http://testserver/"),
        ({"headers": []}, "http://testserver/", "http://testserver/"),
        ({"headers": [], "server": ("srv", 8080)}, "http://srv:8080/", "http://srv:8080/"),
        ({"headers": [], "server": ("srv", 443), "scheme": "https"}, "https://srv/", "https://srv/"),
        ({"headers": [], "server": ("::1", 8000)}, "http://[::1]:8000/", "http://[::1]:8000/"),
        ({"headers": [], "server": None, "path": "/p"}, "/p", "/"),
        ({"headers": [(b"host", b"[::1]:8000")]}, "http://[::1]:8000/", "http://[::1]:8000/"),
        ({"headers": [(b"host", b"h:65535")]}, "http://h:65535/", "http://h:65535/"),
        ({"path": "/a b?c#d\\e"}, "http://testserver/a b%3Fc%23d%5Ce", "http://testserver/"),
        ({"path": "", "query_string": b"x=1"}, "http://testserver?x=1", "http://testserver/"),
        (
            {"root_path": "/api", "path": "/api/items"},
            "http://testserver/api/items",
            "http://testserver/api/",
        ),
        (
            {"root_path": "/api", "app_root_path": "/mount", "path": "/api/x"},
            "http://testserver/api/x",
            "http://testserver/mount/",
        ),
        ({"root_path": "api/"}, "http://testserver/", "http://testserver/api/"),
        ({"scheme": "ws", "type": "websocket"}, "ws://testserver/", "ws://testserver/"),
    ],
)
def test_url_and_base_url(scope_items, url, base_url):
    assert url_of(**scope_items) == (url, base_url)


@pytest.mark.parametrize(
    "host",
    [
        b"evil.com/foo?x=1",
        b"evil.com#frag",
        b"user@evil.com",
        b"evil.com:80:80",
        b"evil.com:",
        b"evil.com:65536",
        b"evil.com: 80",
        b"a b",
        b"evil\\com",
        b"",
        b"[::1",
        b"[fe80::1%25eth0]",
        b"b\xc3\xbccher.de",
        b"evil.com\r\nx: y",
    ],
)
def test_host_header_with_more_than_a_host_falls_back_to_server(host):
    url, base_url = url_of(headers=[(b"host", host)], server=("srv", 80), path="/p")
    assert (url, base_url) == ("http://srv/p", "http://srv/")


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("@evil.com", "http://testserver/@evil.com"),
        ("evil.com/x", "http://testserver/evil.com/x"),
        ("http://evil.com/x", "http://testserver/http://evil.com/x"),
        ("//evil.com/x", "http://testserver//evil.com/x"),
    ],
)
def test_request_target_without_slash_never_becomes_the_host(path, url):
    assert url_of(path=path)[0] == url
    assert URL(url).hostname == "testserver"


@pytest.mark.parametrize(
    ("path", "url"),
    [
        ("@evil.com/x", "/@evil.com/x"),
        ("http://evil.com/x", "/http://evil.com/x"),
        ("//evil.com/x", "/%2Fevil.com/x"),
    ],
)
def test_without_host_or_server_the_url_stays_relative(path, url):
    assert url_of(path=path, headers=[], server=None)[0] == url
    assert URL(url).netloc == ""


def test_connection_is_a_read_only_mapping_compared_by_identity():
    scope = http_scope(path_params={"a": 1})
    connection = HTTPConnection(scope)
    assert connection["path"] == "/"
    assert list(connection) == list(scope)
    assert len(connection) == len(scope)
    assert connection == connection
    assert connection != HTTPConnection(scope)
    assert hash(connection) != hash(HTTPConnection(scope))
    assert connection.url is connection.url
    assert connection.headers is connection.headers
    assert connection.query_params is connection.query_params
    assert connection.state is connection.state
    assert not hasattr(connection, "__dict__")


def test_scope_types():
    assert HTTPConnection(http_scope(type="websocket")).scope["type"] == "websocket"
    with pytest.raises(AssertionError):
        HTTPConnection({"type": "lifespan"})
    with pytest.raises(AssertionError):
        Request(http_scope(type="websocket"))


def test_app_session_auth_user():
    connection = HTTPConnection(http_scope())
    with pytest.raises(KeyError):
        connection.app
    messages = {
        "session": "SessionMiddleware must be installed to access request.session",
        "auth": "AuthenticationMiddleware must be installed to access request.auth",
        "user": "AuthenticationMiddleware must be installed to access request.user",
    }
    for attribute, message in messages.items():
        with pytest.raises(AssertionError) as info:
            getattr(connection, attribute)
        assert str(info.value) == message
    app = object()
    connection = HTTPConnection(http_scope(app=app, session={"s": 1}, auth="creds", user="ann"))
    assert (connection.app, connection.session, connection.auth, connection.user) == (
        app, {"s": 1}, "creds", "ann",
    )


class FakeRouter:
    def url_path_for(self, name, /, **path_params):
        if name != "item":
            raise LookupError(name)
        return URLPath(f"/items/{path_params['id']}", protocol="http")


async def test_url_for_uses_router_then_app_and_the_base_url():
    async def handler(request):
        return str(request.url_for("item", id=3))

    await check(handler, "http://testserver/api/items/3", router=FakeRouter(), root_path="/api")
    await check(handler, "http://testserver/items/3", app=FakeRouter())


def test_url_for_without_router_or_app():
    with pytest.raises(RuntimeError) as info:
        HTTPConnection(http_scope()).url_for("item")
    assert "url_for" in str(info.value)


async def test_empty_channels_raise():
    with pytest.raises(RuntimeError, match="Receive channel has not been made available"):
        await empty_receive()
    with pytest.raises(RuntimeError, match="Send channel has not been made available"):
        await empty_send({"type": "http.response.start"})
    with pytest.raises(RuntimeError, match="Receive channel"):
        await Request(http_scope()).body()


# --- the body side -------------------------------------------------------------------------


async def test_body_is_read_once_and_cached():
    async def handler(request):
        first = await request.body()
        again = await request.body()
        streamed = [chunk async for chunk in request.stream()]
        return [first.decode(), first is again, [c.decode() for c in streamed]]

    await check(handler, ["abcd", True, ["abcd", ""]], body=[b"ab", b"", b"cd"])


async def test_stream_yields_chunks_then_refuses_a_second_pass():
    async def handler(request):
        chunks = [chunk.decode() async for chunk in request.stream()]
        errors = []
        for again in (lambda: request.stream().__anext__(), request.body):
            try:
                await again()
            except RuntimeError as exc:
                errors.append(str(exc))
        return [chunks, errors]

    await check(handler, [["ab", "cd", ""], ["Stream consumed", "Stream consumed"]],
                body=[b"ab", b"", b"cd"])


async def test_client_disconnect_while_streaming():
    scope = http_scope("POST")
    messages = [
        {"type": "http.request", "body": b"ab", "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive():
        return messages.pop(0)

    request = Request(scope, receive)
    got = []
    with pytest.raises(ClientDisconnect):
        async for chunk in request.stream():
            got.append(chunk)
    assert got == [b"ab"]
    assert await request.is_disconnected() is True
    messages.append({"type": "http.disconnect"})
    with pytest.raises(ClientDisconnect):
        await request.body()


async def test_a_stream_stopped_early_can_be_resumed():
    request = Request(http_scope("POST"), _receiver([b"a", b"b", b"c"]))
    first = request.stream()
    assert await first.__anext__() == b"a"
    await first.aclose()
    assert [chunk async for chunk in request.stream()] == [b"b", b"c", b""]
    with pytest.raises(RuntimeError, match="Stream consumed"):
        await request.stream().__anext__()


async def test_json_is_cached_and_errors_are_json_errors():
    async def handler(request):
        data = await request.json()
        return [data, data is await request.json()]

    await check(handler, [{"a": [1, None]}, True], body=b'{"a": [1, null]}')

    request = Request(http_scope("POST"), _receiver([b"{bad"]))
    with pytest.raises(json.JSONDecodeError):
        await request.json()


def _receiver(chunks, then_wait=False):
    messages = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]

    async def receive():
        if messages:
            return messages.pop(0)
        if then_wait:
            await anyio.sleep_forever()
        return {"type": "http.disconnect"}

    return receive


async def test_is_disconnected_does_not_block_and_keeps_an_early_body_message():
    request = Request(http_scope("POST"), _receiver([b"x", b"y"], then_wait=True))
    with anyio.fail_after(1):
        assert await request.is_disconnected() is False
        assert await request.is_disconnected() is False
        assert await request.body() == b"xy"
        assert await request.is_disconnected() is False

    request = Request(http_scope("POST"), _receiver([b"x"]))
    assert await request.body() == b"x"
    assert await request.is_disconnected() is True


async def test_push_promise_and_early_hints():
    async def app(scope, receive, send):
        request = Request(scope, receive, send)
        await request.send_push_promise("/style.css")
        await request.send_early_hints("</a.css>; rel=preload", "</b.js>; rel=preload")
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    headers = [(b"accept", b"text/css"), (b"cookie", b"secret=1"), (b"user-agent", b"ua")]
    extensions = {"http.response.push": {}, "http.response.early_hint": {}}
    sent = await run_http(app, http_scope(headers=headers, extensions=extensions))
    assert sent[:2] == [
        {
            "type": "http.response.push",
            "path": "/style.css",
            "headers": [(b"accept", b"text/css"), (b"user-agent", b"ua")],
        },
        {"type": "http.response.early_hint", "links": [b"</a.css>; rel=preload", b"</b.js>; rel=preload"]},
    ]
    sent = await run_http(app, http_scope(headers=headers))
    assert response_parts(sent) == (204, [], b"")
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]

