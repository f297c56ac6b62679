"""``include_in_schema=False``: the operation answers but is absent from the document."""

from __future__ import annotations

from framework import App

__all__ = ["app"]

app = App()


@app.get("/items/", include_in_schema=False)
async def read_items():
    return [{"item_id": "Foo"}]
