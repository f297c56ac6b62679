"""The accept loop: one readiness wakeup accepts the whole backlog; TLS and UDS still work."""

from __future__ import annotations

import shutil
import socket
import ssl
import subprocess
from functools import partial
from pathlib import Path
from typing import Any

import anyio
import pytest
from anyio.abc import SocketAttribute, SocketStream
from anyio.streams.stapled import MultiListener

from asgi_core.server.config import Config
from asgi_core.server.listener import BacklogListener, drain_backlogs
from asgi_core.server.serve import Server
from tests.asgi_core.server import apps
from tests.asgi_core.server.test_server_transport import in_thread, read_to_eof

pytestmark = pytest.mark.anyio


async def test_one_wakeup_accepts_every_queued_connection() -> None:
    inner = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0)
    listener = BacklogListener(inner, batch=100)
    port = listener.extra(SocketAttribute.local_port)
    raw = listener.extra(SocketAttribute.raw_socket)
    clients = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(20)]
    streams: list[SocketStream] = []
    got_all = anyio.Event()

    async def handler(stream: SocketStream) -> None:
        streams.append(stream)
        if len(streams) == len(clients):
            got_all.set()

    try:
        with anyio.fail_after(5):
            async with anyio.create_task_group() as tg:
                await anyio.wait_readable(raw)
                out_of_resources = await listener._accept_batch(raw, handler, tg)
                await got_all.wait()
        nodelay = {s.extra(SocketAttribute.raw_socket).getsockopt(
            socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0 for s in streams}
        peers = sorted(s.extra(SocketAttribute.remote_port) for s in streams)
        assert (out_of_resources, len(streams), nodelay) == (False, 20, {True})
        assert peers == sorted(c.getsockname()[1] for c in clients)
    finally:
        for stream in streams:
            await stream.aclose()
        for client in clients:
            client.close()
        await listener.aclose()


async def test_batch_stops_at_its_size_and_the_rest_wait_for_the_next_wakeup() -> None:
    inner = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0)
    listener = BacklogListener(inner, batch=3)
    port = listener.extra(SocketAttribute.local_port)
    raw = listener.extra(SocketAttribute.raw_socket)
    clients = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(5)]
    streams: list[SocketStream] = []

    async def handler(stream: SocketStream) -> None:
        streams.append(stream)

    try:
        with anyio.fail_after(5):
            async with anyio.create_task_group() as tg:
                await anyio.wait_readable(raw)
                await listener._accept_batch(raw, handler, tg)
            first = len(streams)
            async with anyio.create_task_group() as tg:
                await anyio.wait_readable(raw)
                await listener._accept_batch(raw, handler, tg)
        assert (first, len(streams)) == (3, 5)
    finally:
        for stream in streams:
            await stream.aclose()
        for client in clients:
            client.close()
        await listener.aclose()


async def test_a_burst_of_connections_is_served_on_the_real_server() -> None:
    config = Config(app=apps.echo, host="127.0.0.1", port=0, lifespan="off",
                    date_header=False, access_log=False)
    server = Server(config)

    def burst(port: int) -> list[bytes]:
        socks = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(40)]
        try:
            for i, sock in enumerate(socks):
                sock.sendall(b"GET /%d HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" % i)
            return [read_to_eof(sock) for sock in socks]
        finally:
            for sock in socks:
                sock.close()

    with anyio.fail_after(15):
        async with anyio.create_task_group() as tg:
            urls = await tg.start(partial(server.serve, install_signal_handlers=False))
            out = await in_thread(burst, int(urls[0].rsplit(":", 1)[1]))
            server.shutdown()
    assert out == [
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nserver: keel\r\n"
        b"content-length: %d\r\nConnection: close\r\n\r\nGET /%d " % (6 + len(str(i)), i)
        for i in range(40)
    ]


async def test_every_socket_of_a_multi_listener_is_served() -> None:
    first = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0)
    second = await anyio.create_tcp_listener(local_host="127.0.0.1", local_port=0)
    wrapped = drain_backlogs(MultiListener([first, second]), 16, 65536)
    assert isinstance(wrapped, MultiListener)
    assert [type(inner) for inner in wrapped.listeners] == [BacklogListener, BacklogListener]
    ports = [inner.extra(SocketAttribute.local_port) for inner in wrapped.listeners]
    answered: list[bytes] = []

    async def handler(stream: SocketStream) -> None:
        async with stream:
            await stream.send(b"hi %d" % stream.extra(SocketAttribute.local_port))

    def client(port: int) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            return read_to_eof(sock)

    with anyio.fail_after(10):
        async with anyio.create_task_group() as tg:
            tg.start_soon(wrapped.serve, handler, tg)
            for port in ports:
                answered.append(await in_thread(client, port))
            tg.cancel_scope.cancel()
    await wrapped.aclose()
    assert answered == [b"hi %d" % port for port in ports]


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[str, str]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return str(cert), str(key)


async def test_tls_is_served_through_the_backlog_listener(certificate: tuple[str, str]) -> None:
    cert, key = certificate
    config = Config(app=apps.echo, host="127.0.0.1", port=0, lifespan="off", date_header=False,
                    access_log=False, ssl_certfile=cert, ssl_keyfile=key)
    server = Server(config)

    def client(port: int) -> bytes:
        context = ssl.create_default_context(cafile=cert)
        context.check_hostname = False
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw_sock, \
                context.wrap_socket(raw_sock) as sock:
            sock.sendall(b"GET /tls HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := _recv(sock):
                data += chunk
            return data

    with anyio.fail_after(15):
        async with anyio.create_task_group() as tg:
            urls: list[str] = await tg.start(partial(server.serve, install_signal_handlers=False))
            out = await in_thread(client, int(urls[0].rsplit(":", 1)[1]))
            server.shutdown()
    assert urls[0].startswith("https://127.0.0.1:")
    assert out == (
        b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nserver: keel\r\n"
        b"content-length: 9\r\nConnection: close\r\n\r\nGET /tls "
    )


def _recv(sock: Any) -> bytes:
    try:
        data: bytes = sock.recv(65536)
    except (ssl.SSLEOFError, ConnectionResetError):
        return b""
    return data
