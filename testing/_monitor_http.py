"""The HTTP connection monitor: ASGI's ``http.response.*`` order and fields.

States: ``start`` (nothing sent), ``body`` (started, more body to come), ``trailers`` (the
last body chunk went out and ``trailers: true`` promised trailers), ``done``. Besides the
ASGI rules it checks what an HTTP/1.1 server (h11) would refuse to write: a final status
(200-599), valid header tokens and values, a body matching ``content-length``, no body (nor
Content-Length) on a 204, no body on a 304.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from asgi_core.types import Message

from ._monitors import Monitor

__all__ = ["HTTPMonitor"]

_START = "http.response.start"
_BODY = "http.response.body"
_DEBUG = "http.response.debug"
_TRAILERS = "http.response.trailers"
_PATHSEND = "http.response.pathsend"
_ZEROCOPY = "http.response.zerocopysend"
_NO_BODY_STATUSES = frozenset({204, 304})


class HTTPMonitor(Monitor):
    """One HTTP request/response cycle."""

    kind = "an HTTP"
    initial = "start"
    transitions = {
        "start": {_START: "body", _DEBUG: "start"},
        "body": {_BODY: "body", _ZEROCOPY: "body", _PATHSEND: "done", _DEBUG: "body"},
        "trailers": {_TRAILERS: "trailers"},
        "done": {},
    }
    hints = {
        ("start", _BODY): f"{_BODY!r} sent before {_START!r}",
        ("start", _TRAILERS): f"{_TRAILERS!r} sent before {_START!r}",
        ("body", _START): f"{_START!r} sent twice",
        ("trailers", _START): f"{_START!r} sent twice",
        ("trailers", _BODY): f"{_BODY!r} sent after the last body chunk (more_body=False)",
        ("body", _TRAILERS): (f"{_TRAILERS!r} sent before the body ended, or without "
                              f"'trailers': True in {_START!r}"),
        ("done", _START): f"{_START!r} sent twice (after the response completed)",
        ("done", "*"): "{kind!r} sent after the response completed",
    }

    __slots__ = ("_declared_length", "_disconnected", "_sent_length", "_status", "_trailers")

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._status = 0
        self._declared_length: int | None = None
        self._sent_length = 0
        self._trailers = False
        self._disconnected = False

    @staticmethod
    def describe(scope: Mapping[str, Any]) -> str:
        return f"[{scope.get('method', '?')} {scope.get('path', '?')}]"

    def received(self, message: Message) -> None:
        if message.get("type") == "http.disconnect":
            self._disconnected = True

    def validators(self) -> Mapping[str, Callable[[Message], None]]:
        return {_START: self._check_start, _BODY: self._check_body,
                _TRAILERS: self._check_trailers, _PATHSEND: self._check_pathsend}

    # -- the head ------------------------------------------------------------------------
    def _check_start(self, message: Message) -> None:
        self.check(message, "status", (int,), required=True)
        status = message["status"]
        if not 200 <= status <= 599:
            self.fail(f"{_START!r} status must be a final status (200-599), got {status}")
        self.check_headers(message)
        self.check(message, "trailers", (bool,))
        self._status = status
        self._trailers = bool(message.get("trailers", False))
        self._declared_length = self._content_length(message.get("headers", []))

    def _content_length(self, headers: Any) -> int | None:
        values = {value for name, value in headers if name == b"content-length"}
        if not values:
            return None
        if self._status == 204:
            self.fail("a 204 response must not carry a content-length header (RFC 9110 8.6)")
        if len(values) > 1:
            self.fail(f"conflicting content-length headers {sorted(values)!r}")
        (value,) = values
        if not value.isdigit():
            self.fail(f"invalid content-length {value!r}")
        return int(value)

    # -- the body ------------------------------------------------------------------------
    def _check_body(self, message: Message) -> None:
        self.check(message, "body", (bytes,))
        self.check(message, "more_body", (bool,))
        size = len(message.get("body", b""))
        if size and self.scope.get("method") == "HEAD":
            return  # servers drop a HEAD response's body; Content-Length describes the GET
        if size and self._status in _NO_BODY_STATUSES:
            self.fail(f"a {self._status} response must not have a body, got {size} bytes")
        self._sent_length += size
        declared = self._declared_length
        if declared is None or self.scope.get("method") == "HEAD" or self._status == 304:
            return
        if self._sent_length > declared:
            self.fail(f"body longer than its content-length: {declared} declared, "
                      f"{self._sent_length} bytes sent so far")
        if not message.get("more_body", False) and self._sent_length < declared:
            self.fail(f"body shorter than its content-length: {declared} declared, "
                      f"{self._sent_length} bytes sent")

    def _check_trailers(self, message: Message) -> None:
        self.check_headers(message)
        self.check(message, "more_trailers", (bool,))

    def _check_pathsend(self, message: Message) -> None:
        self.check(message, "path", (str,), required=True)

    def advance(self, kind: str, message: Message, next_state: str) -> str:
        if kind == _BODY and not message.get("more_body", False):
            return "trailers" if self._trailers else "done"
        if kind == _TRAILERS and not message.get("more_trailers", False):
            return "done"
        return next_state

    # -- the end -------------------------------------------------------------------------
    def check_return(self) -> None:
        if self.state in ("body", "trailers") and not self._disconnected:
            missing = "the last body chunk" if self.state == "body" else "the promised trailers"
            self.fail(f"the app returned before sending {missing}: the response is incomplete")
