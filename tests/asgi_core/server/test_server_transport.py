"""Real servers on 127.0.0.1 ephemeral ports, driven by http.client and raw sockets."""

from __future__ import annotations

import http.client
import logging
import socket
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

import anyio
import pytest

from asgi_core.server.config import Config
from asgi_core.server.cycle import error_response
from asgi_core.server.serve import Server
from tests.asgi_core.server import apps

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def serving(app: Any = apps.echo, **options: Any) -> AsyncIterator[tuple[Server, int]]:
    options = {"lifespan": "off", "date_header": False, "access_log": False, **options}
    config = Config(app=app, host="127.0.0.1", port=0, **options)
    server = Server(config)
    with anyio.fail_after(15):
        async with anyio.create_task_group() as tg:
            urls = await tg.start(partial(server.serve, install_signal_handlers=False))
            yield server, int(urls[0].rsplit(":", 1)[1])
            server.shutdown()


async def in_thread(fn: Callable[..., Any], *args: Any) -> Any:
    return await anyio.to_thread.run_sync(partial(fn, *args))


def raw(port: int, *chunks: bytes, pause: float = 0.0, timeout: float = 5.0) -> bytes:
    """Send ``chunks`` (pausing between them), then read until the server closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        for chunk in chunks:
            sock.sendall(chunk)
            if pause:
                time.sleep(pause)
        return read_to_eof(sock)


def read_to_eof(sock: socket.socket) -> bytes:
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            return data
        if not chunk:
            return data
        data += chunk


def ok(body: bytes, extra: bytes = b"") -> bytes:
    return (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nserver: keel\r\n"
        + extra
        + b"content-length: %d\r\n\r\n" % len(body)
        + body
    )


async def test_keep_alive_with_http_client() -> None:
    def client(port: int) -> list[Any]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        results = []
        for path, body in (("/one", b"abc"), ("/two?q=1", None)):
            conn.request("POST" if body else "GET", path, body=body)
            response = conn.getresponse()
            results.append((response.status, response.getheaders(), response.read()))
        conn.close()
        return results

    async with serving() as (_, port):
        results = await in_thread(client, port)
    assert results == [
        (
            200,
            [("content-type", "text/plain"), ("server", "keel"), ("content-length", "13")],
            b"POST /one abc",
        ),
        (
            200,
            [("content-type", "text/plain"), ("server", "keel"), ("content-length", "9")],
            b"GET /two ",
        ),
    ]


async def test_pipelined_requests_answered_in_order() -> None:
    data = (
        b"GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
        b"POST /2 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
        b"GET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
    )
    async with serving() as (_, port):
        out = await in_thread(raw, port, data)
    assert out == ok(b"GET /1 ") + ok(b"POST /2 xyz") + (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nserver: keel\r\n"
        b"content-length: 7\r\nConnection: close\r\n\r\nGET /3 "
    )


async def test_expect_100_continue_over_the_wire() -> None:
    def client(port: int) -> tuple[bytes, bytes]:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(
                b"POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n"
                b"Expect: 100-continue\r\nConnection: close\r\n\r\n"
            )
            interim = sock.recv(100)
            sock.sendall(b"data")
            return interim, read_to_eof(sock)

    async with serving() as (_, port):
        interim, rest = await in_thread(client, port)
    assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
    assert rest == (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nserver: keel\r\n"
        b"content-length: 13\r\nConnection: close\r\n\r\nPOST /up data"
    )


MALFORMED = [
    (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
    (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400),
    (b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
    (b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nnope\r\n", 400),
    (b"GET @evil.com HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: evil.com/path\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: a\r\nX: 1\x00\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: a\r\nX: " + b"y" * 20_000 + b"\r\n\r\n", 431),
    (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000000\r\n\r\n", 413),
]


@pytest.mark.parametrize(("data", "status"), MALFORMED)
async def test_malformed_requests_get_status_and_close(data: bytes, status: int) -> None:
    async with serving(max_body_size=1_000_000) as (_, port):
        # A valid request after the bad one must never be answered: the connection closes.
        out = await in_thread(raw, port, data + b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    assert out == error_response(status)


async def test_chunked_body_over_limit_is_413_without_reading_the_rest() -> None:
    head = b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
    async with serving(max_body_size=10) as (_, port):
        out = await in_thread(raw, port, head + b"8\r\n12345678\r\n8\r\n12345678\r\n")
    assert out == error_response(413)


async def test_slowloris_head_deadline() -> None:
    async with serving(head_timeout=0.3) as (_, port):
        start = time.monotonic()
        chunks = (b"GET / HTTP/1.1\r\n", b"Host: a\r\n", b"X: 1\r\n")
        out = await in_thread(partial(raw, port, *chunks, pause=0.2))
        elapsed = time.monotonic() - start
    assert out == error_response(408)
    assert elapsed < 2


def _slow_sender(port: int, head: bytes, drip: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head)
        for byte in drip:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break
            time.sleep(0.1)
        return read_to_eof(sock)


async def test_slowloris_body_deadline() -> None:
    head = b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n"
    async with serving(body_timeout=0.3, body_min_rate=1_000_000) as (_, port):
        out = await in_thread(_slow_sender, port, head, b"x" * 8)
    assert out == error_response(408)


async def test_keep_alive_timeout_closes_idle_connection() -> None:
    def client(port: int) -> tuple[bytes, float]:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /k HTTP/1.1\r\nHost: a\r\n\r\n")
            start = time.monotonic()
            return read_to_eof(sock), time.monotonic() - start

    async with serving(keep_alive_timeout=0.2) as (_, port):
        out, elapsed = await in_thread(client, port)
    assert out == ok(b"GET /k ")
    assert elapsed < 2


async def test_max_requests_per_connection() -> None:
    async with serving(max_requests_per_connection=2) as (_, port):
        out = await in_thread(raw, port, b"GET /m HTTP/1.1\r\nHost: a\r\n\r\n" * 3)
    assert out == ok(b"GET /m ") + (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nserver: keel\r\n"
        b"connection: close\r\ncontent-length: 7\r\n\r\nGET /m "
    )


async def test_concurrency_limit_answers_503() -> None:
    def client(port: int) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as first:
            first.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            first.recv(1000)  # the first connection is now established and idle
            return raw(port, b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")

    async with serving(limit_concurrency=1) as (_, port):
        out = await in_thread(client, port)
    assert out == error_response(503)


async def test_http_disconnect_reaches_the_app() -> None:
    seen: list[dict] = []
    done = anyio.Event()

    async def app(scope: dict, receive: Any, send: Any) -> None:
        seen.append(await receive())
        seen.append(await receive())  # blocks until the client goes away
        done.set()

    def client(port: int) -> None:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            time.sleep(0.1)

    async with serving(app) as (_, port):
        await in_thread(client, port)
        with anyio.fail_after(5):
            await done.wait()
    assert seen == [
        {"type": "http.request", "body": b"", "more_body": False},
        {"type": "http.disconnect"},
    ]


async def test_send_applies_backpressure_to_a_slow_reader() -> None:
    chunk = b"x" * 65536
    total = 200  # 13 MiB: more than loopback socket buffers hold (~4 MiB)
    progress = [0]

    async def app(scope: dict, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for _ in range(total):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            progress[0] += 1
        await send({"type": "http.response.body", "body": b""})

    def client(port: int) -> tuple[int, int]:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            time.sleep(0.5)
            stalled_at = progress[0]
            return stalled_at, len(read_to_eof(sock))

    async with serving(app) as (_, port):
        stalled_at, received = await in_thread(client, port)
    assert stalled_at < total / 2
    assert received > total * len(chunk)  # everything arrived once the client read


async def test_app_header_injection_never_reaches_the_wire() -> None:
    async def app(scope: dict, receive: Any, send: Any) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"location", b"/x\r\nSet-Cookie: session=evil")],
            }
        )

    async with serving(app) as (_, port):
        out = await in_thread(raw, port, b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    assert out == (
        b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\nserver: keel\r\n"
        b"content-length: 21\r\nConnection: close\r\n\r\nInternal Server Error"
    )


async def test_access_log_escapes_control_characters(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="keel.access")
    async with serving(access_log=True) as (_, port):
        await in_thread(
            raw, port, b"GET /a%0Ab%1B[31m HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        )
    lines = [r.getMessage() for r in caplog.records if r.name == "keel.access"]
    assert len(lines) == 1
    assert lines[0].endswith('"GET /a\\x0ab\\x1b[31m HTTP/1.1" 200')
    assert "\n" not in lines[0] and "\x1b" not in lines[0]


async def test_lifespan_state_reaches_requests_and_shutdown_runs(
    tmp_path: Any, monkeypatch: Any
) -> None:
    marker = tmp_path / "marker"
    monkeypatch.setenv("KEEL_TEST_SHUTDOWN_MARKER", str(marker))
    states: list[dict] = []

    async def app(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await apps.lifespan_ok(scope, receive, send)
            return
        states.append(scope["state"])
        await apps.echo(scope, receive, send)

    async with serving(app, lifespan="on") as (_, port):
        await in_thread(raw, port, b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
    assert states == [{"started": "yes"}]
    assert marker.read_text() == "shutdown ran"


async def test_graceful_shutdown_finishes_in_flight_request() -> None:
    def client(port: int) -> bytes:
        return raw(port, b"GET /?s=0.4 HTTP/1.1\r\nHost: a\r\n\r\n")

    async with serving(apps.slow, graceful_timeout=5) as (server, port):
        async with anyio.create_task_group() as tg:
            result: list[bytes] = []

            async def go() -> None:
                result.append(await in_thread(client, port))

            tg.start_soon(go)
            await anyio.sleep(0.15)
            server.shutdown()
    assert result == [
        b"HTTP/1.1 200 OK\r\nserver: keel\r\nconnection: close\r\ncontent-length: 9\r\n\r\nslept 0.4"
    ]


async def test_unix_domain_socket(tmp_path: Any) -> None:
    path = str(tmp_path / "keel.sock")
    config = Config(app=apps.echo, uds=path, lifespan="off", date_header=False, access_log=False)
    server = Server(config)

    def client() -> bytes:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(5)
            sock.connect(path)
            sock.sendall(b"GET /u HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            return read_to_eof(sock)

    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            urls = await tg.start(partial(server.serve, install_signal_handlers=False))
            out = await in_thread(client)
            server.shutdown()
    assert urls == [f"http+unix://{path}"]
    assert out == (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nserver: keel\r\n"
        b"content-length: 7\r\nConnection: close\r\n\r\nGET /u "
    )
