"""``WebSocket``: the application's side of an ASGI WebSocket, as Starlette's API has it.

Both directions run an explicit state machine written as a table: ``_CLIENT_MOVES`` says
which message the server may hand us (``receive``) in each ``client_state`` and where it
leads; ``_APP_MOVES`` says which message the app may send in each ``application_state``.
A message the table does not allow raises ``RuntimeError('Expected ASGI message "X", but
got 'Y'')`` before anything is sent; a call once a side is closed raises
``WebSocketDisconnected``. The ``RESPONSE`` state is the WebSocket Denial Response
extension: an HTTP response sent instead of accepting.
"""

from __future__ import annotations

import enum
import json
from collections.abc import AsyncIterator, Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from asgi_core.requests import HTTPConnection
from asgi_core.types import Message, Receive, Scope, Send

if TYPE_CHECKING:
    from asgi_core.responses import Response

__all__ = [
    "WebSocket",
    "WebSocketClose",
    "WebSocketDisconnect",
    "WebSocketDisconnected",
    "WebSocketState",
]


class WebSocketState(enum.Enum):
    CONNECTING = 0
    CONNECTED = 1
    DISCONNECTED = 2
    RESPONSE = 3


class WebSocketDisconnect(Exception):
    """The client closed the connection (``code``/``reason`` from ``websocket.disconnect``)."""

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        # Exception.__new__ already keeps the positional arguments as ``args``.
        self.code = code
        self.reason = reason or ""


class WebSocketDisconnected(RuntimeError):
    """A call on a side of the connection that is already closed (or not yet open)."""


_S = WebSocketState
_CONNECTING, _CONNECTED, _DISCONNECTED, _RESPONSE = (
    _S.CONNECTING,
    _S.CONNECTED,
    _S.DISCONNECTED,
    _S.RESPONSE,
)

# state -> {message type the server may deliver -> next client state}
_CLIENT_MOVES: dict[WebSocketState, dict[str, WebSocketState]] = {
    _CONNECTING: {"websocket.connect": _CONNECTED},
    _CONNECTED: {"websocket.receive": _CONNECTED, "websocket.disconnect": _DISCONNECTED},
    _DISCONNECTED: {},
}

# state -> {message type the app may send -> next application state}. A denial response
# body with ``more_body`` keeps the state in RESPONSE (see ``_next_app_state``).
_APP_MOVES: dict[WebSocketState, dict[str, WebSocketState]] = {
    _CONNECTING: {
        "websocket.accept": _CONNECTED,
        "websocket.close": _DISCONNECTED,
        "websocket.http.response.start": _RESPONSE,
    },
    _CONNECTED: {"websocket.send": _CONNECTED, "websocket.close": _DISCONNECTED},
    _RESPONSE: {"websocket.http.response.body": _DISCONNECTED},
    _DISCONNECTED: {},
}

_RECEIVE_CLOSED = 'Cannot call "receive" once a disconnect message has been received.'
_SEND_CLOSED = 'Cannot call "send" once a close message has been sent.'
_NOT_ACCEPTED = 'WebSocket is not connected. Need to call "accept" first.'
_BAD_MODE = 'The "mode" argument should be "text" or "binary".'
_NO_DENIAL = "The server doesn't support the Websocket Denial Response extension."
_DENIAL_EXTENSION = "websocket.http.response"
_MODES = frozenset(("text", "binary"))


def _expected(moves: Mapping[str, WebSocketState]) -> str:
    quoted = [f'"{kind}"' for kind in moves]
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


# The "expected X" half of every illegal-transition error, built once from the tables.
_CLIENT_EXPECTED = {state: _expected(moves) for state, moves in _CLIENT_MOVES.items() if moves}
_APP_EXPECTED = {state: _expected(moves) for state, moves in _APP_MOVES.items() if moves}


def _illegal(expected: str, message: Message) -> RuntimeError:
    return RuntimeError(f"Expected ASGI message {expected}, but got {message.get('type')!r}")


def _next_app_state(state: WebSocketState, message: Message) -> WebSocketState:
    moves = _APP_MOVES[state]
    if not moves:
        raise WebSocketDisconnected(_SEND_CLOSED)
    following = moves.get(message.get("type"))  # type: ignore[arg-type]
    if following is None:
        raise _illegal(_APP_EXPECTED[state], message)
    if state is _RESPONSE and message.get("more_body", False):
        return _RESPONSE
    return following


def _raise_on_disconnect(message: Message) -> None:
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1005), message.get("reason"))


class WebSocket(HTTPConnection):
    """One WebSocket connection: ``accept``, then send and receive until either side closes."""

    __slots__ = ("_send", "application_state", "client_state")

    def __init__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket":
            raise AssertionError(f"expected a 'websocket' scope, got {scope['type']!r}")
        super().__init__(scope, receive)
        self._send = send
        self.client_state = WebSocketState.CONNECTING
        self.application_state = WebSocketState.CONNECTING

    async def receive(self) -> Message:
        """The next ASGI message from the server, checked against the client table."""
        state = self.client_state
        moves = _CLIENT_MOVES[state]
        if not moves:
            raise WebSocketDisconnected(_RECEIVE_CLOSED)
        message = await self._receive()
        following = moves.get(message.get("type"))  # type: ignore[arg-type]
        if following is None:
            raise _illegal(_CLIENT_EXPECTED[state], message)
        self.client_state = following
        return message

    async def send(self, message: Message) -> None:
        """Send an ASGI message, checked against the application table.

        Once accepted, a transport failure (``OSError``) closes our side and raises
        ``WebSocketDisconnect(1006)``, the code for an abnormal closure.
        """
        state = self.application_state
        self.application_state = _next_app_state(state, message)
        if state is not _CONNECTED:
            await self._send(message)
            return
        try:
            await self._send(message)
        except OSError:
            self.application_state = _DISCONNECTED
            raise WebSocketDisconnect(code=1006) from None

    async def accept(
        self,
        subprotocol: str | None = None,
        headers: Iterable[tuple[bytes, bytes]] | None = None,
    ) -> None:
        """Accept the connection (reading ``websocket.connect`` first if still pending)."""
        raw_headers = list(headers) if headers is not None else []
        if self.client_state is _CONNECTING:
            await self.receive()
        await self.send(
            {"type": "websocket.accept", "subprotocol": subprotocol, "headers": raw_headers}
        )

    async def _receive_data(self) -> Message:
        if self.application_state is not _CONNECTED:
            raise WebSocketDisconnected(_NOT_ACCEPTED)
        message = await self.receive()
        _raise_on_disconnect(message)
        return message

    async def receive_text(self) -> str:
        message = await self._receive_data()
        return cast(str, message["text"])

    async def receive_bytes(self) -> bytes:
        message = await self._receive_data()
        return cast(bytes, message["bytes"])

    async def receive_json(self, mode: str = "text") -> Any:
        """The next message parsed as JSON, from a text (``"text"``) or bytes frame."""
        if mode not in _MODES:
            raise RuntimeError(_BAD_MODE)
        message = await self._receive_data()
        if mode == "text":
            return json.loads(message["text"])
        return json.loads(message["bytes"].decode("utf-8"))

    async def iter_text(self) -> AsyncIterator[str]:
        """Text messages until the client disconnects."""
        try:
            while True:
                yield await self.receive_text()
        except WebSocketDisconnect:
            pass

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        """Bytes messages until the client disconnects."""
        try:
            while True:
                yield await self.receive_bytes()
        except WebSocketDisconnect:
            pass

    async def iter_json(self) -> AsyncIterator[Any]:
        """JSON (text) messages until the client disconnects."""
        try:
            while True:
                yield await self.receive_json()
        except WebSocketDisconnect:
            pass

    async def send_text(self, data: str) -> None:
        await self.send({"type": "websocket.send", "text": data})

    async def send_bytes(self, data: bytes) -> None:
        await self.send({"type": "websocket.send", "bytes": data})

    async def send_json(self, data: Any, mode: str = "text") -> None:
        """``data`` as compact UTF-8 JSON, in a text (``"text"``) or bytes frame."""
        if mode not in _MODES:
            raise RuntimeError(_BAD_MODE)
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
        if mode == "text":
            await self.send({"type": "websocket.send", "text": text})
        else:
            await self.send({"type": "websocket.send", "bytes": text.encode("utf-8")})

    async def close(self, code: int = 1000, reason: str | None = None) -> None:
        await self.send({"type": "websocket.close", "code": code, "reason": reason or ""})

    async def send_denial_response(self, response: Response) -> None:
        """Refuse the handshake with an HTTP ``response`` (needs the server's extension)."""
        if _DENIAL_EXTENSION not in (self.scope.get("extensions") or {}):
            raise RuntimeError(_NO_DENIAL)
        await response(self.scope, self.receive, self._denial_send)

    async def _denial_send(self, message: Message) -> None:
        # A response written for HTTP scopes sends ``http.response.*``: name it for ASGI.
        kind = message.get("type", "")
        if kind.startswith("http.response."):
            message = {**message, "type": "websocket." + kind}
        await self.send(message)


class WebSocketClose:
    """An ASGI app that closes the WebSocket with ``code`` and ``reason``."""

    __slots__ = ("code", "reason")

    def __init__(self, code: int = 1000, reason: str | None = None) -> None:
        self.code = code
        self.reason = reason or ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "websocket.close", "code": self.code, "reason": self.reason})
