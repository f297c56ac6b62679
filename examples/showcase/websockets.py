"""WebSockets: an echo endpoint, one using dependencies, and a broadcast chat.

"WebSockets": ``/ws/`` serves the chat page (HTML with a little JavaScript) whose socket is
``/ws/chat/{client_id}``; every message is echoed to its sender and broadcast to everyone
connected, and a disconnect is announced. ``/ws/items/{item_id}`` uses ``Cookie``,
``Query`` and ``Depends`` like an HTTP endpoint and refuses a connection with neither a
session cookie nor a token (close code 1008, ``WebSocketException``).
"Testing WebSockets": the tests drive all of them through ``TestClient.websocket_connect``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from framework import (
    APIRouter,
    Cookie,
    Depends,
    Query,
    WebSocket,
    WebSocketDisconnect,
    WebSocketException,
    status,
)
from framework.responses import HTMLResponse

__all__ = ["ConnectionManager", "manager", "router"]

CHAT_PAGE = (Path(__file__).parent / "chat_page.html").read_text(encoding="utf-8")

router = APIRouter(prefix="/ws", tags=["websockets"])


@router.get("/", response_class=HTMLResponse)
async def chat_page() -> str:
    return CHAT_PAGE


@router.websocket("/echo")
async def echo(websocket: WebSocket) -> None:
    """Text comes back as ``Message text was: ...``, JSON objects come back as JSON."""
    await websocket.accept()
    try:
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                await websocket.send_text(f"Message text was: {message['text']}")
            else:
                await websocket.send_bytes(message.get("bytes") or b"")
    except WebSocketDisconnect:
        return


async def get_cookie_or_token(
    websocket: WebSocket,
    session: Annotated[str | None, Cookie()] = None,
    token: Annotated[str | None, Query()] = None,
) -> str:
    if session is None and token is None:
        raise WebSocketException(code=status.WS_1008_POLICY_VIOLATION)
    return session or token or ""


@router.websocket("/items/{item_id}")
async def items_endpoint(
    websocket: WebSocket,
    item_id: str,
    cookie_or_token: Annotated[str, Depends(get_cookie_or_token)],
    q: int | None = None,
) -> None:
    await websocket.accept()
    while True:
        try:
            data = await websocket.receive_text()
        except WebSocketDisconnect:
            return
        await websocket.send_text(f"Session cookie or query token value is: {cookie_or_token}")
        if q is not None:
            await websocket.send_text(f"Query parameter q is: {q}")
        await websocket.send_text(f"Message text was: {data}, for item ID: {item_id}")


class ConnectionManager:
    """The connected chat clients, for broadcasting."""

    def __init__(self) -> None:
        self.active_connections: list[WebSocket] = []

    async def connect(self, websocket: WebSocket) -> None:
        await websocket.accept()
        self.active_connections.append(websocket)

    def disconnect(self, websocket: WebSocket) -> None:
        if websocket in self.active_connections:
            self.active_connections.remove(websocket)

    async def send_personal_message(self, message: str, websocket: WebSocket) -> None:
        await websocket.send_text(message)

    async def broadcast(self, message: str) -> None:
        for connection in list(self.active_connections):
            try:
                await connection.send_text(message)
            except (WebSocketDisconnect, RuntimeError, OSError):
                self.disconnect(connection)


manager = ConnectionManager()


@router.websocket("/chat/{client_id}")
async def chat(websocket: WebSocket, client_id: int) -> None:
    await manager.connect(websocket)
    try:
        while True:
            data = await websocket.receive_text()
            await manager.send_personal_message(f"You wrote: {data}", websocket)
            await manager.broadcast(f"Client #{client_id} says: {data}")
    except WebSocketDisconnect:
        manager.disconnect(websocket)
        await manager.broadcast(f"Client #{client_id} left the chat")
