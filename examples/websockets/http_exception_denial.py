"""An ``HTTPException`` raised before ``accept()`` refuses the handshake with that response.

The seed recommends ``WebSocketException`` in WebSocket endpoints; an ``HTTPException``
still works before the connection is accepted: the exception handler's JSON response is
sent as the handshake's HTTP denial response (the ``websocket.http.response`` extension),
so the client sees a 403 with ``{"detail": ...}`` instead of a WebSocket.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Header, HTTPException, WebSocket

__all__ = ["app"]

app = App()


@app.websocket("/private")
async def private(websocket: WebSocket, x_token: Annotated[str | None, Header()] = None):
    if x_token != "open-sesame":
        raise HTTPException(status_code=403, detail="forbidden", headers={"X-Reason": "token"})
    await websocket.accept()
    await websocket.send_text("welcome")
    await websocket.close()
