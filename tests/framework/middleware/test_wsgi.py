"""WSGIMiddleware with small hand-written WSGI apps, on asyncio and trio.

Streaming both ways is proven by rendezvous: the WSGI app (in its worker thread) waits for
the ASGI side to have seen a chunk before producing the next one, and the ASGI side holds a
request body chunk back until a response chunk has arrived — buffering would deadlock
(and fail on a timeout) instead of passing.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Iterator
from typing import Any

import anyio
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from asgi_core.types import Message
from framework.middleware.wsgi import WSGIMiddleware
from tests.asgi_helpers import http_scope, response_parts, run_http

pytestmark = pytest.mark.anyio

PLAIN = [("Content-Type", "text/plain")]


def hello_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain"), ("X-A", "1")])
    return [b"Hello, ", b"", b"world"]


async def test_response_status_headers_and_chunks() -> None:
    messages = await run_http(WSGIMiddleware(hello_app), http_scope())
    assert messages == [
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain"), (b"x-a", b"1")],
        },
        {"type": "http.response.body", "body": b"Hello, ", "more_body": True},
        {"type": "http.response.body", "body": b"world", "more_body": True},
        {"type": "http.response.body", "body": b""},
    ]


async def test_environ_is_complete() -> None:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(environ)
        start_response("200 OK", PLAIN)
        return [environ["wsgi.input"].read()]

    scope = http_scope(
        "POST",
        "/v1/héllo",
        b"a=1&b=%20",
        headers=[
            (b"content-type", b"text/plain"),
            (b"content-length", b"5"),
            (b"x-dup", b"1"),
            (b"x-dup", b"2"),
            (b"x_forwarded_for", b"6.6.6.6"),
        ],
        root_path="/v1",
        scheme="https",
        server=("example.com", 8443),
        client=("10.0.0.7", 51000),
        http_version="2",
    )
    status, _, body = response_parts(await run_http(WSGIMiddleware(app), scope, [b"he", b"llo"]))
    assert (status, body) == (200, b"hello")
    body_stream, errors = seen.pop("wsgi.input"), seen.pop("wsgi.errors")
    assert seen == {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "/v1",
        "PATH_INFO": "/h\xc3\xa9llo",  # UTF-8 bytes, one latin-1 char each (PEP 3333)
        "QUERY_STRING": "a=1&b=%20",
        "SERVER_NAME": "example.com",
        "SERVER_PORT": "8443",
        "SERVER_PROTOCOL": "HTTP/2",
        "REMOTE_ADDR": "10.0.0.7",
        "REMOTE_PORT": "51000",
        "CONTENT_TYPE": "text/plain",
        "CONTENT_LENGTH": "5",
        "HTTP_HOST": "testserver",
        "HTTP_X_DUP": "1,2",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https",
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    assert errors is sys.stderr and isinstance(errors, io.TextIOBase)
    assert hasattr(body_stream, "read") and hasattr(body_stream, "readline")


async def test_environ_without_root_path_or_client() -> None:
    seen: dict[str, Any] = {}

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.update(environ)
        start_response("204 No Content", [])
        return []

    scope = http_scope(path="/x", client=None, server=None)
    messages = await run_http(WSGIMiddleware(app), scope)
    assert messages == [
        {"type": "http.response.start", "status": 204, "headers": []},
        {"type": "http.response.body", "body": b""},
    ]
    assert (seen["SCRIPT_NAME"], seen["PATH_INFO"]) == ("", "/x")
    assert (seen["SERVER_NAME"], seen["SERVER_PORT"]) == ("localhost", "80")
    assert "REMOTE_ADDR" not in seen and "REMOTE_PORT" not in seen


async def test_runs_in_a_worker_thread() -> None:
    threads: list[threading.Thread] = []

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        threads.append(threading.current_thread())
        start_response("200 OK", PLAIN)
        return [b"x"]

    await run_http(WSGIMiddleware(app), http_scope())
    assert threads and threads[0] is not threading.current_thread()


async def test_response_streams_out_chunk_by_chunk() -> None:
    delivered = [threading.Event() for _ in range(3)]
    sent: list[Message] = []

    def app(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        start_response("200 OK", PLAIN)
        for i, event in enumerate(delivered):
            yield f"chunk {i}".encode()
            if not event.wait(timeout=5):  # the ASGI side has not seen the chunk: buffered
                raise AssertionError(f"chunk {i} was not sent before the next was made")

    async def send(message: Message) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and message.get("more_body"):
            delivered[len(sent) - 2].set()

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    await WSGIMiddleware(app)(http_scope(), receive, send)
    assert [m.get("body") for m in sent[1:]] == [b"chunk 0", b"chunk 1", b"chunk 2", b""]


async def test_request_body_streams_in() -> None:
    """The second body chunk is only given after the app answered the first one."""
    first_answered = anyio.Event()
    sent: list[Message] = []
    incoming = [
        {"type": "http.request", "body": b"first", "more_body": True},
        {"type": "http.request", "body": b"second", "more_body": False},
    ]

    def app(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        start_response("200 OK", PLAIN)
        body = environ["wsgi.input"]
        yield b"got " + body.read(5)
        yield b" then " + body.read()

    async def receive() -> Message:
        if len(incoming) == 1:
            with anyio.fail_after(5):
                await first_answered.wait()
        return incoming.pop(0)

    async def send(message: Message) -> None:
        sent.append(message)
        if message.get("body") == b"got first":
            first_answered.set()

    await WSGIMiddleware(app)(http_scope("POST"), receive, send)
    assert response_parts(sent) == (
        200,
        [(b"content-type", b"text/plain")],
        b"got first then second",
    )


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from([b"ab", b"\n", b"c\nd", b"", b"xyz\n\n"]), max_size=6),
    st.sampled_from(["read", "read3", "readline", "readlines", "iter"]),
)
async def test_input_reads_property(chunks: list[bytes], how: str) -> None:
    body = b"".join(chunks)

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        stream = environ["wsgi.input"]
        start_response("200 OK", PLAIN)
        if how == "read":
            return [stream.read()]
        if how == "read3":
            return list(iter(lambda: stream.read(3), b""))
        if how == "readline":
            return list(iter(stream.readline, b""))
        if how == "readlines":
            return stream.readlines()  # type: ignore[no-any-return]
        return list(stream)

    messages = await run_http(WSGIMiddleware(app), http_scope("POST"), chunks or [b""])
    parts = [m["body"] for m in messages[1:-1]]
    assert b"".join(parts) == body
    if how in ("readline", "readlines", "iter"):
        assert parts == body.splitlines(keepends=True)
    if how == "read3":
        assert all(len(p) == 3 for p in parts[:-1])


async def test_readline_with_size_and_readlines_hint() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        stream = environ["wsgi.input"]
        start_response("200 OK", PLAIN)
        first = stream.readline(2)
        rest_of_line = stream.readline()
        hinted = stream.readlines(1)
        return [b"|".join([first, rest_of_line, *hinted, stream.read()])]

    messages = await run_http(WSGIMiddleware(app), http_scope("POST"), [b"abc\nde", b"f\ng\n"])
    assert response_parts(messages)[2] == b"ab|c\n|def\n|g\n"


async def test_start_response_with_exc_info_before_the_body_replaces_the_status() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", PLAIN)
        try:
            raise ValueError("boom")
        except ValueError:
            start_response(
                "500 Internal Server Error", [("Content-Type", "text/html")], sys.exc_info()
            )
            return [b"<h1>error</h1>"]

    messages = await run_http(WSGIMiddleware(app), http_scope())
    assert response_parts(messages) == (500, [(b"content-type", b"text/html")], b"<h1>error</h1>")


async def test_start_response_with_exc_info_after_the_body_reraises() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        start_response("200 OK", PLAIN)
        yield b"partial"
        try:
            raise ValueError("late failure")
        except ValueError:
            start_response("500 Internal Server Error", PLAIN, sys.exc_info())
        yield b"never"

    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    with pytest.raises(ValueError, match="late failure"):
        await WSGIMiddleware(app)(http_scope(), receive, send)
    assert [m.get("body") for m in sent] == [None, b"partial"]


async def test_second_start_response_without_exc_info_is_an_error() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", PLAIN)
        start_response("201 Created", PLAIN)
        return []

    with pytest.raises(RuntimeError, match="start_response\\(\\) called again"):
        await run_http(WSGIMiddleware(app), http_scope())


async def test_write_callable_and_close_are_honoured() -> None:
    closed: list[bool] = []

    class Result:
        def __iter__(self) -> Iterator[bytes]:
            yield b" and iterated"

        def close(self) -> None:
            closed.append(True)

    def app(environ: dict[str, Any], start_response: Any) -> Result:
        write = start_response("200 OK", PLAIN)
        write(b"written")
        return Result()

    messages = await run_http(WSGIMiddleware(app), http_scope())
    assert response_parts(messages) == (
        200,
        [(b"content-type", b"text/plain")],
        b"written and iterated",
    )
    assert closed == [True]


async def test_close_runs_when_iteration_fails() -> None:
    closed: list[bool] = []

    class Result:
        def __iter__(self) -> Iterator[bytes]:
            raise OSError("disk gone")

        def close(self) -> None:
            closed.append(True)

    def app(environ: dict[str, Any], start_response: Any) -> Result:
        start_response("200 OK", PLAIN)
        return Result()

    with pytest.raises(OSError, match="disk gone"):
        await run_http(WSGIMiddleware(app), http_scope())
    assert closed == [True]


async def test_body_before_start_response_is_an_error() -> None:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        return [b"oops"]

    with pytest.raises(RuntimeError, match="before calling start_response"):
        await run_http(WSGIMiddleware(app), http_scope())


async def test_only_http_is_served() -> None:
    async def noop(*args: Any) -> Any:
        return None

    with pytest.raises(RuntimeError, match="HTTP only"):
        await WSGIMiddleware(hello_app)({"type": "websocket"}, noop, noop)
