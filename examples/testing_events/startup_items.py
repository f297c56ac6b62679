"""The deprecated ``startup`` event fills ``items``; ``with TestClient(app)`` triggers it."""

from __future__ import annotations

from framework import App
from testing import TestClient

__all__ = ["app", "items"]

app = App()

items = {}


@app.on_event("startup")
async def startup_event():
    items["foo"] = {"name": "Fighters"}
    items["bar"] = {"name": "Tenders"}


@app.get("/items/{item_id}")
async def read_items(item_id: str):
    return items[item_id]


def test_read_items():
    with TestClient(app) as client:
        response = client.get("/items/foo")
        assert response.status_code == 200
        assert response.json() == {"name": "Fighters"}
