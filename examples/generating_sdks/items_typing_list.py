"""``items`` as the seed writes it for older Pythons: ``typing.List`` as response model."""

from __future__ import annotations

from typing import List  # noqa: UP035 - the seed's spelling, on purpose

from pydantic import BaseModel

from framework import App

__all__ = ["Item", "ResponseMessage", "app"]

app = App()


class Item(BaseModel):
    name: str
    price: float


class ResponseMessage(BaseModel):
    message: str


@app.post("/items/", response_model=ResponseMessage)
async def create_item(item: Item):
    return {"message": "item received"}


@app.get("/items/", response_model=List[Item])  # noqa: UP006
async def get_items():
    return [
        {"name": "Plumbus", "price": 3},
        {"name": "Portal Gun", "price": 9001},
    ]
