"""The description comes from the docstring, cut at ``\\f`` (the rest is for Sphinx etc.)."""

from __future__ import annotations

from pydantic import BaseModel

from framework import App

__all__ = ["Item", "app"]

app = App()


class Item(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float | None = None
    tags: set[str] = set()


@app.post("/items/", response_model=Item, summary="Create an item")
async def create_item(item: Item):
    """
    Create an item with all the information:

    - **name**: each item must have a name
    - **description**: a long description
    - **price**: required
    - **tax**: if the item doesn't have tax, you can omit this
    - **tags**: a set of unique tag strings for this item
    \f
    :param item: User input.
    """
    return item
