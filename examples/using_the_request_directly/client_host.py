"""Read the client's host from the ``Request``; the path parameter is still validated."""

from __future__ import annotations

from framework import App, Request

__all__ = ["app"]

app = App()


@app.get("/items/{item_id}")
def read_root(item_id: str, request: Request):
    client_host = request.client.host
    return {"client_host": client_host, "item_id": item_id}
