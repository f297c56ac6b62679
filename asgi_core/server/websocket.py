"""WebSockets for ASGI on wsproto: a sans-I/O cycle plus a few lines of anyio glue.

:class:`WebSocketCycle` takes the upgrade request h11 already parsed and walks
:data:`WS_SEND_TABLE` for the app's messages: accept (subprotocol, extra headers), send, close,
and the denial response (``websocket.http.response.start/body``). Incoming messages are
bounded by ``ws_max_message_size`` (close 1009), including after permessage-deflate
inflation: :class:`BoundedDeflate` never inflates more than the remaining allowance, so a
compression bomb costs at most the limit in memory. Pings are answered by wsproto.
"""

from __future__ import annotations

import contextlib
import enum
import zlib
from typing import TYPE_CHECKING, Any, Final

from wsproto import ConnectionType, WSConnection
from wsproto.connection import ConnectionState
from wsproto.events import (
    AcceptConnection,
    BytesMessage,
    CloseConnection,
    Ping,
    RejectConnection,
    RejectData,
    Request,
    TextMessage,
)
from wsproto.events import (
    Message as WSMessage,
)
from wsproto.extensions import Extension, PerMessageDeflate
from wsproto.frame_protocol import CloseReason, FrameDecoder, FrameProtocol
from wsproto.utilities import LocalProtocolError, RemoteProtocolError

from asgi_core.server.cycle import ClientDisconnected, _check_headers, error_response
from asgi_core.server.logs import access_logger, format_access, server_logger
from asgi_core.types import Message

if TYPE_CHECKING:
    from asgi_core.server.connection import ConnectionHandler
    from asgi_core.server.http import StartWebSocket

__all__ = ["WS_SEND_TABLE", "BoundedDeflate", "WSPhase", "WebSocketCycle", "serve_websocket"]


class WSPhase(enum.Enum):
    CONNECTING = "connecting"  # handshake received, app has not answered
    OPEN = "open"
    RESPONSE = "response"  # sending a denial response body
    CLOSED = "closed"


WS_SEND_TABLE: Final[dict[tuple[WSPhase, str], WSPhase]] = {
    (WSPhase.CONNECTING, "websocket.accept"): WSPhase.OPEN,
    (WSPhase.CONNECTING, "websocket.close"): WSPhase.CLOSED,
    (WSPhase.CONNECTING, "websocket.http.response.start"): WSPhase.RESPONSE,
    (WSPhase.RESPONSE, "websocket.http.response.body"): WSPhase.RESPONSE,
    (WSPhase.OPEN, "websocket.send"): WSPhase.OPEN,
    (WSPhase.OPEN, "websocket.close"): WSPhase.CLOSED,
}
_EXPECTED: Final = {
    WSPhase.CONNECTING: "'websocket.accept', 'websocket.close' or 'websocket.http.response.start'",
    WSPhase.OPEN: "'websocket.send' or 'websocket.close'",
    WSPhase.RESPONSE: "'websocket.http.response.body'",
    WSPhase.CLOSED: "no message (the websocket is closed)",
}


class BoundedDeflate(PerMessageDeflate):
    """permessage-deflate that refuses to inflate a message past ``max_size`` bytes."""

    def __init__(self, max_size: int) -> None:
        super().__init__()
        self.max_size = max_size
        self._inflated = 0

    def frame_inbound_payload_data(
        self, proto: FrameDecoder | FrameProtocol, data: bytes
    ) -> bytes | CloseReason:
        if not self._inbound_compressed or not self._inbound_is_compressible:
            return data
        decompressor = self._decompressor
        if decompressor is None:
            return CloseReason.INTERNAL_ERROR
        try:
            out = decompressor.decompress(bytes(data), self.max_size - self._inflated + 1)
        except zlib.error:
            return CloseReason.INVALID_FRAME_PAYLOAD_DATA
        self._inflated += len(out)
        if self._inflated > self.max_size or decompressor.unconsumed_tail:
            return CloseReason.MESSAGE_TOO_BIG
        return out

    def frame_inbound_complete(
        self, proto: FrameDecoder | FrameProtocol, fin: bool
    ) -> bytes | CloseReason | None:
        result = super().frame_inbound_complete(proto, fin)
        if isinstance(result, bytes):
            self._inflated += len(result)
            if self._inflated > self.max_size:
                return CloseReason.MESSAGE_TOO_BIG
        if fin:
            self._inflated = 0
        return result


def _disconnect(code: int, reason: str | None = None) -> Message:
    return {"type": "websocket.disconnect", "code": code, "reason": reason or ""}


class WebSocketCycle:
    """One WebSocket session, from the upgrade request to the close, with no I/O."""

    __slots__ = (
        "_connect_sent",
        "_early",
        "_outbox",
        "_parts",
        "_size",
        "closed",
        "config",
        "phase",
        "scope",
        "status",
        "ws",
    )

    def __init__(self, config: Any, event: StartWebSocket, secure: bool) -> None:
        self.config = config
        self.ws = WSConnection(ConnectionType.SERVER)
        self.phase = WSPhase.CONNECTING
        self.status = 101
        self.closed = False
        self._connect_sent = False
        self._outbox = bytearray()
        self._early = bytearray(event.trailing)
        self._parts: list[Any] = []
        self._size = 0
        request = event.request
        self.ws.initiate_upgrade_connection(list(request.headers), request.target)
        upgrade = next(e for e in self.ws.events() if isinstance(e, Request))
        scope = dict(event.scope)
        del scope["method"]
        scope["type"] = "websocket"
        scope["scheme"] = "wss" if secure else "ws"
        scope["subprotocols"] = list(upgrade.subprotocols)
        scope["extensions"] = {"websocket.http.response": {}}
        self.scope = scope

    def data_to_send(self) -> bytes:
        data = bytes(self._outbox)
        self._outbox.clear()
        return data

    # -- receive ------------------------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Bytes from the peer; ``b""`` means it closed the TCP connection."""
        if self.phase is WSPhase.CONNECTING:
            if not data:
                self.closed = True
            self._early += data
            return
        if self.ws.state is ConnectionState.CLOSED:
            self.closed = True
            return
        self.ws.receive_data(data or None)

    def receive(self) -> Message | None:
        """The next message for the app, or ``None`` if more bytes must be read."""
        if not self._connect_sent:
            self._connect_sent = True
            return {"type": "websocket.connect"}
        if self.phase is WSPhase.CONNECTING:
            return _disconnect(1006) if self.closed else None
        if self.phase is not WSPhase.OPEN:
            return _disconnect(1000 if self.phase is WSPhase.CLOSED else 1006)
        for event in self.ws.events():
            message = self._on_event(event)
            if message is not None:
                return message
        return None

    def _on_event(self, event: Any) -> Message | None:
        if isinstance(event, WSMessage):
            return self._on_data(event)
        if isinstance(event, Ping):
            self._outbox += self.ws.send(event.response())
        elif isinstance(event, CloseConnection):
            self.phase = WSPhase.CLOSED
            if self.ws.state is not ConnectionState.CLOSED:
                self._outbox += self.ws.send(CloseConnection(code=event.code))
            self.closed = True
            return _disconnect(event.code, event.reason)
        return None

    def _on_data(self, event: WSMessage[Any]) -> Message | None:
        self._size += len(event.data)
        if self._size > self.config.ws_max_message_size:
            return self._close_from_server(CloseReason.MESSAGE_TOO_BIG, "message too big")
        self._parts.append(event.data)
        if not event.message_finished:
            return None
        parts, self._parts, self._size = self._parts, [], 0
        if isinstance(event, TextMessage):
            return {"type": "websocket.receive", "text": "".join(parts)}
        return {"type": "websocket.receive", "bytes": b"".join(parts)}

    def _close_from_server(self, code: int, reason: str) -> Message:
        self.phase = WSPhase.CLOSED
        self._parts, self._size = [], 0
        self._outbox += self.ws.send(CloseConnection(code=code, reason=reason))
        self.closed = True
        return _disconnect(code, reason)

    def connection_lost(self) -> None:
        self.closed = True
        if self.phase is not WSPhase.CLOSED:
            self.phase = WSPhase.CLOSED

    # -- send ---------------------------------------------------------------------------

    def send(self, message: Message) -> bytes:
        kind = message.get("type")
        target = WS_SEND_TABLE.get((self.phase, kind))  # type: ignore[arg-type]
        if target is None:
            if self.phase is WSPhase.CLOSED or self.closed:
                raise ClientDisconnected(f"expected {_EXPECTED[self.phase]}, got {kind!r}")
            raise RuntimeError(f"expected {_EXPECTED[self.phase]}, got {kind!r}")
        try:
            data = self._SENDERS[str(kind)](self, message)
        except LocalProtocolError as exc:
            raise RuntimeError(f"invalid websocket message: {exc}") from None
        if self.phase is not WSPhase.RESPONSE or kind != "websocket.http.response.body":
            self.phase = target
        return data + self.data_to_send()

    def _accept(self, message: Message) -> bytes:
        headers, _, _ = _check_headers(message.get("headers", ()))
        extensions: list[Extension] = []
        if self.config.ws_per_message_deflate:
            extensions.append(BoundedDeflate(self.config.ws_max_message_size))
        data = self.ws.send(
            AcceptConnection(
                subprotocol=message.get("subprotocol"),
                extensions=extensions,
                extra_headers=headers,
            )
        )
        early, self._early = bytes(self._early), bytearray()
        if early:
            self.ws.receive_data(early)
        if self.closed:
            self.ws.receive_data(None)
        return data

    def _send_data(self, message: Message) -> bytes:
        text, data = message.get("text"), message.get("bytes")
        if text is not None:
            return self.ws.send(TextMessage(data=text))
        if data is not None:
            return self.ws.send(BytesMessage(data=bytes(data)))
        raise RuntimeError("expected 'bytes' or 'text' in 'websocket.send', got neither")

    def _close(self, message: Message) -> bytes:
        if self.phase is WSPhase.CONNECTING:
            self.status = 403
            return self.ws.send(RejectConnection(status_code=403))
        code = int(message.get("code", 1000) or 1000)
        return self.ws.send(CloseConnection(code=code, reason=message.get("reason") or None))

    def _response_start(self, message: Message) -> bytes:
        headers, _, _ = _check_headers(message.get("headers", ()))
        self.status = int(message["status"])
        return self.ws.send(
            RejectConnection(status_code=self.status, headers=headers, has_body=True)
        )

    def _response_body(self, message: Message) -> bytes:
        more = bool(message.get("more_body", False))
        body = bytes(message.get("body", b""))
        data = self.ws.send(RejectData(data=body, body_finished=not more))
        if not more:
            self.phase = WSPhase.CLOSED
        return data

    _SENDERS: Final = {
        "websocket.accept": _accept,
        "websocket.send": _send_data,
        "websocket.close": _close,
        "websocket.http.response.start": _response_start,
        "websocket.http.response.body": _response_body,
    }

    def finish(self) -> bytes:
        """The app returned: 500 if it never answered the handshake, close 1000 if open."""
        if self.phase is WSPhase.CONNECTING:
            self.status = 500
            self.phase = WSPhase.CLOSED
            return self.ws.send(RejectConnection(status_code=500))
        if self.phase is WSPhase.OPEN and not self.closed:
            self.phase = WSPhase.CLOSED
            return self.ws.send(CloseConnection(code=1000))
        self.phase = WSPhase.CLOSED
        return b""


async def serve_websocket(handler: ConnectionHandler, event: StartWebSocket) -> None:
    """Run the app for one WebSocket upgrade on ``handler``'s stream."""
    try:
        cycle = WebSocketCycle(handler.server.config, event, handler.conn.scheme == "https")
    except (RemoteProtocolError, StopIteration):
        await handler.write(error_response(400))
        return
    await _Session(handler, cycle).run()


class _Session:
    """The anyio glue: the app's receive reads the socket only when it needs bytes."""

    __slots__ = ("cycle", "handler")

    def __init__(self, handler: ConnectionHandler, cycle: WebSocketCycle) -> None:
        self.handler = handler
        self.cycle = cycle

    async def receive(self) -> Message:
        cycle = self.cycle
        while True:
            message = cycle.receive()
            data = cycle.data_to_send()
            if data:
                await self._write(data)
            if message is not None:
                return message
            cycle.receive_data(await self.handler.read())

    async def send(self, message: Message) -> None:
        data = self.cycle.send(message)
        if data:
            await self._write(data)

    async def _write(self, data: bytes) -> None:
        try:
            await self.handler.write(data)
        except ClientDisconnected:
            self.cycle.connection_lost()
            raise

    async def run(self) -> None:
        cycle = self.cycle
        server = self.handler.server
        try:
            await server.app(cycle.scope, self.receive, self.send)
        except ClientDisconnected:
            pass
        except Exception:
            server_logger.exception("Exception in ASGI application")
        tail = cycle.finish()
        if tail and not cycle.closed:
            with contextlib.suppress(ClientDisconnected):
                await self.handler.write(tail)
        if server.config.access_log:
            access_logger.info(format_access({**cycle.scope, "method": "WS"}, cycle.status))
