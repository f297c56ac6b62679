"""Combining information: a model, a description and an example on the same responses.

The 404 gets ``Message`` plus a custom description; the 200 keeps ``response_model``'s
schema and gains an example merged into its ``application/json`` content.
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


@app.get(
    "/items/{item_id}",
    response_model=Item,
    responses={
        404: {"model": Message, "description": "The item was not found"},
        200: {
            "description": "Item requested by ID",
            "content": {
                "application/json": {
                    "example": {"id": "bar", "value": "The bar tenders"}
                }
            },
        },
    },
)
async def read_item(item_id: str):
    if item_id == "foo":
        return {"id": "foo", "value": "there goes my hero"}
    else:
        return JSONResponse(status_code=404, content={"message": "Item not found"})
