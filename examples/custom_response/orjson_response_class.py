"""Declare ``response_class=ORJSONResponse`` and return plain data (needs orjson)."""

from __future__ import annotations

from framework import App
from framework.responses import ORJSONResponse

__all__ = ["app"]

app = App()


@app.get("/items/", response_class=ORJSONResponse)
async def read_items():
    return [{"item_id": "Foo"}]
