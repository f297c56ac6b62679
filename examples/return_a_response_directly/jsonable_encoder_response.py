"""Convert a model with ``jsonable_encoder`` and return it in a ``JSONResponse``."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from framework import App
from framework.encoders import jsonable_encoder
from framework.responses import JSONResponse

__all__ = ["Item", "app"]


class Item(BaseModel):
    title: str
    timestamp: datetime
    description: str | None = None


app = App()


@app.put("/items/{id}")
def update_item(id: str, item: Item):
    json_compatible_item_data = jsonable_encoder(item)
    return JSONResponse(content=json_compatible_item_data)
