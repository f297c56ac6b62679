"""The hot-path machinery: reaper deadlines, the free mutex, pipelining fairness, drain."""

from __future__ import annotations

import socket
import time
from typing import Any

import anyio
import pytest

from asgi_core.server.config import Config
from asgi_core.server.connection import Mutex
from asgi_core.server.serve import Server, _reaper_tick
from tests.asgi_core.server import apps
from tests.asgi_core.server.test_server_transport import in_thread, ok, raw, read_to_eof, serving

pytestmark = pytest.mark.anyio


async def test_mutex_free_acquire_does_not_yield() -> None:
    mutex = Mutex()
    ran: list[str] = []

    async def other() -> None:
        ran.append("other")

    async with anyio.create_task_group() as tg:
        tg.start_soon(other)
        async with mutex:
            ran.append("held")
        ran.append("released")
    assert ran == ["held", "released", "other"]


async def test_mutex_serialises_contending_tasks() -> None:
    mutex = Mutex()
    log: list[str] = []

    async def worker(name: str) -> None:
        async with mutex:
            log.append(f"{name} in")
            await anyio.sleep(0.01)
            log.append(f"{name} out")

    async with anyio.create_task_group() as tg:
        for name in "abc":
            tg.start_soon(worker, name)
    pairs = [log[i : i + 2] for i in range(0, len(log), 2)]
    assert sorted(pairs) == [["a in", "a out"], ["b in", "b out"], ["c in", "c out"]]


async def test_mutex_waiter_cancelled_leaves_it_usable() -> None:
    mutex = Mutex()
    async with mutex:
        with anyio.move_on_after(0.05) as scope:
            async with mutex:
                pass  # pragma: no cover - never acquired while held
    assert scope.cancelled_caught
    async with mutex:
        pass


def test_reaper_tick_is_a_tenth_of_the_shortest_timeout_within_bounds() -> None:
    assert [
        _reaper_tick(Config(keep_alive_timeout=5, head_timeout=10)),
        _reaper_tick(Config(keep_alive_timeout=0.2, head_timeout=10)),
        _reaper_tick(Config(keep_alive_timeout=None, head_timeout=0.01)),
        _reaper_tick(Config(keep_alive_timeout=None, head_timeout=None)),
        _reaper_tick(Config(keep_alive_timeout=60, head_timeout=60)),
    ] == [0.5, 0.02, 0.005, None, 0.5]


async def test_deadlines_are_disarmed_while_the_app_runs() -> None:
    # Keep-alive and head deadlines of 0.1 s must not cut a 0.5 s response short.
    async with serving(apps.slow, keep_alive_timeout=0.1, head_timeout=0.1) as (_, port):
        out = await in_thread(
            raw, port, b"GET /?s=0.5 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        )
    assert out == (
        b"HTTP/1.1 200 OK\r\nserver: keel\r\ncontent-length: 9\r\nConnection: close\r\n\r\n"
        b"slept 0.5"
    )


async def test_head_deadline_counts_from_the_first_partial_read() -> None:
    # Each piece arrives well inside the keep-alive timeout, but the head as a whole
    # takes longer than head_timeout: 408.
    def client(port: int) -> bytes:
        pieces = (b"GET / HTTP/1.1\r\n", b"Host: a\r\n", b"X: 1\r\n", b"Y: 2\r\n", b"Z: 3\r\n")
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            for piece in pieces:
                try:
                    sock.sendall(piece)
                except OSError:
                    break
                time.sleep(0.15)
            return read_to_eof(sock)

    async with serving(keep_alive_timeout=5, head_timeout=0.4) as (_, port):
        start = time.monotonic()
        out = await in_thread(client, port)
        elapsed = time.monotonic() - start
    assert out == (
        b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
        b"content-length: 15\r\nconnection: close\r\n\r\nRequest Timeout"
    )
    assert 0.35 < elapsed < 2


async def test_shutdown_closes_an_idle_keep_alive_connection_at_once() -> None:
    def client(port: int, server: Server) -> tuple[bytes, float]:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(b"GET /i HTTP/1.1\r\nHost: a\r\n\r\n")
            first = sock.recv(65536)
            start = time.monotonic()
            anyio.from_thread.run_sync(server.shutdown)
            return first + read_to_eof(sock), time.monotonic() - start

    async with serving(keep_alive_timeout=30) as (server, port):
        out, elapsed = await in_thread(client, port, server)
    assert out == ok(b"GET /i ")
    assert elapsed < 2


async def test_a_pipelining_connection_does_not_starve_another() -> None:
    order: list[str] = []

    async def app(scope: dict, receive: Any, send: Any) -> None:
        order.append(scope["path"])
        await apps.echo(scope, receive, send)

    pipeline = b"".join(b"GET /a%d HTTP/1.1\r\nHost: a\r\n\r\n" % i for i in range(100))
    async with serving(app) as (_, port):
        # Both connections are queued, with their bytes sent, before the server runs:
        # A (100 pipelined requests) is accepted first, B (one request) right after.
        a = socket.create_connection(("127.0.0.1", port), timeout=5)
        b = socket.create_connection(("127.0.0.1", port), timeout=5)
        try:
            a.sendall(pipeline + b"GET /a-last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            b.sendall(b"GET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            out_a = await in_thread(read_to_eof, a)
            out_b = await in_thread(read_to_eof, b)
        finally:
            a.close()
            b.close()
    assert out_b == ok(b"GET /b ", b"").replace(
        b"content-length: 7\r\n", b"content-length: 7\r\nConnection: close\r\n"
    )
    assert out_a.count(b"HTTP/1.1 200 OK") == 101
    assert len(order) == 102
    assert order.index("/b") < 20, order.index("/b")
