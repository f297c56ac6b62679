"""The app-wide ``default_response_class=ORJSONResponse`` (needs orjson)."""

from __future__ import annotations

from framework import App
from framework.responses import ORJSONResponse

__all__ = ["app"]

app = App(default_response_class=ORJSONResponse)


@app.get("/items/")
async def read_items():
    return [{"item_id": "Foo"}]
