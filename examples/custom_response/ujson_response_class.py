"""Declare ``response_class=UJSONResponse`` and return plain data (needs ujson)."""

from __future__ import annotations

from framework import App
from framework.responses import UJSONResponse

__all__ = ["app"]

app = App()


@app.get("/items/", response_class=UJSONResponse)
async def read_items():
    return [{"item_id": "Foo"}]
