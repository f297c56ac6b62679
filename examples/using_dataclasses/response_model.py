"""A dataclass as ``response_model``: the returned dict is validated and completed."""

from __future__ import annotations

from dataclasses import dataclass, field

from framework import App

__all__ = ["Item", "app"]


@dataclass
class Item:
    name: str
    price: float
    tags: list[str] = field(default_factory=list)
    description: str | None = None
    tax: float | None = None


app = App()


@app.get("/items/next", response_model=Item)
async def read_next_item():
    return {
        "name": "Island In The Moon",
        "price": 12.99,
        "description": "A place to be playin' and havin' fun",
        "tags": ["breater"],
    }
