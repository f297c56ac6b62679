"""``WSGIMiddleware``: run a WSGI app (Flask, Django, ...) inside an ASGI app, e.g. mounted.

The WSGI app runs in a worker thread (``anyio.to_thread``) and talks to the event loop
through ``anyio.from_thread``: ``wsgi.input`` pulls request body messages from ``receive``
only when the app reads, and every chunk the app yields (or ``write()``s) is sent at once,
so neither body is ever held whole. As PEP 3333 asks, the status and headers go out with
the first non-empty chunk (or at the end), so ``start_response(..., exc_info)`` can still
replace them after an error until then; afterwards it re-raises.

The environ follows PEP 3333: ``SCRIPT_NAME`` is the ``root_path`` and ``PATH_INFO`` the path
below it, both as bytes-in-latin-1 strings; ``SERVER_PORT``/``REMOTE_PORT`` are strings;
``wsgi.errors`` is ``sys.stderr`` (a text stream). Request headers whose names hold ``_``
are dropped: ``X_Forwarded_For`` would otherwise become the same ``HTTP_X_FORWARDED_FOR``
as ``X-Forwarded-For`` and slip past a proxy that strips the latter.
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable, Iterable
from types import TracebackType
from typing import Any

import anyio
import anyio.from_thread
import anyio.to_thread

from asgi_core.types import Message, Receive, Scope, Send

__all__ = ["WSGIMiddleware"]

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _on_loop(func: Callable[..., Awaitable[Any]], *args: Any) -> Any:
    """From the worker thread: await ``func(*args)`` on the event loop and return its result."""

    async def call() -> Any:
        return await func(*args)

    return anyio.from_thread.run(call)


def _latin1(text: str) -> str:
    """A decoded ASGI string as WSGI wants it: its UTF-8 bytes, one char per byte."""
    return text.encode("utf-8").decode("latin-1")


def build_environ(scope: Scope, body: Any) -> dict[str, Any]:
    """The WSGI environ for an ASGI HTTP scope, reading the body from ``body``."""
    root_path: str = scope.get("root_path", "")
    path: str = scope["path"]
    if root_path and path.startswith(root_path):
        path = path[len(root_path) :]
    server = scope.get("server") or ("localhost", 80)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": _latin1(root_path),
        "PATH_INFO": _latin1(path),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    client = scope.get("client")
    if client:
        environ["REMOTE_ADDR"] = str(client[0])
        environ["REMOTE_PORT"] = str(client[1])
    for raw_name, raw_value in scope["headers"]:
        name = raw_name.decode("latin-1")
        if "_" in name:
            continue
        value = raw_value.decode("latin-1")
        if name == "content-type":
            key = "CONTENT_TYPE"
        elif name == "content-length":
            key = "CONTENT_LENGTH"
        else:
            key = "HTTP_" + name.upper().replace("-", "_")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


class _Body:
    """``wsgi.input``: reads request body messages from the event loop as the app asks."""

    __slots__ = ("buffer", "more", "receive")

    def __init__(self, receive: Receive) -> None:
        self.receive = receive
        self.buffer = bytearray()
        self.more = True

    def _fill(self) -> None:
        message: Message = _on_loop(self.receive)
        if message["type"] == "http.request":
            self.buffer += message.get("body", b"")
            self.more = bool(message.get("more_body", False))
        else:  # http.disconnect: there is no more body
            self.more = False

    def _take(self, size: int) -> bytes:
        data = bytes(self.buffer[:size])
        del self.buffer[:size]
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            while self.more:
                self._fill()
            return self._take(len(self.buffer))
        while self.more and len(self.buffer) < size:
            self._fill()
        return self._take(size)

    def readline(self, size: int | None = -1) -> bytes:
        limit = sys.maxsize if size is None or size < 0 else size
        while True:
            end = self.buffer.find(b"\n", 0, limit)
            if end >= 0:
                return self._take(end + 1)
            if len(self.buffer) >= limit or not self.more:
                return self._take(limit)
            self._fill()

    def readlines(self, hint: int = -1) -> list[bytes]:
        lines: list[bytes] = []
        total = 0
        while line := self.readline():
            lines.append(line)
            total += len(line)
            if 0 < hint <= total:
                break
        return lines

    def __iter__(self) -> _Body:
        return self

    def __next__(self) -> bytes:
        line = self.readline()
        if not line:
            raise StopIteration
        return line


class _Exchange:
    """One WSGI call, run in a worker thread: ``start_response``, ``write`` and the body."""

    __slots__ = ("headers", "send", "started", "status")

    def __init__(self, send: Send) -> None:
        self.send = send
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.started = False

    def start_response(
        self, status: str, headers: list[tuple[str, str]], exc_info: ExcInfo | None = None
    ) -> Callable[[bytes], None]:
        if exc_info is not None:
            try:
                if self.started:
                    raise exc_info[1].with_traceback(exc_info[2])
            finally:
                exc_info = None  # no reference cycle through the traceback
        elif self.status is not None:
            raise RuntimeError("start_response() called again without exc_info")
        code, _, _ = status.partition(" ")
        self.status = int(code)
        self.headers = [
            (name.strip().lower().encode("latin-1"), value.strip().encode("latin-1"))
            for name, value in headers
        ]
        return self.write

    def _send_start(self) -> None:
        if self.status is None:
            raise RuntimeError("the WSGI app sent a body before calling start_response()")
        self.started = True
        message = {"type": "http.response.start", "status": self.status, "headers": self.headers}
        _on_loop(self.send, message)

    def write(self, data: bytes) -> None:
        if not data:
            return
        if not self.started:
            self._send_start()
        message = {"type": "http.response.body", "body": bytes(data), "more_body": True}
        _on_loop(self.send, message)

    def run(self, app: WSGIApp, environ: dict[str, Any]) -> None:
        result = app(environ, self.start_response)
        try:
            for chunk in result:
                self.write(chunk)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        if not self.started:
            self._send_start()
        _on_loop(self.send, {"type": "http.response.body", "body": b""})


class WSGIMiddleware:
    """Serve a WSGI application over ASGI HTTP."""

    __slots__ = ("app",)

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            raise RuntimeError(f"WSGIMiddleware serves HTTP only, not {scope['type']!r}")
        environ = build_environ(scope, _Body(receive))
        await anyio.to_thread.run_sync(_Exchange(send).run, self.app, environ)
