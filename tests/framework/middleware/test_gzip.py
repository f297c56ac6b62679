"""GZipMiddleware around raw ASGI apps: whole responses, on asyncio and trio.

Header lists and compressed bytes were checked against Starlette 1.10's GZipMiddleware
(zlib at level 9 with a gzip wrapper gives the same bytes as its GzipFile).
"""

from __future__ import annotations

import gzip
import zlib
from typing import Any

import anyio
import pytest
from hypothesis import given
from hypothesis import strategies as st

from asgi_core.types import Message, Receive, Scope, Send
from framework.middleware.gzip import GZipMiddleware, accepts_gzip
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio

GZIP = [(b"accept-encoding", b"gzip, deflate, br")]
TEXT = (b"content-type", b"text/plain")


def raw_app(headers: list[tuple[bytes, bytes]], chunks: list[bytes], status: int = 200) -> Any:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": status, "headers": headers})
        for i, chunk in enumerate(chunks):
            more = i < len(chunks) - 1
            await send({"type": "http.response.body", "body": chunk, "more_body": more})

    return app


async def call(
    app: Any, headers: list[tuple[bytes, bytes]] = GZIP, **options: Any
) -> list[Message]:
    return await run_http(GZipMiddleware(app, **options), http_scope(headers=headers))


async def test_whole_body_is_compressed_and_content_length_fixed() -> None:
    body = b"x" * 1000
    app = raw_app([TEXT, (b"content-length", b"1000")], [body])
    messages = await call(app)
    status, headers, out = response_parts(messages)
    assert status == 200
    assert headers == [
        TEXT,
        (b"content-length", b"29"),
        (b"vary", b"Accept-Encoding"),
        (b"content-encoding", b"gzip"),
    ]
    assert gzip.decompress(out) == body
    assert len(messages) == 2 and messages[1]["more_body"] is False


async def test_whole_body_bytes_match_starlette() -> None:
    app = raw_app([TEXT], [b"x" * 1000])
    status, headers, out = response_parts(await call(app))
    assert (status, headers) == (
        200,
        [
            TEXT,
            (b"vary", b"Accept-Encoding"),
            (b"content-encoding", b"gzip"),
            (b"content-length", b"29"),
        ],
    )
    assert (
        out
        == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03\xab\xa8\x18\x05\xa3`\x14\x0cw\x00\x00\xe6\xc9A;\xe8\x03\x00\x00"
    )


async def test_compresslevel_is_used() -> None:
    body = bytes(range(256)) * 8
    app = raw_app([TEXT], [body])
    _, _, fast = response_parts(await call(app, compresslevel=1))
    _, _, best = response_parts(await call(app, compresslevel=9))
    assert gzip.decompress(fast) == gzip.decompress(best) == body
    assert (fast[8], best[8]) == (4, 2)  # the gzip XFL byte: fastest vs best compression
    assert len(fast) > len(best)


async def test_existing_vary_is_extended() -> None:
    app = raw_app([TEXT, (b"vary", b"Origin")], [b"a" * 600])
    _, headers, out = response_parts(await call(app))
    assert headers == [
        TEXT,
        (b"vary", b"Origin, Accept-Encoding"),
        (b"content-encoding", b"gzip"),
        (b"content-length", str(len(out)).encode()),
    ]
    assert gzip.decompress(out) == b"a" * 600


async def test_small_body_passes_through_without_vary() -> None:
    app = raw_app([TEXT, (b"content-length", b"10")], [b"x" * 10])
    assert response_parts(await call(app)) == (200, [TEXT, (b"content-length", b"10")], b"x" * 10)


async def test_minimum_size_is_configurable() -> None:
    app = raw_app([TEXT], [b"x" * 10])
    _, headers, out = response_parts(await call(app, minimum_size=10))
    assert headers[-2:] == [
        (b"content-encoding", b"gzip"),
        (b"content-length", str(len(out)).encode()),
    ]
    assert gzip.decompress(out) == b"x" * 10


@pytest.mark.parametrize(
    "content_type",
    [b"text/event-stream", b"text/event-stream; charset=utf-8"],
)
async def test_event_stream_is_never_compressed(content_type: bytes) -> None:
    chunks = [b"data: " + b"a" * 1000 + b"\n\n", b""]
    app = raw_app([(b"content-type", content_type)], chunks)
    messages = await call(app)
    assert messages == [
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", content_type)],
        },
        {"type": "http.response.body", "body": chunks[0], "more_body": True},
        {"type": "http.response.body", "body": b"", "more_body": False},
    ]


async def test_existing_content_encoding_is_left_alone() -> None:
    headers = [TEXT, (b"content-encoding", b"br")]
    app = raw_app(headers, [b"a" * 1000])
    assert response_parts(await call(app)) == (200, headers, b"a" * 1000)


@pytest.mark.parametrize(
    "accept",
    [None, b"identity", b"br, deflate", b"gzip;q=0", b"GZIP;q=0, *;q=1", b"*;q=0"],
)
async def test_client_without_gzip_gets_identity_with_vary(accept: bytes | None) -> None:
    request_headers = [] if accept is None else [(b"accept-encoding", accept)]
    app = raw_app([TEXT, (b"content-length", b"1000")], [b"x" * 1000])
    assert response_parts(await call(app, request_headers)) == (
        200,
        [TEXT, (b"content-length", b"1000"), (b"vary", b"Accept-Encoding")],
        b"x" * 1000,
    )


@pytest.mark.parametrize("accept", [b"GZIP", b"deflate, gzip;q=0.5", b"*", b"br;q=1, *;q=0.1"])
async def test_gzip_accepted_in_any_spelling(accept: bytes) -> None:
    app = raw_app([TEXT], [b"x" * 1000])
    _, headers, out = response_parts(await call(app, [(b"accept-encoding", accept)]))
    assert (b"content-encoding", b"gzip") in headers
    assert gzip.decompress(out) == b"x" * 1000


async def test_streaming_response_is_compressed_chunk_by_chunk() -> None:
    app = raw_app([TEXT, (b"content-length", b"20")], [b"a" * 10, b"b" * 10, b""])
    messages = await call(app)
    assert messages[0] == {
        "type": "http.response.start",
        "status": 200,
        "headers": [TEXT, (b"vary", b"Accept-Encoding"), (b"content-encoding", b"gzip")],
    }
    bodies = [m["body"] for m in messages[1:]]
    assert [m["more_body"] for m in messages[1:]] == [True, True, False]
    # Starlette 1.10 sends exactly these bytes (sync flush after each chunk).
    assert bodies == [
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03JL\x84\x01\x00\x00\x00\x00\xff\xff",
        b"J\x82\x03\x00\x00\x00\x00\xff\xff",
        b"\x03\x00\xc6\nQ(\x14\x00\x00\x00",
    ]
    assert gzip.decompress(b"".join(bodies)) == b"a" * 10 + b"b" * 10


async def test_streaming_without_gzip_keeps_content_length() -> None:
    app = raw_app([TEXT, (b"content-length", b"20")], [b"a" * 10, b"b" * 10, b""])
    messages = await call(app, [])
    assert messages == [
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [TEXT, (b"content-length", b"20"), (b"vary", b"Accept-Encoding")],
        },
        {"type": "http.response.body", "body": b"a" * 10, "more_body": True},
        {"type": "http.response.body", "body": b"b" * 10, "more_body": True},
        {"type": "http.response.body", "body": b"", "more_body": False},
    ]


async def test_chunks_go_out_compressed_before_the_app_finishes() -> None:
    """The app blocks until the client has decoded its previous chunk: no buffering."""
    chunks = [f"chunk {i}\n".encode() * 20 for i in range(4)]
    decoded: list[bytes] = []
    decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
    arrived = [anyio.Event() for _ in chunks]

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [TEXT]})
        for i, chunk in enumerate(chunks):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            with anyio.fail_after(2):
                await arrived[i].wait()  # never set if the middleware held the chunk back
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    async def send(message: Message) -> None:
        if message["type"] == "http.response.body" and message["more_body"]:
            decoded.append(decoder.decompress(message["body"]))
            arrived[len(decoded) - 1].set()

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    await GZipMiddleware(app, minimum_size=1)(http_scope(headers=GZIP), receive, send)
    assert decoded == chunks


async def test_response_without_body_message_and_pathsend_pass_through() -> None:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [TEXT]})
        await send({"type": "http.response.pathsend", "path": "/tmp/x"})

    messages = await call(app)
    assert messages == [
        {"type": "http.response.start", "status": 200, "headers": [TEXT]},
        {"type": "http.response.pathsend", "path": "/tmp/x"},
    ]


async def test_non_http_scopes_are_untouched() -> None:
    seen: list[Scope] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        seen.append(scope)
        await send({"type": "websocket.accept"})

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "websocket.connect"}

    scope = {"type": "websocket", "headers": GZIP, "path": "/"}
    await GZipMiddleware(app)(scope, receive, send)
    assert seen == [scope] and sent == [{"type": "websocket.accept"}]


def _model(codings: list[tuple[str, float]]) -> bool:
    for name, weight in codings:
        if name.lower() == "gzip":
            return weight > 0
    star = [w for n, w in codings if n == "*"]
    return bool(star) and star[0] > 0


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["gzip", "GZip", "br", "deflate", "identity", "*", "zstd"]),
            st.sampled_from([0.0, 0.001, 0.5, 1.0]),
        ),
        max_size=5,
    ),
    st.sampled_from([",", ", ", " ,"]),
)
def test_accept_encoding_parsing_property(codings: list[tuple[str, float]], sep: str) -> None:
    value = sep.join(f"{name};q={weight}" for name, weight in codings)
    assert accepts_gzip(value) is _model(codings)
