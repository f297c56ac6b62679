"""A standard dataclass as the request body (validated by pydantic) and the response."""

from __future__ import annotations

from dataclasses import dataclass

from framework import App

__all__ = ["Item", "app"]


@dataclass
class Item:
    name: str
    price: float
    description: str | None = None
    tax: float | None = None


app = App()


@app.post("/items/")
async def create_item(item: Item):
    return item
