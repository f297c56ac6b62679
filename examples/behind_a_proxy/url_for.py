"""URLs the app generates carry the ``root_path`` (a proxy strips ``/api/v1`` before us)."""

from __future__ import annotations

from framework import App, Request

__all__ = ["app"]

app = App()


@app.get("/items/{item_id}", name="read_item")
def read_item(item_id: str, request: Request):
    return {
        "item_id": item_id,
        "url": str(request.url),
        "base_url": str(request.base_url),
        "url_for": str(request.url_for("read_item", item_id="portal-gun")),
        "path_for": app.url_path_for("read_item", item_id="portal-gun"),
    }
