"""``fastapi.websockets``: the WebSocket objects, from asgi_core."""

from asgi_core.websockets import WebSocket, WebSocketDisconnect, WebSocketState

__all__ = ["WebSocket", "WebSocketDisconnect", "WebSocketState"]
