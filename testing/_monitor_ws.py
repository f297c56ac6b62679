"""The WebSocket and lifespan monitors: ASGI's state order for those connections.

WebSocket states: ``connecting`` (before the handshake answer), ``open``, ``denying`` (an
HTTP denial response is being sent), ``closed`` (the app sent ``websocket.close`` or the
denial ended) and ``gone`` (the app received ``websocket.disconnect``: nothing may be sent
and no message will ever come). Lifespan states follow the server's events: ``idle`` ->
(``lifespan.startup`` received) ``starting`` -> ``started``/``failed`` -> (``lifespan.
shutdown`` received) ``stopping`` -> ``stopped``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from asgi_core.types import Message

from ._monitors import Monitor

__all__ = ["LifespanMonitor", "WebSocketMonitor"]

_ACCEPT = "websocket.accept"
_SEND = "websocket.send"
_CLOSE = "websocket.close"
_DENY_START = "websocket.http.response.start"
_DENY_BODY = "websocket.http.response.body"
# Close codes an endpoint must never send (RFC 6455 7.4.1) and the valid range.
_RESERVED_CODES = frozenset({1004, 1005, 1006, 1015})
_MAX_REASON_BYTES = 123


class WebSocketMonitor(Monitor):
    """One WebSocket connection."""

    kind = "a WebSocket"
    initial = "connecting"
    transitions = {
        "connecting": {_ACCEPT: "open", _CLOSE: "closed", _DENY_START: "denying"},
        "open": {_SEND: "open", _CLOSE: "closed"},
        "denying": {_DENY_BODY: "denying"},
        "closed": {},
        "gone": {},
    }
    hints = {
        ("connecting", _SEND): f"{_SEND!r} sent before {_ACCEPT!r}",
        ("connecting", _DENY_BODY): f"{_DENY_BODY!r} sent before {_DENY_START!r}",
        ("open", _ACCEPT): f"{_ACCEPT!r} sent twice",
        ("open", _DENY_START): f"{_DENY_START!r} sent after the handshake was accepted",
        ("denying", "*"): "{kind!r} sent while a denial response is being sent",
        ("closed", "*"): "{kind!r} sent after the connection was closed",
        ("gone", "*"): "{kind!r} sent after the app received 'websocket.disconnect'",
    }

    __slots__ = ()

    @staticmethod
    def describe(scope: Mapping[str, Any]) -> str:
        return f"[WEBSOCKET {scope.get('path', '?')}]"

    def check_receive(self) -> None:
        if self.state == "gone":
            self.fail("receive() called after 'websocket.disconnect': no message will come")

    def received(self, message: Message) -> None:
        if message.get("type") == "websocket.disconnect":
            self.state = "gone"

    def validators(self) -> Mapping[str, Callable[[Message], None]]:
        return {_ACCEPT: self._check_accept, _SEND: self._check_send,
                _CLOSE: self._check_close, _DENY_START: self._check_deny_start,
                _DENY_BODY: self._check_deny_body}

    def _check_accept(self, message: Message) -> None:
        self.check(message, "subprotocol", (str,), nullable=True)
        subprotocol = message.get("subprotocol")
        if subprotocol is not None and subprotocol not in self.scope.get("subprotocols", []):
            self.fail(f"{_ACCEPT!r} chose the subprotocol {subprotocol!r}, which the client "
                      f"did not offer ({self.scope.get('subprotocols', [])!r})")
        self.check_headers(message)
        names = {name for name, _ in message.get("headers", [])}
        if b"sec-websocket-protocol" in names:
            self.fail(f"{_ACCEPT!r} must choose the subprotocol with 'subprotocol', not a "
                      "sec-websocket-protocol header")

    def _check_send(self, message: Message) -> None:
        self.check(message, "bytes", (bytes,), nullable=True)
        self.check(message, "text", (str,), nullable=True)
        if (message.get("bytes") is None) == (message.get("text") is None):
            self.fail(f"{_SEND!r} needs exactly one of 'bytes' or 'text', got {message!r}")

    def _check_close(self, message: Message) -> None:
        self.check(message, "code", (int,))
        self.check(message, "reason", (str,), nullable=True)
        code = message.get("code", 1000)
        if code in _RESERVED_CODES or not 1000 <= code <= 4999:
            self.fail(f"{_CLOSE!r} code {code} may not be sent (RFC 6455 7.4)")
        reason = message.get("reason") or ""
        if len(reason.encode()) > _MAX_REASON_BYTES:
            self.fail(f"{_CLOSE!r} reason is longer than {_MAX_REASON_BYTES} bytes")

    def _check_deny_start(self, message: Message) -> None:
        self.check(message, "status", (int,), required=True)
        if not 200 <= message["status"] <= 599:
            self.fail(f"{_DENY_START!r} status must be 200-599, got {message['status']}")
        self.check_headers(message)

    def _check_deny_body(self, message: Message) -> None:
        self.check(message, "body", (bytes,))
        self.check(message, "more_body", (bool,))

    def advance(self, kind: str, message: Message, next_state: str) -> str:
        if kind == _DENY_BODY and not message.get("more_body", False):
            return "closed"
        return next_state

    def check_return(self) -> None:
        if self.state == "denying":
            self.fail("the app returned in the middle of its denial response")


class LifespanMonitor(Monitor):
    """One lifespan session."""

    kind = "a lifespan"
    initial = "idle"
    transitions = {
        "idle": {},
        "starting": {"lifespan.startup.complete": "started",
                     "lifespan.startup.failed": "failed"},
        "started": {},
        "failed": {},
        "stopping": {"lifespan.shutdown.complete": "stopped",
                     "lifespan.shutdown.failed": "stopped"},
        "stopped": {},
    }
    hints = {
        ("idle", "*"): "{kind!r} sent before 'lifespan.startup' was received",
        ("started", "*"): "{kind!r} sent after startup was answered and before "
                          "'lifespan.shutdown' was received",
        ("failed", "*"): "{kind!r} sent after 'lifespan.startup.failed'",
        ("stopping", "lifespan.startup.complete"): "'lifespan.startup.complete' sent twice",
        ("stopped", "*"): "{kind!r} sent after shutdown was answered",
    }

    __slots__ = ()

    @staticmethod
    def describe(scope: Mapping[str, Any]) -> str:
        return "[lifespan]"

    def check_receive(self) -> None:
        if self.state in ("starting", "stopping"):
            event = "startup" if self.state == "starting" else "shutdown"
            self.fail(f"receive() called before answering 'lifespan.{event}': the server "
                      "waits for the answer, so this never returns")

    def received(self, message: Message) -> None:
        kind = message.get("type")
        if kind == "lifespan.startup":
            self.state = "starting"
        elif kind == "lifespan.shutdown":
            self.state = "stopping"

    def validators(self) -> Mapping[str, Callable[[Message], None]]:
        return {"lifespan.startup.failed": self._check_failed,
                "lifespan.shutdown.failed": self._check_failed}

    def _check_failed(self, message: Message) -> None:
        self.check(message, "message", (str,))
