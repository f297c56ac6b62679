"""Sans-I/O HTTP/1.1 for ASGI on h11: fed bytes, it returns events and bytes to write.

No sockets, no clocks, no tasks: :class:`HTTPConnection` turns received bytes into
:class:`StartRequest` / :class:`StartWebSocket` / :class:`Reject` / ``NEED_DATA`` / ``CLOSE``
events, and each request's :class:`~asgi_core.server.cycle.RequestCycle` turns ASGI messages
into bytes. The transport (``serve.py``) only moves bytes and runs the app, so everything
here is tested by feeding byte strings.

h11 does the framing. On top of it this module rejects what h11 tolerates but HARDENING.md
does not: Content-Length together with Transfer-Encoding, repeated Content-Length headers,
request targets that do not start with ``/``, a ``Host`` carrying a path, and declared bodies
over ``max_body_size``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, Final
from urllib.parse import unquote

import h11

from asgi_core.server.config import Config
from asgi_core.server.cycle import RequestCycle, error_response

__all__ = [
    "CLOSE",
    "NEED_DATA",
    "HTTPConnection",
    "Reject",
    "StartRequest",
    "StartWebSocket",
]

HeaderList = list[tuple[bytes, bytes]]


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


NEED_DATA: Final = _Marker("NEED_DATA")
"""Read more bytes from the peer and call :meth:`HTTPConnection.receive_data`."""
CLOSE: Final = _Marker("CLOSE")
"""Close the connection (after writing :meth:`HTTPConnection.data_to_send`)."""


class StartRequest:
    """A request head arrived: run the app with ``cycle.scope``."""

    __slots__ = ("cycle",)

    def __init__(self, cycle: RequestCycle) -> None:
        self.cycle = cycle


class StartWebSocket:
    """A WebSocket upgrade arrived: hand ``request`` and the buffered bytes to wsproto."""

    __slots__ = ("request", "scope", "trailing")

    def __init__(self, request: h11.Request, scope: dict[str, Any], trailing: bytes) -> None:
        self.request = request
        self.scope = scope
        self.trailing = trailing


class Reject:
    """A malformed or refused request: write ``data``, then close."""

    __slots__ = ("data", "reason", "status")

    def __init__(self, status: int, reason: str) -> None:
        self.status = status
        self.reason = reason
        self.data = error_response(status)

    def __repr__(self) -> str:
        return f"Reject({self.status}, {self.reason!r})"


Event = StartRequest | StartWebSocket | Reject | _Marker

_ASGI_VERSION: Final = {"version": "3.0", "spec_version": "2.4"}
_BAD_HOST = re.compile(rb"[/?#@\\\s\x00-\x1f\x7f]")
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_FIELD_NAME = re.compile(rb"^[ \t]*([^:\r\n]*):", re.MULTILINE)


def framing_error(head: bytes) -> str | None:
    """Why a complete request head's body framing is ambiguous, or ``None`` if it is not.

    h11 merges identical repeated Content-Length headers and lets Transfer-Encoding win
    over Content-Length (RFC 9112 allows both); a server behind a proxy must refuse both,
    because the proxy may have framed the body the other way (request smuggling).
    Most heads carry at most one of the two names anywhere: a substring count (in C)
    settles those without scanning the field names.
    """
    lowered = head.lower()
    mentions = lowered.count(b"content-length")
    if mentions == 0 or (mentions == 1 and b"transfer-encoding" not in lowered):
        return None
    return scan_framing(head)


def scan_framing(head: bytes) -> str | None:
    """:func:`framing_error` by scanning every field name (the reference behaviour)."""
    lengths = encodings = 0
    for match in _FIELD_NAME.finditer(head):
        name = match.group(1).strip().lower()
        if name == b"content-length":
            lengths += 1
        elif name == b"transfer-encoding":
            encodings += 1
    if lengths > 1:
        return "repeated Content-Length"
    if lengths and encodings:
        return "Content-Length together with Transfer-Encoding"
    return None


def _header(headers: Sequence[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    for key, value in headers:
        if key == name:
            return value
    return None


def _is_websocket_upgrade(request: h11.Request) -> bool:
    upgrade = _header(request.headers, b"upgrade")
    if upgrade is None or request.method != b"GET":
        return False
    connection = _header(request.headers, b"connection") or b""
    tokens = {t.strip().lower() for t in connection.split(b",")}
    return upgrade.strip().lower() == b"websocket" and b"upgrade" in tokens


class HTTPConnection:
    """One HTTP/1.1 connection, from the first byte to the close, with no I/O.

    ``default_headers`` is called once per response for the headers the server adds (Date,
    Server); tests pass a constant so outputs are byte-for-byte comparable.
    """

    __slots__ = (
        "_eof",
        "_h11",
        "_outbox",
        "_pipelined",
        "client",
        "config",
        "cycle",
        "default_headers",
        "draining",
        "requests_served",
        "root_path",
        "scheme",
        "server",
        "state",
    )

    def __init__(
        self,
        config: Config,
        *,
        client: tuple[str, int] | None = None,
        server: tuple[str, int | None] | None = None,
        scheme: str = "http",
        state: dict[str, Any] | None = None,
        default_headers: Callable[[], HeaderList] | None = None,
    ) -> None:
        self.config = config
        self._h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=config.max_head_size)
        self.client = client
        self.server = server
        self.scheme = scheme
        self.root_path = config.root_path
        self.state = state
        self.default_headers = default_headers or list
        self.cycle: RequestCycle | None = None
        self.requests_served = 0
        self.draining = False
        self._eof = False
        self._pipelined = 0
        self._outbox = bytearray()

    # -- bytes in / bytes out ---------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Feed bytes read from the peer; ``b""`` means the peer closed its side."""
        if not data:
            self._eof = True
        elif self.cycle is not None and self.cycle.body_done:
            self._pipelined += len(data)
        self._h11.receive_data(data)

    def data_to_send(self) -> bytes:
        """Bytes produced outside an app ``send`` (100 Continue, server-made errors)."""
        if not self._outbox:
            return b""
        data = bytes(self._outbox)
        self._outbox.clear()
        return data

    def queue(self, data: bytes) -> None:
        self._outbox += data

    @property
    def eof(self) -> bool:
        return self._eof

    @property
    def idle(self) -> bool:
        """Between requests with nothing buffered: the keep-alive timeout applies."""
        h = self._h11
        return h.their_state is h11.IDLE and not h.trailing_data[0]

    @property
    def read_paused(self) -> bool:
        """Too many pipelined bytes buffered behind the current request: stop reading."""
        return self._pipelined > self.config.max_pipeline_buffer

    @property
    def protocol(self) -> h11.Connection:
        return self._h11

    # -- the connection-level event loop ----------------------------------------------

    def next_event(self) -> Event:
        """What the transport must do next (only between requests)."""
        if self.cycle is not None:
            raise RuntimeError("expected the current request to finish, got next_event()")
        h = self._h11
        if h.their_state is h11.IDLE:
            buffered = h.trailing_data[0]
            if not buffered:  # what h11 would answer, without its parser's trip
                return CLOSE if self._eof else NEED_DATA
            end = _HEAD_END.search(buffered)
            if end is not None:
                if end.end() > self.config.max_head_size:
                    return Reject(431, "request head too large")
                problem = framing_error(buffered[: end.end()])
                if problem is not None:
                    return Reject(400, problem)
        try:
            event = h.next_event()
        except h11.RemoteProtocolError as exc:
            return Reject(exc.error_status_hint, str(exc))
        if event is h11.NEED_DATA:
            return CLOSE if self._eof else NEED_DATA
        if isinstance(event, h11.Request):
            return self._start(event)
        return CLOSE

    def _start(self, request: h11.Request) -> Event:
        target = request.target
        if not target.startswith(b"/") and not (target == b"*" and request.method == b"OPTIONS"):
            return Reject(400, "request target must start with '/'")
        host = _header(request.headers, b"host")
        if host is not None and _BAD_HOST.search(host):
            return Reject(400, "invalid Host header")
        scope = self._scope(request)
        if _is_websocket_upgrade(request):
            return StartWebSocket(request, scope, self._h11.trailing_data[0])
        limit = self.config.max_body_size
        if limit is not None:
            declared = _header(request.headers, b"content-length")
            if declared is not None and int(declared) > limit:
                return Reject(413, "declared body exceeds max_body_size")
        self._pipelined = 0
        self.cycle = RequestCycle(self, scope, request.method == b"HEAD")
        return StartRequest(self.cycle)

    def _scope(self, request: h11.Request) -> dict[str, Any]:
        raw_path, _, query = request.target.partition(b"?")
        root = self.root_path
        path = unquote(raw_path.decode("ascii"))
        return {
            "type": "http",
            "asgi": dict(_ASGI_VERSION),
            "http_version": request.http_version.decode("ascii"),
            "server": self.server,
            "client": self.client,
            "scheme": self.scheme,
            "method": request.method.decode("ascii"),
            "root_path": root,
            "path": root + path if root else path,
            "raw_path": root.encode() + raw_path if root else raw_path,
            "query_string": query,
            "headers": [(name, value) for name, value in request.headers],
            "state": dict(self.state) if self.state is not None else {},
        }

    # -- after the app returns ------------------------------------------------------------

    def end_cycle(self) -> bool:
        """Close the current request; ``True`` if the connection can serve another."""
        cycle = self.cycle
        if cycle is None:
            raise RuntimeError("expected a request in progress, got end_cycle()")
        self.cycle = None
        self.requests_served += 1
        h = self._h11
        if cycle.must_close or h.our_state is not h11.DONE:
            return False
        if not self._drain_unread_body():
            return False
        if h.their_state is not h11.DONE or self.draining:
            return False
        h.start_next_cycle()
        self._pipelined = 0
        return True

    def _drain_unread_body(self) -> bool:
        """Skip a request body the app did not read, if it is already buffered."""
        h = self._h11
        while h.their_state is h11.SEND_BODY:
            try:
                event = h.next_event()
            except h11.RemoteProtocolError:
                return False
            if event is h11.NEED_DATA or isinstance(event, h11.ConnectionClosed):
                return False
        return True

    def response_must_close(self) -> bool:
        """Whether the next response should carry ``Connection: close``."""
        limit = self.config.max_requests_per_connection
        return self.draining or (limit is not None and self.requests_served + 1 >= limit)
