"""TrustedHostMiddleware and HTTPSRedirectMiddleware around a raw ASGI app, asyncio and trio.

Responses were checked byte for byte against Starlette 1.10; the deliberate differences
(ports in ``allowed_hosts`` are honoured, a bare ``::1`` entry means ``[::1]``, ``.example.com``
is no subdomain of ``example.com``) are marked where tested.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asgi_core.types import Message, Receive, Scope, Send
from framework.middleware.httpsredirect import HTTPSRedirectMiddleware
from framework.middleware.trustedhost import TrustedHostMiddleware, split_host
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio

OK = (200, [(b"content-type", b"text/plain")], b"ok")
INVALID = (
    400,
    [(b"content-length", b"19"), (b"content-type", b"text/plain; charset=utf-8")],
    b"Invalid host header",
)


def redirect(location: bytes) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    return 307, [(b"content-length", b"0"), (b"location", location)], b""


async def ok_app(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [OK[1][0]]})
    await send({"type": "http.response.body", "body": b"ok", "more_body": False})


def scope_with(host: bytes | None, **extra: Any) -> dict[str, Any]:
    scope = http_scope(**{"path": "/p", "query_string": b"a=1", **extra})
    scope["headers"] = [] if host is None else [(b"host", host)]
    return scope


async def trusted(allowed: Any, host: bytes | None, **options: Any) -> tuple:
    app = TrustedHostMiddleware(ok_app, allowed_hosts=allowed, **options)
    return response_parts(await run_http(app, scope_with(host)))


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        (["example.com"], b"example.com"),
        (["example.com"], b"example.com:8000"),
        (["EXAMPLE.com"], b"Example.COM"),
        (["*.example.com"], b"a.example.com"),
        (["*.example.com"], b"a.b.example.com"),
        (["*"], b"anything"),
        (None, b"anything"),
        (["[::1]"], b"[::1]:8000"),
        (["[::1]"], b"[::1]"),
        (["::1"], b"[::1]:8000"),  # Starlette: 400 (it never brackets the entry)
        (["example.com:8000"], b"example.com:8000"),  # Starlette: 400 (entry never matches)
        (["127.0.0.1"], b"127.0.0.1:5000"),
        (["other.org", "*.example.com:8443"], b"api.example.com:8443"),
    ],
)
async def test_allowed_hosts_pass(allowed: Any, host: bytes) -> None:
    assert await trusted(allowed, host) == OK


@pytest.mark.parametrize(
    ("allowed", "host"),
    [
        (["example.com"], b"evil.com"),
        (["example.com"], None),
        (["example.com"], b""),
        (["*.example.com"], b"example.com"),
        (["*.example.com"], b".example.com"),  # Starlette: passes
        (["*.example.com"], b"evilexample.com"),
        (["example.com:8000"], b"example.com"),
        (["example.com:8000"], b"example.com:9000"),
        (["*.example.com:8443"], b"api.example.com"),
        (["example.com"], b"example.com:8000/x"),
        (["example.com"], b"example.com/x"),
        (["example.com"], b"user@example.com"),
        (["example.com"], b"example.com:99999"),
        (["[::1]"], b"[::1"),
        (["[::1]"], b"[::2]:8000"),
        (["www.example.com"], b"example.com:8000/x"),
    ],
)
async def test_other_hosts_get_400(allowed: Any, host: bytes | None) -> None:
    assert await trusted(allowed, host) == INVALID


@pytest.mark.parametrize(
    ("host", "scheme", "location"),
    [
        (b"example.com", "http", b"http://www.example.com/p?a=1"),
        (b"example.com:8000", "http", b"http://www.example.com:8000/p?a=1"),
        (b"example.com", "https", b"https://www.example.com/p?a=1"),
    ],
)
async def test_www_redirect(host: bytes, scheme: str, location: bytes) -> None:
    app = TrustedHostMiddleware(ok_app, allowed_hosts=["www.example.com"])
    messages = await run_http(app, scope_with(host, scheme=scheme))
    assert response_parts(messages) == redirect(location)


async def test_www_redirect_can_be_turned_off() -> None:
    assert await trusted(["www.example.com"], b"example.com", www_redirect=False) == INVALID


async def test_www_redirect_needs_an_exact_www_entry() -> None:
    assert await trusted(["*.example.com"], b"example.com") == INVALID
    assert await trusted(["www.example.com:8000"], b"example.com:9000") == INVALID


@pytest.mark.parametrize("pattern", ["*example.com", "a.*.com", "*.*.com", "ex*ample.com", "*."])
def test_bad_wildcard_is_a_configuration_error(pattern: str) -> None:
    with pytest.raises(
        ValueError, match=r"Domain wildcard patterns must be like '\*\.example\.com'"
    ):
        TrustedHostMiddleware(ok_app, allowed_hosts=[pattern])


async def test_websocket_with_bad_host_gets_a_denial_response() -> None:
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    scope = {"type": "websocket", "scheme": "ws", "path": "/ws", "query_string": b"",
             "headers": [(b"host", b"evil.com")], "server": ("testserver", 80)}  # fmt: skip
    await TrustedHostMiddleware(ok_app, allowed_hosts=["example.com"])(scope, receive, send)
    assert sent == [
        {"type": "websocket.http.response.start", "status": 400, "headers": INVALID[1]},
        {"type": "websocket.http.response.body", "body": b"Invalid host header"},
    ]


async def test_lifespan_passes_through() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    async def noop(*args: Any) -> Any:
        return None

    await TrustedHostMiddleware(app, allowed_hosts=["example.com"])(
        {"type": "lifespan"}, noop, noop
    )
    assert seen == ["lifespan"]


_labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
_names = st.lists(_labels, min_size=1, max_size=4).map(".".join)
_ipv6 = st.ip_addresses(v=6).map(lambda ip: f"[{ip}]")


@given(st.one_of(_names, _ipv6), st.one_of(st.none(), st.integers(0, 65535)))
def test_split_host_property(name: str, port: int | None) -> None:
    host = name if port is None else f"{name}:{port}"
    assert split_host(host) == (name, None if port is None else str(port))
    assert split_host(host.upper()) == (name.lower(), None if port is None else str(port))


@given(st.ip_addresses(v=6))
def test_bare_ipv6_entries_are_bracketed(ip: ipaddress.IPv6Address) -> None:
    assert split_host(str(ip)) == (f"[{ip}]", None)


# ----- HTTPSRedirectMiddleware -------------------------------------------------------------


@pytest.mark.parametrize(
    ("server", "host", "location"),
    [
        (("testserver", 80), b"testserver", b"https://testserver/p?a=1"),
        (("testserver", 80), b"testserver:80", b"https://testserver/p?a=1"),
        (("testserver", 80), b"testserver:443", b"https://testserver/p?a=1"),
        (("testserver", 8080), b"testserver:8080", b"https://testserver:8080/p?a=1"),
        (("testserver", 80), None, b"https://testserver/p?a=1"),
        (("testserver", 8080), None, b"https://testserver:8080/p?a=1"),
        (("::1", 8000), b"[::1]:8000", b"https://[::1]:8000/p?a=1"),
        (("::1", 80), b"[::1]:80", b"https://[::1]/p?a=1"),
        (("testserver", 80), b"evil.com/x?", b"https://testserver/p?a=1"),
    ],
)
async def test_http_is_redirected_to_https(
    server: tuple[str, int], host: bytes | None, location: bytes
) -> None:
    app = HTTPSRedirectMiddleware(ok_app)
    messages = await run_http(app, scope_with(host, server=server))
    assert response_parts(messages) == redirect(location)


async def test_protocol_relative_path_stays_on_our_host() -> None:
    scope = scope_with(b"testserver", path="//evil.com/x", query_string=b"")
    messages = await run_http(HTTPSRedirectMiddleware(ok_app), scope)
    assert response_parts(messages) == redirect(b"https://testserver//evil.com/x")


async def test_https_passes_through() -> None:
    messages = await run_http(
        HTTPSRedirectMiddleware(ok_app), scope_with(b"testserver", scheme="https")
    )
    assert response_parts(messages) == OK


@pytest.mark.parametrize(
    ("scheme", "status", "location"),
    [("ws", 307, b"wss://testserver:9000/ws?x=1"), ("wss", None, None)],
)
async def test_websocket_is_redirected_to_wss(
    scheme: str, status: int | None, location: bytes | None
) -> None:
    sent: list[Message] = []
    reached: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        reached.append(scope["scheme"])

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    scope = {"type": "websocket", "scheme": scheme, "path": "/ws", "query_string": b"x=1",
             "headers": [(b"host", b"testserver:9000")], "server": ("testserver", 9000)}  # fmt: skip
    await HTTPSRedirectMiddleware(app)(scope, receive, send)
    if status is None:
        assert (reached, sent) == (["wss"], [])
    else:
        assert reached == []
        assert sent == [
            {
                "type": "websocket.http.response.start",
                "status": 307,
                "headers": [(b"content-length", b"0"), (b"location", location)],
            },
            {"type": "websocket.http.response.body", "body": b""},
        ]
