"""Predefined responses reused with ``**responses`` and combined with custom ones."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from framework import App
from framework.responses import FileResponse

__all__ = ["IMAGE", "Item", "app", "responses"]

IMAGE = Path(__file__).with_name("image.png")


class Item(BaseModel):
    id: str
    value: str


responses: dict[int | str, dict[str, Any]] = {
    404: {"description": "Item not found"},
    302: {"description": "The item was moved"},
    403: {"description": "Not enough privileges"},
}


app = App()


@app.get(
    "/items/{item_id}",
    response_model=Item,
    responses={**responses, 200: {"content": {"image/png": {}}}},
)
async def read_item(item_id: str, img: bool | None = None):
    if img:
        return FileResponse(IMAGE, media_type="image/png")
    else:
        return {"id": "foo", "value": "there goes my hero"}
