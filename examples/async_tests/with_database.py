"""The seed's motivation ("Other Asynchronous Function Calls"): an app writing to an async
store that the test then queries with ``await`` itself, next to its HTTP requests.

``FakeDatabase`` stands for an async database library: its methods yield to the event
loop (``anyio.sleep(0)``) so they only work from async code, on asyncio or trio.
"""

from __future__ import annotations

import anyio
from pydantic import BaseModel

from framework import App, HTTPException

__all__ = ["FakeDatabase", "Item", "app", "database"]


class Item(BaseModel):
    name: str
    price: float


class FakeDatabase:
    """An in-memory store with an async API, as an async database driver would offer."""

    def __init__(self) -> None:
        self.rows: dict[str, Item] = {}

    async def insert(self, key: str, item: Item) -> None:
        await anyio.sleep(0)
        self.rows[key] = item

    async def fetch(self, key: str) -> Item | None:
        await anyio.sleep(0)
        return self.rows.get(key)


database = FakeDatabase()
app = App()


@app.put("/items/{key}", status_code=201)
async def store_item(key: str, item: Item) -> Item:
    await database.insert(key, item)
    return item


@app.get("/items/{key}")
async def read_item(key: str) -> Item:
    item = await database.fetch(key)
    if item is None:
        raise HTTPException(status_code=404, detail="Item not found")
    return item
