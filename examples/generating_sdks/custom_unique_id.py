"""``generate_unique_id_function``: operation ids ``{tag}-{function name}``.

Generated clients then get short method names (``ItemsService.createItem``) instead of
the default ``create_item_items__post``.
"""

from __future__ import annotations

from pydantic import BaseModel

from framework import App
from framework.routing import APIRoute

__all__ = ["Item", "ResponseMessage", "User", "app", "custom_generate_unique_id"]


def custom_generate_unique_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}"


app = App(generate_unique_id_function=custom_generate_unique_id)


class Item(BaseModel):
    name: str
    price: float


class ResponseMessage(BaseModel):
    message: str


class User(BaseModel):
    username: str
    email: str


@app.post("/items/", response_model=ResponseMessage, tags=["items"])
async def create_item(item: Item):
    return {"message": "Item received"}


@app.get("/items/", response_model=list[Item], tags=["items"])
async def get_items():
    return [
        {"name": "Plumbus", "price": 3},
        {"name": "Portal Gun", "price": 9001},
    ]


@app.post("/users/", response_model=ResponseMessage, tags=["users"])
async def create_user(user: User):
    return {"message": "User received"}
