"""An anyio ``SocketStream`` on a plain asyncio ``Protocol``, for accepted TCP sockets.

anyio's asyncio stream pays for generality on every request: ``receive`` resumes reading
before it waits and pauses it after (two ``epoll_ctl`` calls per request), and ``send``
ends in a checkpoint (a trip through the event loop) even when the kernel took every byte.
This stream keeps reading on until :data:`READ_BUFFER` bytes wait unread (then pauses the
transport: backpressure), and ``send`` returns as soon as the transport accepted the
bytes, waiting only while its buffer is above the write high-water mark — the same
contract as anyio's (``send`` returns once the bytes are with the kernel or in a bounded
buffer), minus the round trips. It is used only on asyncio; trio keeps anyio's stream.

Errors follow anyio: ``EndOfStream`` after the peer's EOF, ``BrokenResourceError`` when
the connection failed, ``ClosedResourceError`` after :meth:`aclose`.
"""

from __future__ import annotations

import asyncio
import socket
from collections import deque

import anyio
from anyio.abc import SocketStream

__all__ = ["READ_BUFFER", "AsyncioSocketStream", "open_asyncio_stream"]

READ_BUFFER = 64 * 1024
"""Unread bytes held before the transport stops reading (the kernel buffers the rest)."""


class _Protocol(asyncio.Protocol):
    """Buffers received chunks and records flow-control state for one stream."""

    def __init__(self, loop: asyncio.AbstractEventLoop, write_high_water: int) -> None:
        self.loop = loop
        self.write_high_water = write_high_water
        self.transport: asyncio.Transport | None = None
        self.chunks: deque[bytes] = deque()
        self.buffered = 0
        self.eof = False
        self.lost = False
        self.exception: BaseException | None = None
        self.reading_paused = False
        self.writing_paused = False
        self.read_waiter: asyncio.Future[None] | None = None
        self.write_waiter: asyncio.Future[None] | None = None
        self.lost_waiter: asyncio.Future[None] | None = None

    # -- asyncio callbacks ----------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if not isinstance(transport, asyncio.Transport):
            raise TypeError(f"expected a stream transport, got {transport!r}")
        self.transport = transport
        transport.set_write_buffer_limits(high=self.write_high_water)

    def data_received(self, data: bytes) -> None:
        self.chunks.append(data)
        self.buffered += len(data)
        if self.buffered > READ_BUFFER and not self.reading_paused and self.transport:
            self.reading_paused = True
            self.transport.pause_reading()
        _wake(self.read_waiter)

    def eof_received(self) -> bool:
        self.eof = True
        _wake(self.read_waiter)
        return True  # keep the transport open: responses may still be written

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        self.eof = True
        self.exception = exc
        _wake(self.read_waiter)
        _wake(self.write_waiter)
        _wake(self.lost_waiter)

    def pause_writing(self) -> None:
        self.writing_paused = True

    def resume_writing(self) -> None:
        self.writing_paused = False
        _wake(self.write_waiter)

    # -- used by the stream ------------------------------------------------------------------

    def pop(self, max_bytes: int) -> bytes:
        chunk = self.chunks.popleft()
        if len(chunk) > max_bytes:
            chunk, rest = chunk[:max_bytes], chunk[max_bytes:]
            self.chunks.appendleft(rest)
        self.buffered -= len(chunk)
        if self.reading_paused and self.buffered <= READ_BUFFER and self.transport:
            self.reading_paused = False
            self.transport.resume_reading()
        return chunk


def _wake(waiter: asyncio.Future[None] | None) -> None:
    if waiter is not None and not waiter.done():
        waiter.set_result(None)


class AsyncioSocketStream(SocketStream):
    """A connected TCP socket served through :class:`_Protocol`."""

    def __init__(self, sock: socket.socket, transport: asyncio.Transport,
                 protocol: _Protocol) -> None:
        self._sock = sock
        self._transport = transport
        self._protocol = protocol
        self._closed = False

    @property
    def _raw_socket(self) -> socket.socket:
        return self._sock

    async def receive(self, max_bytes: int = 65536) -> bytes:
        if max_bytes < 1:
            raise ValueError("max_bytes must be a positive integer")
        protocol = self._protocol
        if protocol.read_waiter is not None:
            raise anyio.BusyResourceError("reading from")
        if not protocol.chunks and not protocol.eof and not self._closed:
            waiter = protocol.loop.create_future()
            protocol.read_waiter = waiter
            try:
                await waiter
            finally:
                protocol.read_waiter = None
        if self._closed:
            raise anyio.ClosedResourceError
        if protocol.chunks:
            return protocol.pop(max_bytes)
        if protocol.exception is not None:
            raise anyio.BrokenResourceError from protocol.exception
        raise anyio.EndOfStream

    async def send(self, item: bytes) -> None:
        protocol = self._protocol
        if protocol.write_waiter is not None:
            raise anyio.BusyResourceError("writing to")
        if self._closed:
            raise anyio.ClosedResourceError
        if protocol.lost or self._transport.is_closing():
            raise anyio.BrokenResourceError from protocol.exception
        self._transport.write(item)
        while protocol.writing_paused and not protocol.lost:
            waiter = protocol.loop.create_future()
            protocol.write_waiter = waiter
            try:
                await waiter
            finally:
                protocol.write_waiter = None
        if self._closed:
            raise anyio.ClosedResourceError
        if protocol.lost and protocol.exception is not None:
            raise anyio.BrokenResourceError from protocol.exception

    async def send_eof(self) -> None:
        if not self._transport.is_closing() and self._transport.can_write_eof():
            self._transport.write_eof()

    async def aclose(self) -> None:
        """Close after the buffered bytes are written; abort if cancelled meanwhile."""
        if self._closed:
            return
        self._closed = True
        protocol = self._protocol
        _wake(protocol.read_waiter)
        _wake(protocol.write_waiter)
        if protocol.lost:
            return
        waiter = protocol.loop.create_future()
        protocol.lost_waiter = waiter
        self._transport.close()
        try:
            await waiter
        except BaseException:
            self._transport.abort()
            raise


async def open_asyncio_stream(sock: socket.socket, write_high_water: int) -> AsyncioSocketStream:
    """Wrap an accepted, connected TCP socket (the running loop must be asyncio's)."""
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_accepted_socket(
        lambda: _Protocol(loop, write_high_water), sock
    )
    if not isinstance(transport, asyncio.Transport):
        raise TypeError(f"expected a stream transport, got {transport!r}")
    return AsyncioSocketStream(sock, transport, protocol)
