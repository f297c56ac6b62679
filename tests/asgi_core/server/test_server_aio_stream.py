"""The asyncio stream of accepted TCP sockets: anyio's contract without its round trips.

asyncio only by design (trio connections use anyio's stream, exercised by every
over-the-wire test on the trio backend).
"""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import pytest
from anyio.abc import SocketAttribute

from asgi_core.server.aio_stream import READ_BUFFER, AsyncioSocketStream, open_asyncio_stream
from tests.asgi_core.server.test_server_transport import in_thread, read_to_eof

pytestmark = [pytest.mark.anyio, pytest.mark.parametrize("anyio_backend", ["asyncio"])]


@asynccontextmanager
async def pair(high_water: int = 64 * 1024) -> AsyncIterator[tuple[AsyncioSocketStream, socket.socket]]:
    """A server-side stream and the blocking client socket on its other end."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname(), timeout=5)
        accepted, _ = listener.accept()
        accepted.setblocking(False)
        stream = await open_asyncio_stream(accepted, high_water)
        try:
            yield stream, client
        finally:
            client.close()
            with anyio.move_on_after(1, shield=True):
                await stream.aclose()


async def test_receive_send_and_socket_attributes() -> None:
    async with pair() as (stream, client):
        client.sendall(b"hello")
        assert await stream.receive() == b"hello"
        await stream.send(b"world")
        assert client.recv(100) == b"world"
        assert stream.extra(SocketAttribute.remote_address) == client.getsockname()
        assert stream.extra(SocketAttribute.local_address) == client.getpeername()


async def test_receive_splits_at_max_bytes_and_keeps_the_rest() -> None:
    async with pair() as (stream, client):
        client.sendall(b"abcdefgh")
        with anyio.fail_after(5):
            data = await stream.receive(3)
            while len(data) < 8:
                data += await stream.receive(3)
        assert data == b"abcdefgh"
        with pytest.raises(ValueError):
            await stream.receive(0)


async def test_end_of_stream_after_half_close_and_writes_still_go_out() -> None:
    async with pair() as (stream, client):
        client.sendall(b"last")
        client.shutdown(socket.SHUT_WR)
        with anyio.fail_after(5):
            assert await stream.receive() == b"last"
            with pytest.raises(anyio.EndOfStream):
                await stream.receive()
        await stream.send(b"answer")
        await stream.aclose()
        assert await in_thread(read_to_eof, client) == b"answer"


async def test_closed_after_aclose_and_aclose_flushes_buffered_bytes() -> None:
    payload = b"x" * (4 * 1024 * 1024)  # more than the kernel takes at once
    async with pair(high_water=8 * 1024 * 1024) as (stream, client):
        await stream.send(payload)  # under the high-water mark: returns at once
        async with anyio.create_task_group() as tg:
            received: list[bytes] = []

            async def read() -> None:
                received.append(await in_thread(read_to_eof, client))

            tg.start_soon(read)
            with anyio.fail_after(5):
                await stream.aclose()
        assert received == [payload]
        with pytest.raises(anyio.ClosedResourceError):
            await stream.receive()
        with pytest.raises(anyio.ClosedResourceError):
            await stream.send(b"more")


async def test_broken_after_the_peer_resets() -> None:
    async with pair() as (stream, client):
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        client.close()  # linger 0: RST
        with anyio.fail_after(5), pytest.raises(anyio.BrokenResourceError):
            while True:
                await stream.receive()
        with pytest.raises(anyio.BrokenResourceError):
            await stream.send(b"late")


async def test_send_waits_while_the_transport_buffer_is_over_the_high_water_mark() -> None:
    async with pair(high_water=16 * 1024) as (stream, client):
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16 * 1024)
        chunk = b"y" * 65536
        sent = 0
        with anyio.move_on_after(0.5) as scope:
            while True:
                await stream.send(chunk)
                sent += len(chunk)
        assert scope.cancelled_caught
        assert sent < 16 * 1024 * 1024  # stalled, not buffered without bound


async def test_reading_pauses_over_the_read_buffer_and_resumes_when_drained() -> None:
    async with pair() as (stream, client):
        total = 4 * READ_BUFFER
        client.setblocking(False)
        sent = 0
        with anyio.fail_after(5):
            while not stream._protocol.reading_paused:
                try:
                    sent += client.send(b"z" * 65536)
                except BlockingIOError:
                    pass
                await anyio.sleep(0.01)
        assert stream._protocol.buffered > READ_BUFFER
        assert stream._protocol.buffered <= READ_BUFFER + 65536 * 4
        client.setblocking(True)
        client.settimeout(5)
        received = 0
        async with anyio.create_task_group() as tg:
            tg.start_soon(in_thread, client.sendall, b"z" * max(0, total - sent))
            with anyio.fail_after(5):
                while received < max(total, sent):
                    received += len(await stream.receive())
        assert not stream._protocol.reading_paused


async def test_a_second_concurrent_receive_is_refused() -> None:
    async with pair() as (stream, client):
        async with anyio.create_task_group() as tg:
            tg.start_soon(stream.receive)
            await anyio.sleep(0.05)
            with pytest.raises(anyio.BusyResourceError):
                await stream.receive()
            client.sendall(b"x")
