"""The seed's simple app: request and response models that end up as OpenAPI schemas."""

from __future__ import annotations

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


@app.get("/items/", response_model=list[Item])
async def get_items():
    return [
        {"name": "Plumbus", "price": 3},
        {"name": "Portal Gun", "price": 9001},
    ]
