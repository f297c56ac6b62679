"""Return an ``ORJSONResponse`` directly (needs orjson: ``pip install orjson``)."""

from __future__ import annotations

from framework import App
from framework.responses import ORJSONResponse

__all__ = ["app"]

app = App()


@app.get("/items/", response_class=ORJSONResponse)
async def read_items():
    return ORJSONResponse([{"item_id": "Foo"}])
