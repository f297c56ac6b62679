"""Receive and send text, bytes and JSON on one connection; ``receive`` for raw messages.

The seed: "You can receive and send binary, text, and JSON data."
"""

from __future__ import annotations

from framework import App, WebSocket

__all__ = ["app"]

app = App()


@app.websocket("/echo")
async def echo(websocket: WebSocket):
    await websocket.accept(subprotocol=None)
    text = await websocket.receive_text()
    await websocket.send_text(text.upper())
    data = await websocket.receive_bytes()
    await websocket.send_bytes(data[::-1])
    document = await websocket.receive_json()
    await websocket.send_json({"received": document, "keys": sorted(document)})
    await websocket.close(code=1000, reason="done")
