"""An explicit OpenAPI ``operationId`` (``operation_id=...``); it must be unique."""

from __future__ import annotations

from framework import App

__all__ = ["app"]

app = App()


@app.get("/items/", operation_id="some_specific_id_you_define")
async def read_items():
    return [{"item_id": "Foo"}]
