"""The seed's "Generating SDKs" programs: models, tags, and custom operation ids at the app,
router and route levels."""

from __future__ import annotations

from pydantic import BaseModel

from framework import APIRouter, App
from framework.routing import APIRoute


class Item(BaseModel):
    name: str
    price: float


class ResponseMessage(BaseModel):
    message: str


class User(BaseModel):
    username: str
    email: str


plain = App()


@plain.post("/items/", response_model=ResponseMessage)
async def create_item(item: Item):
    return {"message": "item received"}


@plain.get("/items/", response_model=list[Item])
async def get_items():
    return [{"name": "Plumbus", "price": 3}, {"name": "Portal Gun", "price": 9001}]


def custom_generate_unique_id(route: APIRoute) -> str:
    return f"{route.tags[0]}-{route.name}"


def router_unique_id(route: APIRoute) -> str:
    return f"router-{route.name}"


def route_unique_id(route: APIRoute) -> str:
    return f"route-{route.name}"


app = App(generate_unique_id_function=custom_generate_unique_id)


@app.post("/items/", response_model=ResponseMessage, tags=["items"])
async def create_tagged_item(item: Item):
    return {"message": "Item received"}


@app.get("/items/", response_model=list[Item], tags=["items"])
async def get_tagged_items():
    return [{"name": "Plumbus", "price": 3}, {"name": "Portal Gun", "price": 9001}]


@app.post("/users/", response_model=ResponseMessage, tags=["users"])
async def create_user(user: User):
    return {"message": "User received"}


@app.get("/own/", tags=["own"], generate_unique_id_function=route_unique_id)
async def own(q: int):
    return {}


router = APIRouter(generate_unique_id_function=router_unique_id)


@router.post("/widgets/", tags=["widgets"])
async def create_widget(item: Item):
    return {}


@router.get("/widgets/", tags=["widgets"], generate_unique_id_function=route_unique_id)
async def list_widgets():
    return []


other = APIRouter()


@other.put("/gadgets/{gid}", tags=["gadgets"])
async def put_gadget(gid: int, item: Item):
    return {}


app.include_router(router)
app.include_router(other, generate_unique_id_function=router_unique_id)


def documents() -> dict[str, object]:
    return {"plain": plain.openapi(), "app": app.openapi()}
