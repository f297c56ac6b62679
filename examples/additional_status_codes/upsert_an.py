"""Upsert an item: 200 with the updated item, or 201 (a ``JSONResponse``) when it is new.

The ``Annotated`` form of the seed's program, written out in full.
"""

from __future__ import annotations

from typing import Annotated

from framework import App, Body, status
from framework.responses import JSONResponse

__all__ = ["app", "items"]

app = App()

items = {"foo": {"name": "Fighters", "size": 6}, "bar": {"name": "Tenders", "size": 3}}


@app.put("/items/{item_id}")
async def upsert_item(
    item_id: str,
    name: Annotated[str | None, Body()] = None,
    size: Annotated[int | None, Body()] = None,
):
    if item_id in items:
        item = items[item_id]
        item["name"] = name
        item["size"] = size
        return item
    else:
        item = {"name": name, "size": size}
        items[item_id] = item
        return JSONResponse(status_code=status.HTTP_201_CREATED, content=item)
