"""An additional 404 response documented with a pydantic model (``responses={404: ...}``).

The model key is not part of OpenAPI: the emitter turns it into a ``$ref`` to the
model's schema under ``components``; the endpoint must return the ``JSONResponse``
itself for the 404.
"""

from __future__ import annotations

from pydantic import BaseModel

from framework import App
from framework.responses import JSONResponse

__all__ = ["Item", "Message", "app"]


class Item(BaseModel):
    id: str
    value: str


class Message(BaseModel):
    message: str


app = App()


@app.get("/items/{item_id}", response_model=Item, responses={404: {"model": Message}})
async def read_item(item_id: str):
    if item_id == "foo":
        return {"id": "foo", "value": "there goes my hero"}
    return JSONResponse(status_code=404, content={"message": "Item not found"})
