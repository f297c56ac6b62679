"""The server: listeners, lifespan, one task per connection, signals and graceful shutdown.

``Server(config).serve()`` runs on asyncio or trio (anyio). Shutdown, from SIGINT/SIGTERM
or :meth:`Server.shutdown`, goes: stop accepting, close idle keep-alive connections, let
in-flight requests finish (their responses carry ``Connection: close``) for up to
``graceful_timeout``, cancel what is left, run lifespan shutdown, return.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import ssl
import stat
import time
from collections.abc import Callable
from email.utils import formatdate
from typing import Any

import anyio
from anyio.abc import ByteStream, Listener, SocketAttribute
from anyio.streams.tls import TLSAttribute, TLSListener

from asgi_core.server.config import Config
from asgi_core.server.connection import ConnectionHandler, peer
from asgi_core.server.cycle import error_response
from asgi_core.server.importer import load_app
from asgi_core.server.lifespan import Lifespan, LifespanFailure
from asgi_core.server.listener import drain_backlogs
from asgi_core.server.logs import server_logger
from asgi_core.types import ASGIApp

__all__ = ["Server", "bind_socket", "create_ssl_context", "run_server"]

_SERVER_HEADER = (b"server", b"keel")


def create_ssl_context(config: Config) -> ssl.SSLContext | None:
    if not config.ssl_certfile:
        return None
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(
        config.ssl_certfile, config.ssl_keyfile, password=config.ssl_keyfile_password
    )
    return context


class Server:
    """Serve ``config.app`` (or ``app``) until :meth:`shutdown` or a signal."""

    def __init__(self, config: Config, app: ASGIApp | None = None) -> None:
        self.config = config
        raw = app if app is not None else load_app(config.app, factory=config.factory)
        if config.proxy_headers:
            if config.proxy_headers_hook is not None:
                raw = config.proxy_headers_hook(raw, config.trusted_hosts)
            else:
                server_logger.warning("--proxy-headers given but no proxy headers hook is set")
        self.app: ASGIApp = raw
        self.lifespan = Lifespan(raw, config.lifespan)
        self.handlers: set[ConnectionHandler] = set()
        self.urls: list[str] = []
        self.draining = False
        self.connections = 0
        self._ssl = create_ssl_context(config)
        self._shutdown: anyio.Event | None = None
        self._date_second = -1
        self._date_headers: list[tuple[bytes, bytes]] = []

    # -- headers the server adds --------------------------------------------------------

    def default_headers(self) -> list[tuple[bytes, bytes]]:
        now = int(time.time())
        if now != self._date_second:
            self._date_second = now
            headers = []
            if self.config.date_header:
                headers.append((b"date", formatdate(now, usegmt=True).encode("ascii")))
            if self.config.server_header:
                headers.append(_SERVER_HEADER)
            self._date_headers = headers
        return list(self._date_headers)

    # -- lifecycle ----------------------------------------------------------------------

    def shutdown(self) -> None:
        """Ask :meth:`serve` to shut down gracefully (callable from the server's loop)."""
        if self._shutdown is not None:
            self._shutdown.set()

    async def serve(
        self,
        *,
        listeners: list[Listener[Any]] | None = None,
        install_signal_handlers: bool = True,
        on_started: Callable[[list[str]], Any] | None = None,
        task_status: anyio.abc.TaskStatus[list[str]] = anyio.TASK_STATUS_IGNORED,
    ) -> None:
        """Start up, serve, and shut down; raises LifespanFailure if startup fails."""
        self._shutdown = anyio.Event()
        failure: LifespanFailure | None = None
        async with anyio.create_task_group() as root:
            try:
                await self.lifespan.startup(root)
            except LifespanFailure as exc:
                failure = exc
            else:
                if install_signal_handlers:
                    root.start_soon(self._watch_signals)
                if listeners is None:
                    listeners = await self._listen()
                self.urls = [self._url(listener) for listener in listeners]
                if on_started is not None:
                    on_started(self.urls)
                task_status.started(self.urls)
                await self._serve_until_shutdown(listeners)
                await self.lifespan.shutdown()
            await self.lifespan.close()
            root.cancel_scope.cancel()
        if failure is not None:
            raise failure
        if self.config.uds:
            with contextlib.suppress(OSError):
                os.unlink(self.config.uds)

    async def _serve_until_shutdown(self, listeners: list[Listener[Any]]) -> None:
        if self._shutdown is None:
            raise RuntimeError("expected serve() to be running, got no shutdown event")
        async with anyio.create_task_group() as connections:
            tick = _reaper_tick(self.config)
            if tick is not None:
                connections.start_soon(self._reap, tick)
            async with anyio.create_task_group() as accepting:
                for listener in listeners:
                    accepting.start_soon(listener.serve, self._accepted, connections)
                await self._shutdown.wait()
                accepting.cancel_scope.cancel()
            for listener in listeners:
                with contextlib.suppress(Exception):
                    await listener.aclose()
            self._drain()
            with anyio.move_on_after(_or_inf(self.config.graceful_timeout)):
                while self.handlers:
                    await anyio.sleep(0.01)
            if self.handlers:
                server_logger.warning("graceful timeout: cancelling %d connections",
                                      len(self.handlers))
            connections.cancel_scope.cancel()

    def _drain(self) -> None:
        """Stop keep-alive: idle connections close now, busy ones after their response."""
        self.draining = True
        for handler in list(self.handlers):
            handler.conn.draining = True
            handler.close_if_idle()

    async def _reap(self, tick: float) -> None:
        """Every ``tick`` seconds, close connections whose keep-alive or head deadline passed.

        One sweep for all connections instead of a timer per request; deadlines fire up
        to ``tick`` late (a tenth of the shortest timeout, at most half a second).
        """
        while True:
            await anyio.sleep(tick)
            now = time.monotonic()
            for handler in list(self.handlers):
                if handler.expires <= now:
                    handler.expire()

    async def _watch_signals(self) -> None:
        with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
            async for signum in signals:
                if self.draining or (self._shutdown is not None and self._shutdown.is_set()):
                    server_logger.warning("second signal: exiting now")
                    os._exit(1)
                server_logger.info("received %s: shutting down", signal.Signals(signum).name)
                self.shutdown()

    # -- connections --------------------------------------------------------------------

    async def _accepted(self, stream: ByteStream) -> None:
        limit = self.config.limit_concurrency
        if self.draining or (limit is not None and self.connections >= limit):
            with contextlib.suppress(Exception):
                await stream.send(error_response(503))
            with anyio.CancelScope(shield=True), anyio.move_on_after(1):
                await stream.aclose()
            return
        client = peer(stream.extra(SocketAttribute.remote_address, None))
        local = peer(stream.extra(SocketAttribute.local_address, None))
        if local is None and self.config.uds:
            local = (self.config.uds, None)  # type: ignore[assignment]
        scheme = "https" if stream.extra(TLSAttribute.ssl_object, None) is not None else "http"
        handler = ConnectionHandler(self, stream, client, local, scheme)
        self.connections += 1
        self.handlers.add(handler)
        try:
            await handler.run()
        finally:
            self.connections -= 1
            self.handlers.discard(handler)

    # -- listeners ----------------------------------------------------------------------

    async def _listen(self) -> list[Listener[Any]]:
        config = self.config
        listener: Listener[Any]
        if config.fd is not None:
            listener = await anyio.abc.SocketListener.from_socket(socket.socket(fileno=config.fd))
        elif config.uds:
            _remove_stale_socket(config.uds)
            listener = await anyio.create_unix_listener(config.uds, backlog=config.backlog)
        else:
            listener = await anyio.create_tcp_listener(
                local_host=config.host, local_port=config.port, backlog=config.backlog
            )
        listener = drain_backlogs(listener, config.backlog, config.write_high_water)
        if self._ssl is not None:
            listener = TLSListener(
                listener, self._ssl, standard_compatible=False,
                handshake_timeout=_or_inf(config.head_timeout),
            )
        return [listener]

    def _url(self, listener: Listener[Any]) -> str:
        scheme = "https" if self._ssl is not None else "http"
        inner = getattr(listener, "listener", listener)
        address = inner.extra(SocketAttribute.local_address, None)
        if isinstance(address, tuple):
            host = str(address[0])
            if ":" in host:
                host = f"[{host}]"
            return f"{scheme}://{host}:{address[1]}"
        return f"{scheme}+unix://{address or self.config.uds}"


def _reaper_tick(config: Config) -> float | None:
    timeouts = [t for t in (config.keep_alive_timeout, config.head_timeout) if t is not None]
    if not timeouts:
        return None
    return min(max(min(timeouts) / 10, 0.005), 0.5)


def _or_inf(timeout: float | None) -> float:
    return float("inf") if timeout is None else timeout


def _remove_stale_socket(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISSOCK(os.stat(path).st_mode):
            os.unlink(path)


def bind_socket(config: Config) -> socket.socket:
    """A bound, listening socket for ``config`` (shared by ``--workers`` processes)."""
    if config.uds:
        _remove_stale_socket(config.uds)
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.bind(config.uds)
    else:
        family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((config.host, config.port))
    sock.listen(config.backlog)
    sock.set_inheritable(True)
    return sock


async def _serve(server: Server, on_started: Callable[[list[str]], Any] | None) -> None:
    await server.serve(on_started=on_started)


def run_server(
    config: Config, on_started: Callable[[list[str]], Any] | None = None
) -> None:
    """Block serving ``config`` on its event loop until shutdown."""
    server = Server(config)
    anyio.run(_serve, server, on_started, backend=config.loop)

