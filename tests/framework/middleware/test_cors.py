"""CORSMiddleware around a raw ASGI app: preflights and simple requests, asyncio and trio.

Expected header lists were checked against Starlette 1.10 byte for byte, except where marked:
``*`` with credentials (HARDENING: never reflected, no credentials header) and an empty
``Access-Control-Request-Headers`` (no headers asked for, so no 400).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.types import Receive, Scope, Send
from framework.middleware.cors import CORSMiddleware
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio

A = b"https://a.com"
ORIGIN = (b"origin", A)
TEXT = (b"content-type", b"text/plain")
PLAIN = (b"content-type", b"text/plain; charset=utf-8")
PREFLIGHT = [ORIGIN, (b"access-control-request-method", b"GET")]
VARY_PREFLIGHT = (
    b"vary",
    b"Origin, Access-Control-Request-Method, Access-Control-Request-Headers, "
    b"Access-Control-Request-Private-Network",
)
SAFE = b"Accept, Accept-Language, Content-Language, Content-Type"
ACAO_A = (b"access-control-allow-origin", A)
ACAO_STAR = (b"access-control-allow-origin", b"*")
METHODS_GET = (b"access-control-allow-methods", b"GET")
AGE = (b"access-control-max-age", b"600")
VARY = (b"vary", b"Origin")
CREDENTIALS = (b"access-control-allow-credentials", b"true")
ALL_METHODS = (
    b"access-control-allow-methods",
    b"DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, QUERY",
)


def ok_app(headers: list[tuple[bytes, bytes]] | None = None) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        start_headers = [TEXT] if headers is None else headers
        await send({"type": "http.response.start", "status": 200, "headers": start_headers})
        await send({"type": "http.response.body", "body": b"ok", "more_body": False})

    return app


async def cors(
    options: dict[str, Any], method: str = "GET", headers: Any = (), app: Any = None
) -> tuple:
    middleware = CORSMiddleware(app or ok_app(), **options)
    return response_parts(await run_http(middleware, http_scope(method, headers=list(headers))))


def answer(status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> tuple:
    length = (b"content-length", str(len(body)).encode())
    return status, [*headers, length, PLAIN], body


SIMPLE_CASES = [
    ({"allow_origins": ["*"]}, [], [TEXT, VARY]),
    ({"allow_origins": ["https://a.com"]}, [], [TEXT, VARY]),
    ({}, [ORIGIN], [TEXT, VARY]),
    ({"allow_origins": ["*"]}, [ORIGIN], [TEXT, ACAO_STAR, VARY]),
    ({"allow_origins": ["*"]}, [ORIGIN, (b"cookie", b"a=1")], [TEXT, ACAO_STAR, VARY]),
    ({"allow_origins": ["https://a.com"]}, [ORIGIN], [TEXT, ACAO_A, VARY]),
    ({"allow_origins": ["https://b.com"]}, [ORIGIN], [TEXT, VARY]),
    (
        {
            "allow_origins": ["https://a.com"],
            "allow_credentials": True,
            "expose_headers": ["X-A", "X-B"],
        },
        [ORIGIN],
        [TEXT, CREDENTIALS, (b"access-control-expose-headers", b"X-A, X-B"), ACAO_A, VARY],
    ),
    (
        {"allow_origins": ["https://a.com"], "expose_headers": ["X-A"]},
        [(b"origin", b"https://z.com")],
        [TEXT, (b"access-control-expose-headers", b"X-A"), VARY],
    ),
    ({"allow_origins": ["https://a.com"], "expose_headers": ["X-A"]}, [], [TEXT, VARY]),
    (
        {"allow_origin_regex": r"https://.*\.a\.com"},
        [(b"origin", b"https://x.a.com")],
        [TEXT, (b"access-control-allow-origin", b"https://x.a.com"), VARY],
    ),
    (
        {"allow_origin_regex": r"https://.*\.a\.com"},
        [(b"origin", b"https://x.a.com.evil.net")],
        [TEXT, VARY],
    ),
    ({"allow_origin_regex": r"https://a\.com"}, [(b"origin", b"https://a.com/")], [TEXT, VARY]),
    ({"allow_origin_regex": r"https://a\.com"}, [(b"origin", b"xhttps://a.com")], [TEXT, VARY]),
    (
        {"allow_origins": ["https://b.com"], "allow_origin_regex": r"https://a\.com"},
        [ORIGIN],
        [TEXT, ACAO_A, VARY],
    ),
    ({"allow_origins": ["https://a.com"]}, [(b"origin", b"null")], [TEXT, VARY]),
    # HARDENING: Starlette 1.10 reflects the origin and adds credentials for these two.
    ({"allow_origins": ["*"], "allow_credentials": True}, [ORIGIN], [TEXT, ACAO_STAR, VARY]),
    (
        {"allow_origins": ["*"], "allow_credentials": True},
        [(b"origin", b"null")],
        [TEXT, ACAO_STAR, VARY],
    ),
    # OPTIONS without Access-Control-Request-Method, or without Origin, is no preflight.
    ({"allow_origins": ["https://a.com"]}, [ORIGIN], [TEXT, ACAO_A, VARY]),
]


@pytest.mark.parametrize(("options", "request_headers", "expected"), SIMPLE_CASES)
@pytest.mark.parametrize("method", ["GET", "OPTIONS"])
async def test_simple_requests(
    options: Any, request_headers: Any, expected: Any, method: str
) -> None:
    assert await cors(options, method, request_headers) == (200, expected, b"ok")


async def test_preflight_without_origin_reaches_the_app() -> None:
    headers = [(b"access-control-request-method", b"GET")]
    assert await cors({"allow_origins": ["*"]}, "OPTIONS", headers) == (200, [TEXT, VARY], b"ok")


async def test_existing_vary_and_allow_origin_are_updated_in_place() -> None:
    app = ok_app([TEXT, (b"vary", b"Accept-Encoding"), (b"access-control-allow-origin", b"x")])
    assert await cors({"allow_origins": ["https://a.com"]}, headers=[ORIGIN], app=app) == (
        200,
        [TEXT, (b"vary", b"Accept-Encoding, Origin"), ACAO_A],
        b"ok",
    )
    assert await cors({"allow_origins": ["*"]}, headers=[ORIGIN], app=app) == (
        200,
        [TEXT, (b"vary", b"Accept-Encoding, Origin"), ACAO_STAR],
        b"ok",
    )


PREFLIGHT_CASES = [
    (
        {"allow_origins": ["*"]},
        [],
        answer(
            200,
            [VARY_PREFLIGHT, ACAO_STAR, METHODS_GET, AGE, (b"access-control-allow-headers", SAFE)],
            b"OK",
        ),
    ),
    (
        {"allow_origins": ["*"], "allow_methods": ["*"], "allow_headers": ["*"]},
        [(b"access-control-request-headers", b"X-Foo, Content-Type")],
        answer(
            200,
            [
                VARY_PREFLIGHT,
                ACAO_STAR,
                ALL_METHODS,
                AGE,
                (b"access-control-allow-headers", b"X-Foo, Content-Type"),
            ],
            b"OK",
        ),
    ),
    (
        {"allow_origins": ["*"], "allow_headers": ["*"]},
        [],
        answer(200, [VARY_PREFLIGHT, ACAO_STAR, METHODS_GET, AGE], b"OK"),
    ),
    (
        {
            "allow_origins": ["https://a.com"],
            "allow_methods": ["GET", "POST"],
            "allow_headers": ["X-Foo"],
            "max_age": 100,
        },
        [(b"access-control-request-headers", b"x-foo")],
        answer(
            200,
            [
                VARY_PREFLIGHT,
                (b"access-control-allow-methods", b"GET, POST"),
                (b"access-control-max-age", b"100"),
                (b"access-control-allow-headers", SAFE + b", X-Foo"),
                ACAO_A,
            ],
            b"OK",
        ),
    ),
    (
        {"allow_origins": ["https://a.com"], "allow_headers": ["X-Foo"]},
        [(b"access-control-request-headers", b"X-FOO , accept")],
        answer(
            200,
            [
                VARY_PREFLIGHT,
                METHODS_GET,
                AGE,
                (b"access-control-allow-headers", SAFE + b", X-Foo"),
                ACAO_A,
            ],
            b"OK",
        ),
    ),
    (
        {
            "allow_origins": ["https://a.com"],
            "allow_credentials": True,
            "allow_methods": ["*"],
            "allow_headers": ["*"],
        },
        [(b"access-control-request-headers", b"X-Foo")],
        answer(
            200,
            [
                VARY_PREFLIGHT,
                ALL_METHODS,
                AGE,
                CREDENTIALS,
                ACAO_A,
                (b"access-control-allow-headers", b"X-Foo"),
            ],
            b"OK",
        ),
    ),
    # HARDENING: Starlette 1.10 reflects https://a.com and adds credentials here.
    (
        {
            "allow_origins": ["*"],
            "allow_credentials": True,
            "allow_methods": ["*"],
            "allow_headers": ["*"],
        },
        [(b"access-control-request-headers", b"X-Foo")],
        answer(
            200,
            [
                VARY_PREFLIGHT,
                ACAO_STAR,
                ALL_METHODS,
                AGE,
                (b"access-control-allow-headers", b"X-Foo"),
            ],
            b"OK",
        ),
    ),
    # Starlette 1.10 answers 400 "Disallowed CORS headers" to an empty list.
    (
        {"allow_origins": ["https://a.com"]},
        [(b"access-control-request-headers", b"")],
        answer(
            200,
            [VARY_PREFLIGHT, METHODS_GET, AGE, (b"access-control-allow-headers", SAFE), ACAO_A],
            b"OK",
        ),
    ),
    (
        {"allow_origins": ["https://a.com"], "allow_headers": ["X-Foo"]},
        [(b"access-control-request-headers", b"X-Bar")],
        answer(
            400,
            [
                VARY_PREFLIGHT,
                METHODS_GET,
                AGE,
                (b"access-control-allow-headers", SAFE + b", X-Foo"),
                ACAO_A,
            ],
            b"Disallowed CORS headers",
        ),
    ),
    (
        {"allow_origins": ["https://a.com"], "allow_private_network": True},
        [(b"access-control-request-private-network", b"true")],
        answer(
            200,
            [
                VARY_PREFLIGHT,
                METHODS_GET,
                AGE,
                (b"access-control-allow-headers", SAFE),
                ACAO_A,
                (b"access-control-allow-private-network", b"true"),
            ],
            b"OK",
        ),
    ),
    (
        {"allow_origins": ["https://a.com"]},
        [(b"access-control-request-private-network", b"true")],
        answer(
            400,
            [VARY_PREFLIGHT, METHODS_GET, AGE, (b"access-control-allow-headers", SAFE), ACAO_A],
            b"Disallowed CORS private-network",
        ),
    ),
]


@pytest.mark.parametrize(("options", "extra", "expected"), PREFLIGHT_CASES)
async def test_preflight(options: Any, extra: Any, expected: tuple) -> None:
    assert await cors(options, "OPTIONS", PREFLIGHT + extra) == expected


@pytest.mark.parametrize(
    ("options", "request_method", "extra", "body", "allowed"),
    [
        ({"allow_origins": ["https://a.com"]}, b"PUT", [], b"Disallowed CORS method", True),
        ({"allow_origins": ["https://a.com"]}, b"get", [], b"Disallowed CORS method", True),
        ({"allow_origins": ["https://b.com"]}, b"GET", [], b"Disallowed CORS origin", False),
        (
            {"allow_origins": ["https://b.com"]},
            b"PUT",
            [(b"access-control-request-headers", b"X-Bar")],
            b"Disallowed CORS origin, method, headers",
            False,
        ),
    ],
)
async def test_preflight_refusals(
    options: Any, request_method: bytes, extra: Any, body: bytes, allowed: bool
) -> None:
    headers = [ORIGIN, (b"access-control-request-method", request_method), *extra]
    expected = [VARY_PREFLIGHT, METHODS_GET, AGE, (b"access-control-allow-headers", SAFE)]
    if allowed:
        expected.append(ACAO_A)
    assert await cors(options, "OPTIONS", headers) == answer(400, expected, body)


async def test_preflight_never_reaches_the_app() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        raise AssertionError("the app saw a preflight")

    status, _, body = await cors({"allow_origins": ["*"]}, "OPTIONS", PREFLIGHT, app=app)
    assert (status, body) == (200, b"OK")


async def test_websocket_and_lifespan_pass_through() -> None:
    seen: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope["type"])

    async def noop(*args: Any) -> Any:
        return None

    middleware = CORSMiddleware(app, allow_origins=["*"])
    await middleware({"type": "websocket", "headers": [ORIGIN]}, noop, noop)
    await middleware({"type": "lifespan"}, noop, noop)
    assert seen == ["websocket", "lifespan"]


_origins = st.one_of(
    st.from_regex(r"https?://[a-z]{1,8}(\.[a-z]{1,8}){0,3}(:[0-9]{1,5})?", fullmatch=True),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=30),
)


@settings(max_examples=60)
@given(_origins)
def test_regex_decision_is_fullmatch_property(origin: str) -> None:
    pattern = r"https://[a-z]+\.example\.com"
    middleware = CORSMiddleware(ok_app(), allow_origin_regex=pattern)
    assert middleware.is_allowed_origin(origin) is (re.fullmatch(pattern, origin) is not None)
    assert not middleware.is_allowed_origin(f"https://a.example.com.{origin}")


@settings(max_examples=40)
@given(_origins, st.booleans())
async def test_wildcard_never_reflects_with_credentials_property(
    origin: str, preflight: bool
) -> None:
    options = {
        "allow_origins": ["*"],
        "allow_credentials": True,
        "allow_methods": ["*"],
        "allow_headers": ["*"],
    }
    headers = [(b"origin", origin.encode())]
    if preflight:
        headers.append((b"access-control-request-method", b"GET"))
    _, response_headers, _ = await cors(options, "OPTIONS", headers)
    assert (b"access-control-allow-origin", b"*") in response_headers
    for name, value in response_headers:
        assert name != b"access-control-allow-credentials"
        assert not (name == b"access-control-allow-origin" and value != b"*")
