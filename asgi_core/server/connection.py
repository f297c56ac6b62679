"""The thin anyio side of one HTTP/1.1 connection: read, feed the core, run the app, write.

All protocol decisions live in :mod:`asgi_core.server.http` and :mod:`.cycle`; this module
owns only what needs a clock or a socket: the keep-alive, head and body deadlines, request
body backpressure (bytes are read only when the app asks for more), and serialised writes.
``send`` returns once its bytes are handed to the kernel (or to a transport buffer bounded
by the write high-water mark), so a slow reader stalls the app instead of growing memory.

The hot path avoids per-request scheduling work: the keep-alive and head deadlines are not
cancel scopes with timers but a monotonic expiry the server's reaper checks (it cancels the
connection's one long-lived scope), and the write/receive mutexes cost nothing when free
(anyio's ``Lock`` takes a trip through the event loop on every acquire). A connection whose
next request is already buffered (pipelining) yields once per request, so it cannot hog
the loop.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

import anyio
import anyio.lowlevel
from anyio.abc import ByteStream

from asgi_core.server.cycle import ClientDisconnected, RequestCycle
from asgi_core.server.http import (
    NEED_DATA,
    HTTPConnection,
    Reject,
    StartRequest,
    StartWebSocket,
)
from asgi_core.server.logs import access_logger, format_access, server_logger
from asgi_core.types import Message

if TYPE_CHECKING:
    from asgi_core.server.serve import Server

__all__ = ["ConnectionHandler", "Mutex", "peer"]

_READ_SIZE = 64 * 1024
_STREAM_ERRORS = (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError)
_INFO = 20  # logging.INFO

# What an expired deadline means (ConnectionHandler.expiry).
NO_DEADLINE = 0
IDLE = 1  # waiting for the next request: close quietly
HEAD = 2  # a request head is arriving too slowly: answer 408, close


class Mutex:
    """An async mutex whose uncontended acquire never yields to the event loop."""

    __slots__ = ("_held", "_released")

    def __init__(self) -> None:
        self._held = False
        self._released: anyio.Event | None = None

    async def __aenter__(self) -> None:
        while self._held:
            if self._released is None:
                self._released = anyio.Event()
            await self._released.wait()
        self._held = True

    async def __aexit__(self, *exc_info: object) -> None:
        self._held = False
        released = self._released
        if released is not None:
            self._released = None
            released.set()


class ConnectionHandler:
    """Serve one accepted stream until it closes."""

    __slots__ = (
        "_cycle_start",
        "_expired",
        "_fresh_read",
        "_head_deadline",
        "_read_scope",
        "_recv_lock",
        "_write_lock",
        "conn",
        "expires",
        "expiry",
        "scope",
        "server",
        "stream",
    )

    def __init__(
        self,
        server: Server,
        stream: ByteStream,
        client: tuple[str, int] | None,
        local: tuple[str, int | None] | None,
        scheme: str,
    ) -> None:
        self.server = server
        self.stream = stream
        self.conn = HTTPConnection(
            server.config,
            client=client,
            server=local,
            scheme=scheme,
            state=server.lifespan.state,
            default_headers=server.default_headers,
        )
        self.scope: anyio.CancelScope | None = None
        # time.monotonic() after which the reaper cancels ``scope``, and what that means.
        self.expires = math.inf
        self.expiry = NO_DEADLINE
        self._expired = NO_DEADLINE
        self._read_scope: anyio.CancelScope | None = None
        self._head_deadline: float | None = None
        self._cycle_start = 0.0
        self._fresh_read = True
        self._recv_lock = Mutex()
        self._write_lock = Mutex()

    # -- bytes --------------------------------------------------------------------------

    async def read(self) -> bytes:
        try:
            return await self.stream.receive(_READ_SIZE)
        except (anyio.EndOfStream, *_STREAM_ERRORS):
            return b""

    async def write(self, data: bytes) -> None:
        async with self._write_lock:
            try:
                await self.stream.send(data)
            except _STREAM_ERRORS as exc:
                raise ClientDisconnected("the client closed the connection") from exc

    async def _flush(self) -> None:
        data = self.conn.data_to_send()
        if data:
            await self.write(data)

    # -- the connection loop ------------------------------------------------------------

    async def run(self) -> None:
        try:
            with anyio.CancelScope() as scope:
                self.scope = scope
                await self._loop()
            if scope.cancelled_caught and self._expired == HEAD:
                await self.write(Reject(408, "request head timeout").data)
        except ClientDisconnected:
            pass
        finally:
            self.scope = None
            with anyio.CancelScope(shield=True), anyio.move_on_after(1):
                await self.stream.aclose()

    def expire(self) -> None:
        """The deadline passed (called by the server's reaper): stop waiting, close."""
        if self.expiry != NO_DEADLINE and self.scope is not None:
            self._expired = self.expiry
            self.scope.cancel()

    def close_if_idle(self) -> None:
        """Graceful shutdown: a connection waiting for its next request closes now."""
        if self.expiry == IDLE:
            self.expire()

    async def _loop(self) -> None:
        conn = self.conn
        while True:
            event = conn.next_event()
            if event is NEED_DATA:
                if not await self._read_head():
                    return
            elif isinstance(event, StartRequest):
                if not self._fresh_read:  # pipelined: let other connections run first
                    await anyio.lowlevel.checkpoint()
                self._fresh_read = False
                if not await self._run_cycle(event.cycle):
                    return
            elif isinstance(event, StartWebSocket):
                from asgi_core.server.websocket import serve_websocket

                await serve_websocket(self, event)
                return
            elif isinstance(event, Reject):
                server_logger.info("rejected request: %d %s", event.status, event.reason)
                await self.write(event.data)
                return
            else:
                await self._flush()
                return

    async def _read_head(self) -> bool:
        """Read more of a request head; ``False`` when the connection should close."""
        await self._flush()
        conn = self.conn
        config = self.server.config
        if conn.idle:
            if conn.draining:
                return False
            self._arm(IDLE, config.keep_alive_timeout)
        else:
            if self._head_deadline is None:
                timeout = config.head_timeout
                self._head_deadline = math.inf if timeout is None else time.monotonic() + timeout
            self.expiry = HEAD
            self.expires = self._head_deadline
        data = await self.read()
        self.expiry = NO_DEADLINE
        self.expires = math.inf
        self._fresh_read = True
        conn.receive_data(data)
        return True

    def _arm(self, expiry: int, timeout: float | None) -> None:
        self.expiry = expiry
        self.expires = math.inf if timeout is None else time.monotonic() + timeout

    # -- one request --------------------------------------------------------------------

    async def _run_cycle(self, cycle: RequestCycle) -> bool:
        self._head_deadline = None
        server = self.server
        conn = self.conn
        conn.draining = conn.draining or server.draining
        self._cycle_start = time.monotonic()

        async def receive() -> Message:
            async with self._recv_lock:
                while True:
                    message = cycle.receive()
                    await self._flush()
                    if message is not None:
                        return message
                    await self._read_body(cycle)

        async def send(message: Message) -> None:
            data = cycle.send(message)
            if data:
                try:
                    await self.write(data)
                except ClientDisconnected:
                    cycle.connection_lost()
                    raise
            if cycle.response_complete and self._read_scope is not None:
                self._read_scope.cancel()

        try:
            await server.app(cycle.scope, receive, send)
        except ClientDisconnected:
            pass
        except Exception:
            server_logger.exception("Exception in ASGI application")
        tail = conn.data_to_send() + cycle.finish()
        if tail and not cycle.disconnected:
            await self.write(tail)
        if server.config.access_log and access_logger.isEnabledFor(_INFO):
            access_logger.info(format_access(cycle.scope, cycle.status))
        return conn.end_cycle() and not cycle.disconnected

    async def _read_body(self, cycle: RequestCycle) -> None:
        """Read for the body (or to notice a disconnect); the deadline grows with progress."""
        conn = self.conn
        config = self.server.config
        deadline = math.inf
        if not cycle.body_done and config.body_timeout is not None:
            allowed = config.body_timeout + cycle.body_size / max(config.body_min_rate, 1)
            left = self._cycle_start + allowed - time.monotonic()
            deadline = anyio.current_time() + left
        with anyio.CancelScope(deadline=deadline) as scope:
            self._read_scope = scope
            if cycle.body_done and conn.read_paused:
                await anyio.sleep_forever()
            data = await self.read()
        self._read_scope = None
        if scope.cancelled_caught:
            if not cycle.response_complete:
                cycle.timed_out()
            return
        if not data:
            cycle.connection_lost()
        conn.receive_data(data)


def peer(address: Any) -> tuple[str, int] | None:
    """An ASGI ``client``/``server`` tuple from a socket address (``None`` for UDS)."""
    if isinstance(address, tuple) and len(address) >= 2:
        return (str(address[0]), int(address[1]))
    return None
