"""The seed's container app: served by ``python -m framework run app.main:app`` in the image."""

from __future__ import annotations

from typing import Union

from framework import App

__all__ = ["app"]

app = App()


@app.get("/")
def read_root():
    return {"Hello": "World"}


@app.get("/items/{item_id}")
def read_item(item_id: int, q: Union[str, None] = None):
    return {"item_id": item_id, "q": q}
