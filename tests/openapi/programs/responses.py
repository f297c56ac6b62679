"""Responses: default statuses, bodiless statuses, response classes, ``responses=`` merging.

The first four operations are the seed's "Additional Responses in OpenAPI" programs.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from framework import App, status
from framework.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    ORJSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
)

app = App()


class Item(BaseModel):
    id: str
    value: str


class Message(BaseModel):
    message: str


@app.get("/items/{item_id}", response_model=Item, responses={404: {"model": Message}})
async def read_item(item_id: str):
    if item_id == "foo":
        return {"id": "foo", "value": "there goes my hero"}
    return JSONResponse(status_code=404, content={"message": "Item not found"})


@app.get(
    "/media/{item_id}",
    response_model=Item,
    responses={
        200: {
            "content": {"image/png": {}},
            "description": "Return the JSON item or an image.",
        }
    },
)
async def read_media(item_id: str, img: bool | None = None):
    if img:
        return FileResponse("image.png", media_type="image/png")
    return {"id": "foo", "value": "there goes my hero"}


@app.get(
    "/combined/{item_id}",
    response_model=Item,
    responses={
        404: {"model": Message, "description": "The item was not found"},
        200: {
            "description": "Item requested by ID",
            "content": {
                "application/json": {
                    "example": {"id": "bar", "value": "The bar tenders"}
                }
            },
        },
    },
)
async def read_combined(item_id: str):
    return {"id": "foo", "value": "there goes my hero"}


shared_responses: dict[int | str, dict[str, Any]] = {
    404: {"description": "Item not found"},
    302: {"description": "The item was moved"},
    403: {"description": "Not enough privileges"},
}


@app.get(
    "/predefined/{item_id}",
    response_model=Item,
    responses={**shared_responses, 200: {"content": {"image/png": {}}}},
)
async def read_predefined(item_id: str, img: bool | None = None):
    return {"id": "foo", "value": "there goes my hero"}


@app.post("/created/", status_code=status.HTTP_201_CREATED, response_description="Created")
async def create() -> Item:
    return Item(id="a", value="b")


@app.delete("/gone/{item_id}", status_code=204)
async def delete_item(item_id: int):
    return None


@app.get("/not-modified/", status_code=304)
async def not_modified():
    return None


@app.get("/no-params/")
async def no_params():
    return {}


@app.get("/html/", response_class=HTMLResponse)
async def html_page():
    return "<p>hi</p>"


@app.get("/text/", response_class=PlainTextResponse, response_model=str)
async def text_page():
    return "hi"


@app.get("/plain-response/", response_class=Response)
async def plain_response():
    return Response(b"x")


@app.get("/redirect/", response_class=RedirectResponse)
async def redirect():
    return "https://example.com"


@app.get("/orjson/", response_class=ORJSONResponse)
async def orjson_page():
    return {}


@app.get("/file/", response_class=FileResponse)
async def file_page():
    return "file.txt"


@app.get("/returns-response/")
async def returns_response() -> Response:
    return Response(b"x")


@app.get(
    "/ranges/{code}",
    responses={
        "4XX": {"description": "Some client error"},
        "5XX": {"model": Message},
        "default": {"description": "Anything else"},
        418: {"model": Item, "content": {"application/json": {"example": {"id": "t"}}}},
        201: {},
        "302": {"headers": {"Location": {"schema": {"type": "string"}}}},
    },
)
async def ranges(code: int):
    return {}


@app.get("/list/", response_model=list[Item])
async def list_items():
    return []


@app.get("/dict/")
async def dict_items() -> dict[str, Item]:
    return {}


@app.get("/union/", response_model=Item | Message)
async def union() -> Any:
    return {}


@app.get("/html-model/", response_class=HTMLResponse, responses={404: {"model": Message}})
async def html_model(q: int):
    return ""
