"""One HTTP request/response cycle as an explicit state table, with no I/O.

The app's ``send`` messages walk :data:`SEND_TABLE`; any message the table has no row for
raises ``RuntimeError("expected X, got Y")`` and writes nothing. Response heads are validated
here (status range, header names are tokens, values free of CR/LF/NUL) *before* h11 sees them,
so nothing an app sets can split a response, and h11 never enters its error state because
of an app bug. The head is held back and written together with the first body chunk.

``receive`` returns the next ``http.request`` / ``http.disconnect`` message, or ``None``
when the transport must read more bytes first.
"""

from __future__ import annotations

import enum
import re
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

import h11

from asgi_core.types import Message

if TYPE_CHECKING:
    from asgi_core.server.http import HTTPConnection

__all__ = ["SEND_TABLE", "ClientDisconnected", "Phase", "RequestCycle", "error_response"]


class ClientDisconnected(OSError):
    """``send`` was called after the connection closed (ASGI HTTP spec 2.4)."""


class Phase(enum.Enum):
    START = "start"  # waiting for http.response.start
    BODY = "body"  # head accepted, waiting for http.response.body
    DONE = "done"  # response complete
    CLOSED = "closed"  # the connection is gone or broken; nothing more can be written


SEND_TABLE: Final[dict[tuple[Phase, str], Phase]] = {
    (Phase.START, "http.response.start"): Phase.BODY,
    (Phase.BODY, "http.response.body"): Phase.BODY,  # more_body=False moves it to DONE
}
_EXPECTED: Final = {
    Phase.START: "'http.response.start'",
    Phase.BODY: "'http.response.body'",
    Phase.DONE: "no message (the response is complete)",
    Phase.CLOSED: "no message (the connection is closed)",
}

_TOKEN = re.compile(rb"[-!#$%&'*+.^_`|~0-9a-zA-Z]+")
_FIELD_VALUE = re.compile(rb"(?:[^\x00\s]+(?:[ \t]+[^\x00\s]+)*)?")
_DIGITS = re.compile(rb"[0-9]{1,18}")
_NO_BODY_STATUS: Final = frozenset({204, 304})
_PHRASES: Final = {int(s): s.phrase.encode("ascii") for s in HTTPStatus}


def error_response(status: int) -> bytes:
    """A complete, closing plain-text response the server writes on its own."""
    phrase = HTTPStatus(status).phrase.encode("ascii")
    return (
        b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
        b"content-length: %d\r\nconnection: close\r\n\r\n%s"
        % (status, phrase, len(phrase), phrase)
    )


def _check_headers(raw: Any) -> tuple[list[tuple[bytes, bytes]], int | None, set[bytes]]:
    """Validate app headers; return them, the declared Content-Length and the names seen."""
    headers: list[tuple[bytes, bytes]] = []
    length: int | None = None
    names: set[bytes] = set()
    for pair in raw:
        name, value = pair
        if not isinstance(name, bytes) or not isinstance(value, bytes):
            raise TypeError(f"expected header name and value as bytes, got {pair!r}")
        if not _TOKEN.fullmatch(name):
            raise RuntimeError(f"invalid header name {name!r}")
        value = value.strip(b" \t")
        if not _FIELD_VALUE.fullmatch(value):
            raise RuntimeError(f"invalid header value for {name.decode()!r}: {value!r}")
        lower = name.lower()
        if lower == b"content-length":
            if not _DIGITS.fullmatch(value) or (length is not None and int(value) != length):
                raise RuntimeError(f"invalid Content-Length {value!r}")
            length = int(value)
        elif lower == b"transfer-encoding" and value.lower() != b"chunked":
            raise RuntimeError(f"unsupported Transfer-Encoding {value!r}")
        names.add(lower)
        headers.append((name, value))
    return headers, length, names


class RequestCycle:
    """The ASGI side of one request: ``receive`` and ``send`` as pure functions of state."""

    __slots__ = (
        "_body_delivered",
        "_declared",
        "_head",
        "_sent",
        "body_done",
        "body_size",
        "conn",
        "disconnected",
        "head_only",
        "must_close",
        "phase",
        "scope",
        "status",
    )

    def __init__(self, conn: HTTPConnection, scope: dict[str, Any], head_only: bool) -> None:
        self.conn = conn
        self.scope = scope
        self.head_only = head_only
        self.phase = Phase.START
        self.status = 0
        self.body_done = False
        self.disconnected = False
        self.must_close = False
        self._body_delivered = False
        self.body_size = 0
        self._declared: int | None = None
        self._sent = 0
        self._head: list[tuple[bytes, bytes]] | None = None

    @property
    def response_complete(self) -> bool:
        return self.phase is Phase.DONE or self.phase is Phase.CLOSED

    # -- receive ------------------------------------------------------------------------

    def receive(self) -> Message | None:
        """The next message for the app, or ``None`` if more bytes must be read first."""
        if self.disconnected or self.phase is Phase.DONE or self.phase is Phase.CLOSED:
            return {"type": "http.disconnect"}
        if self.body_done:
            if not self._body_delivered:
                self._body_delivered = True
                return {"type": "http.request", "body": b"", "more_body": False}
            if self.conn.eof:
                return {"type": "http.disconnect"}
            return None
        chunks = self._pull_body()
        if self.disconnected or self.must_close:
            return {"type": "http.disconnect"}
        if chunks or self.body_done:
            self._body_delivered = self.body_done
            body = b"".join(chunks)
            return {"type": "http.request", "body": body, "more_body": not self.body_done}
        self._maybe_continue()
        return None

    def _pull_body(self) -> list[bytes]:
        h = self.conn.protocol
        chunks: list[bytes] = []
        while True:
            try:
                event = h.next_event()
            except h11.RemoteProtocolError as exc:
                self._fail(exc.error_status_hint)
                return chunks
            if isinstance(event, h11.Data):
                self.body_size += len(event.data)
                limit = self.conn.config.max_body_size
                if limit is not None and self.body_size > limit:
                    self._fail(413)
                    return chunks
                chunks.append(bytes(event.data))
            elif isinstance(event, h11.EndOfMessage):
                self.body_done = True
                return chunks
            elif event is h11.NEED_DATA:
                if self.conn.eof:
                    self.disconnected = True
                return chunks
            else:  # ConnectionClosed or PAUSED: nothing more is coming
                self.disconnected = True
                return chunks

    def _fail(self, status: int) -> None:
        """The request body is broken or too big: answer it ourselves if we still can."""
        self.must_close = True
        if self.phase is Phase.START:
            self.conn.queue(error_response(status))
            self.status = status
        self.phase = Phase.CLOSED

    def _maybe_continue(self) -> None:
        h = self.conn.protocol
        if self.phase is Phase.START and h.they_are_waiting_for_100_continue:
            interim = h11.InformationalResponse(status_code=100, headers=[], reason=b"Continue")
            self.conn.queue(h.send(interim) or b"")

    def timed_out(self) -> None:
        """The body deadline passed: answer 408 if nothing was sent yet, and close."""
        self._fail(408)

    def connection_lost(self) -> None:
        """The transport saw the socket close or fail."""
        self.disconnected = True
        if self.phase is not Phase.DONE:
            self.phase = Phase.CLOSED
            self.must_close = True

    # -- send ---------------------------------------------------------------------------

    def send(self, message: Message) -> bytes:
        """Bytes to write for an app message; raises on a message the state table refuses."""
        kind = message.get("type")
        target = SEND_TABLE.get((self.phase, kind))  # type: ignore[arg-type]
        if target is None:
            if self.phase is Phase.CLOSED:
                raise ClientDisconnected(f"expected {_EXPECTED[self.phase]}, got {kind!r}")
            raise RuntimeError(f"expected {_EXPECTED[self.phase]}, got {kind!r}")
        if kind == "http.response.start":
            self._start(message)
            return b""
        return self._body(message)

    def _start(self, message: Message) -> None:
        status = message.get("status")
        if not isinstance(status, int) or not 200 <= status <= 999:
            raise RuntimeError(f"expected a status code between 200 and 999, got {status!r}")
        headers, declared, names = _check_headers(message.get("headers", ()))
        for name, value in self.conn.default_headers():
            if name not in names:
                headers.append((name, value))
        if self.must_close or self.conn.response_must_close():
            headers.append((b"connection", b"close"))
        self.status = status
        self._declared = declared
        self._head = headers
        self.phase = Phase.BODY

    def _body(self, message: Message) -> bytes:
        body = message.get("body", b"")
        if not isinstance(body, (bytes, bytearray, memoryview)):
            raise TypeError(f"expected body as bytes, got {type(body).__name__}")
        more = bool(message.get("more_body", False))
        length = len(body)
        if self.head_only or self.status in _NO_BODY_STATUS:
            body = b""
        declared = self._declared
        sent = self._sent + len(body)
        if declared is not None and sent > declared and not self.head_only:
            raise RuntimeError(f"response body longer than its Content-Length ({declared})")
        if declared is not None and not more and sent < declared and not self.head_only:
            self.phase = Phase.CLOSED
            self.must_close = True
            raise RuntimeError(f"response body shorter than its Content-Length ({declared})")
        self._sent = sent
        try:
            out = self._emit(bytes(body), more, length)
        except h11.LocalProtocolError as exc:
            self.phase = Phase.CLOSED
            self.must_close = True
            raise RuntimeError(f"invalid response: {exc}") from None
        if not more:
            self.phase = Phase.DONE
        return out

    def _emit(self, body: bytes, more: bool, length: int) -> bytes:
        h = self.conn.protocol
        out = b""
        headers = self._head
        if headers is not None:
            self._head = None
            if (
                not more
                and self._declared is None
                and not self._chunked(headers)
                and self.status not in _NO_BODY_STATUS
            ):
                headers.append((b"content-length", b"%d" % length))
            reason = _PHRASES.get(self.status, b"")
            head = h11.Response(status_code=self.status, headers=headers, reason=reason)
            out = h.send(head) or b""
        if body:
            out += h.send(h11.Data(data=body)) or b""
        if not more:
            out += h.send(h11.EndOfMessage()) or b""
        return out

    @staticmethod
    def _chunked(headers: list[tuple[bytes, bytes]]) -> bool:
        return any(name.lower() == b"transfer-encoding" for name, _ in headers)

    def finish(self) -> bytes:
        """The app returned: complete what it left unfinished; bytes to write, if any."""
        if self.phase is Phase.START:
            self.must_close = self.must_close or not self.body_done
            self._start({"status": 500, "headers": [(b"content-type", b"text/plain")]})
            return self._body({"body": b"Internal Server Error"})
        if self.phase is Phase.BODY:
            self.phase = Phase.CLOSED
            self.must_close = True
        return b""
