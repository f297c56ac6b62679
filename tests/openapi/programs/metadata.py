"""App metadata, tags, summaries, descriptions, deprecation, hiding and operation ids."""

from __future__ import annotations

from pydantic import BaseModel

from framework import APIRouter, App, Depends
from framework.routing import APIRoute

description = """
ChimichangApp API helps you do awesome stuff. 🚀

## Items

You can **read items**.
"""

tags_metadata = [
    {"name": "users", "description": "Operations with users. The **login** logic is also here."},
    {
        "name": "items",
        "description": "Manage items. So _fancy_ they have their own docs.",
        "externalDocs": {"description": "Items external docs", "url": "https://fastapi.tiangolo.com/"},
    },
]

app = App(
    title="ChimichangApp",
    description=description,
    summary="Deadpool's favorite app. Nuff said.",
    version="0.0.1",
    terms_of_service="http://example.com/terms/",
    contact={
        "name": "Deadpoolio the Amazing",
        "url": "http://x-force.example.com/contact/",
        "email": "dp@x-force.example.com",
    },
    license_info={"name": "Apache 2.0", "identifier": "Apache-2.0"},
    openapi_tags=tags_metadata,
    servers=[
        {"url": "https://stag.example.com", "description": "Staging environment"},
        {"url": "https://prod.example.com", "description": "Production environment"},
    ],
)


class Item(BaseModel):
    name: str
    description: str | None = None
    price: float
    tax: float | None = None
    tags: set[str] = set()


@app.get("/users/", tags=["users"])
async def get_users():
    return [{"name": "Harry"}, {"name": "Ron"}]


@app.post(
    "/items/",
    response_model=Item,
    tags=["items"],
    summary="Create an item",
    response_description="The created item",
)
async def create_item(item: Item):
    """
    Create an item with all the information:

    - **name**: each item must have a name
    - **description**: a long description
    \f
    :param item: User input.
    """
    return item


@app.get("/elements/", tags=["items"], deprecated=True)
async def read_elements():
    return [{"item_id": "Foo"}]


@app.get("/hidden/", include_in_schema=False)
async def hidden():
    return {}


@app.get("/explicit/", operation_id="some_specific_id_you_define")
async def explicit():
    return [{"item_id": "Foo"}]


@app.api_route("/several/", methods=["PUT"], description="An explicit description")
async def several():
    """This docstring loses to the explicit description."""
    return {}


async def verify(x_token: str | None = None) -> None:
    return None


router = APIRouter(
    prefix="/admin",
    tags=["admin"],
    dependencies=[Depends(verify)],
    responses={418: {"description": "I'm a teapot"}},
    deprecated=True,
)


@router.get("/")
async def admin_root():
    return {"admin": True}


@router.post("/{name}", tags=["custom"], responses={403: {"description": "Operation forbidden"}})
async def admin_named(name: str):
    return {"name": name}


hidden_router = APIRouter(include_in_schema=False)


@hidden_router.get("/secret/")
async def secret():
    return {}


plain_router = APIRouter()


@plain_router.get("/included/")
async def included():
    return {}


app.include_router(router)
app.include_router(hidden_router)
app.include_router(
    plain_router, prefix="/v2", tags=["v2"], deprecated=True, responses={404: {"description": "x"}}
)
app.include_router(plain_router, prefix="/v3", include_in_schema=False)


def use_route_names_as_operation_ids(application: App) -> None:
    """The seed's helper: operation ids become the endpoint names."""
    for route in application.routes:
        if isinstance(route, APIRoute):
            route.operation_id = route.name


named = App()


@named.get("/items/")
async def read_items():
    return [{"item_id": "Foo"}]


@named.post("/items/")
async def create_items():
    return {}


use_route_names_as_operation_ids(named)


def documents() -> dict[str, object]:
    return {"app": app.openapi(), "named": named.openapi()}
