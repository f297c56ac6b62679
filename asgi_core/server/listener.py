"""A listener that drains the accept backlog on every wakeup, so new connections start at once.

anyio's ``SocketListener.serve`` accepts one connection per trip through the event loop (a
checkpoint, ``sock_accept``, then ``connect_accepted_socket`` awaited before the next
accept). Under load every such trip waits behind all the busy connections, so the 64th
client of a burst waited seconds for its first byte (``wrk`` counted timeouts). Here one
readiness wakeup accepts everything the kernel has queued (up to ``batch``), with plain
non-blocking ``accept()`` calls, and each socket is wrapped into an anyio stream inside its
own connection task. TCP sockets get ``TCP_NODELAY`` (responses are written whole; Nagle
would only delay them) and, on asyncio, the leaner stream of :mod:`.aio_stream`.

:class:`BacklogListener` wraps any anyio socket listener and forwards everything else, so
``TLSListener`` can wrap it in turn (its ``serve`` calls ours). :func:`drain_backlogs`
wraps each socket of a ``MultiListener`` (a host name resolving to several addresses).
"""

from __future__ import annotations

import asyncio
import errno
import socket
from collections.abc import Callable, Mapping
from typing import Any

import anyio
from anyio.abc import Listener, SocketAttribute, SocketStream, TaskGroup, UNIXSocketStream
from anyio.streams.stapled import MultiListener

from asgi_core.server.aio_stream import open_asyncio_stream
from asgi_core.server.logs import server_logger

__all__ = ["BacklogListener", "drain_backlogs"]

# Out of file descriptors or kernel memory: the backlog keeps the clients; retry shortly.
_RESOURCE_ERRNOS = frozenset({errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM})
_RESOURCE_PAUSE = 0.1


def drain_backlogs(listener: Listener[Any], batch: int, write_high_water: int) -> Listener[Any]:
    """``listener`` with every socket it listens on wrapped in a :class:`BacklogListener`."""
    if isinstance(listener, MultiListener):
        return MultiListener(
            [drain_backlogs(inner, batch, write_high_water) for inner in listener.listeners]
        )
    return BacklogListener(listener, batch=batch, write_high_water=write_high_water)


class BacklogListener(Listener[SocketStream]):
    """Serve a listening socket, accepting up to ``batch`` connections per readiness."""

    def __init__(
        self, listener: Listener[Any], batch: int = 2048, write_high_water: int = 64 * 1024
    ) -> None:
        self.listener = listener
        self.batch = max(1, batch)
        self.write_high_water = write_high_water
        self._native = False

    @property
    def extra_attributes(self) -> Mapping[Any, Callable[[], Any]]:
        return self.listener.extra_attributes

    async def aclose(self) -> None:
        await self.listener.aclose()

    async def serve(
        self, handler: Callable[[SocketStream], Any], task_group: TaskGroup | None = None
    ) -> None:
        raw: socket.socket | None = self.listener.extra(SocketAttribute.raw_socket, None)
        if raw is None or task_group is None:
            await self.listener.serve(handler, task_group)
            return
        raw.setblocking(False)
        self._native = _running_asyncio()
        while True:
            await anyio.wait_readable(raw)
            if await self._accept_batch(raw, handler, task_group):
                await anyio.sleep(_RESOURCE_PAUSE)

    async def _accept_batch(
        self, raw: socket.socket, handler: Callable[[SocketStream], Any], task_group: TaskGroup
    ) -> bool:
        """Accept what is queued; ``True`` if the process ran out of a resource."""
        for _ in range(self.batch):
            try:
                sock, _address = raw.accept()
            except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                return False
            except OSError as exc:
                if exc.errno not in _RESOURCE_ERRNOS:
                    raise
                server_logger.warning("cannot accept connections: %s", exc)
                return True
            task_group.start_soon(self._open, sock, handler)
        return False

    async def _open(self, sock: socket.socket, handler: Callable[[SocketStream], Any]) -> None:
        """Wrap an accepted socket into a stream and hand it to ``handler``."""
        stream = await _wrap(sock, self._native, self.write_high_water)
        if stream is not None:
            await handler(stream)


def _running_asyncio() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


async def _wrap(sock: socket.socket, native: bool, write_high_water: int) -> SocketStream | None:
    """The stream for an accepted socket; ``None`` (socket closed) if the client is gone."""
    try:
        if sock.family == getattr(socket, "AF_UNIX", None):
            stream: SocketStream = await UNIXSocketStream.from_socket(sock)
        else:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if native:
                stream = await open_asyncio_stream(sock, write_high_water)
            else:
                stream = await SocketStream.from_socket(sock)
    except OSError:  # the client is already gone
        sock.close()
        return None
    except BaseException:  # cancelled while wrapping: the socket is still ours to close
        sock.close()
        raise
    return stream
