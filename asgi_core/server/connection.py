"""The thin anyio side of one HTTP/1.1 connection: read, feed the core, run the app, write.

All protocol decisions live in :mod:`asgi_core.server.http` and :mod:`.cycle`; this module
owns only what needs a clock or a socket: the keep-alive, head and body deadlines, request
body backpressure (bytes are read only when the app asks for more), and serialised writes.
``send`` returns once its bytes are handed to the kernel (anyio keeps no user-space write
buffer), so a slow reader stalls the app instead of growing memory.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import anyio
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

__all__ = ["ConnectionHandler"]

_READ_SIZE = 64 * 1024
_STREAM_ERRORS = (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError)


class ConnectionHandler:
    """Serve one accepted stream until it closes."""

    __slots__ = (
        "_head_deadline",
        "_read_scope",
        "_recv_lock",
        "_write_lock",
        "conn",
        "idle_scope",
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
        self.idle_scope: anyio.CancelScope | None = None
        self._read_scope: anyio.CancelScope | None = None
        self._head_deadline: float | None = None
        self._recv_lock = anyio.Lock()
        self._write_lock = anyio.Lock()

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
            await self._loop()
        except ClientDisconnected:
            pass
        finally:
            with anyio.CancelScope(shield=True), anyio.move_on_after(1):
                await self.stream.aclose()

    async def _loop(self) -> None:
        conn = self.conn
        while True:
            event = conn.next_event()
            if event is NEED_DATA:
                if not await self._read_head():
                    return
            elif isinstance(event, StartRequest):
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
            timeout = config.keep_alive_timeout
            with anyio.CancelScope(deadline=_deadline(timeout)) as scope:
                self.idle_scope = scope
                data = await self.read()
            self.idle_scope = None
            if scope.cancelled_caught:
                return False
            self._head_deadline = _deadline(config.head_timeout)
        else:
            if self._head_deadline is None:
                self._head_deadline = _deadline(config.head_timeout)
            with anyio.CancelScope(deadline=self._head_deadline) as scope:
                data = await self.read()
            if scope.cancelled_caught:
                await self.write(Reject(408, "request head timeout").data)
                return False
        conn.receive_data(data)
        return True

    # -- one request --------------------------------------------------------------------

    async def _run_cycle(self, cycle: RequestCycle) -> bool:
        self._head_deadline = None
        server = self.server
        conn = self.conn
        conn.draining = conn.draining or server.draining
        body_deadline = _deadline(server.config.body_timeout)

        async def receive() -> Message:
            async with self._recv_lock:
                while True:
                    message = cycle.receive()
                    await self._flush()
                    if message is not None:
                        return message
                    await self._read_body(cycle, body_deadline)

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
        if server.config.access_log:
            access_logger.info(format_access(cycle.scope, cycle.status))
        return conn.end_cycle() and not cycle.disconnected

    async def _read_body(self, cycle: RequestCycle, start_deadline: float) -> None:
        """Read for the body (or to notice a disconnect); the deadline grows with progress."""
        conn = self.conn
        config = self.server.config
        deadline = math.inf
        if not cycle.body_done:
            deadline = start_deadline + cycle.body_size / max(config.body_min_rate, 1)
        elif conn.read_paused:
            deadline = math.inf
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


def _deadline(timeout: float | None) -> float:
    return math.inf if timeout is None else anyio.current_time() + timeout


def peer(address: Any) -> tuple[str, int] | None:
    """An ASGI ``client``/``server`` tuple from a socket address (``None`` for UDS)."""
    if isinstance(address, tuple) and len(address) >= 2:
        return (str(address[0]), int(address[1]))
    return None
