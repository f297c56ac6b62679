"""``media_types`` with the query parameter declared through ``Annotated[..., Query()]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel

from framework import App, Query
from framework.responses import FileResponse

__all__ = ["IMAGE", "Item", "app"]

IMAGE = Path(__file__).with_name("image.png")


class Item(BaseModel):
    id: str
    value: str


app = App()


@app.get(
    "/items/{item_id}",
    response_model=Item,
    responses={
        200: {
            "content": {"image/png": {}},
            "description": "Return the JSON item or an image.",
        }
    },
)
async def read_item(item_id: str, img: Annotated[bool | None, Query()] = None):
    if img:
        return FileResponse(IMAGE, media_type="image/png")
    else:
        return {"id": "foo", "value": "there goes my hero"}
