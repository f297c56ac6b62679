"""Request bodies: JSON (single, embedded, several), forms, files, media types, examples."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BaseModel, Field

from framework import App, Body, Depends, File, Form, UploadFile

app = App()


class Image(BaseModel):
    url: str
    name: str


class Item(BaseModel):
    """An item for sale.\fInternal notes that stay out of the schema."""

    name: str = Field(examples=["Foo"])
    description: str | None = Field(
        default=None, title="The description of the item", max_length=300
    )
    price: float = Field(gt=0, description="The price must be greater than zero")
    tax: float | None = None
    tags: set[str] = set()
    images: list[Image] | None = None


class User(BaseModel):
    username: str
    full_name: str | None = None


class FormData(BaseModel):
    username: str
    password: str
    model_config = {"extra": "forbid"}


@dataclass
class Point:
    x: int
    y: int = 0


@app.put("/items/{item_id}")
async def update_item(item_id: int, item: Item):
    return {"item_id": item_id, **item.model_dump()}


@app.put("/embedded/{item_id}")
async def update_embedded(item_id: int, item: Annotated[Item, Body(embed=True)]):
    return {}


@app.put("/multi/{item_id}")
async def update_multi(
    item_id: int,
    item: Item,
    user: User,
    importance: Annotated[int, Body(gt=0)],
    q: str | None = None,
):
    return {}


@app.put("/examples/{item_id}")
async def update_examples(
    item_id: int,
    item: Annotated[
        Item,
        Body(
            openapi_examples={
                "normal": {
                    "summary": "A normal example",
                    "description": "A **normal** item works correctly.",
                    "value": {"name": "Foo", "price": 35.4, "tax": 3.2},
                },
                "invalid": {"summary": "Invalid data is rejected", "value": {"name": "Baz"}},
            }
        ),
    ],
):
    return {}


@app.post("/optional/")
async def optional_body(item: Item | None = None):
    return {}


@app.post("/dict/")
async def dict_body(weights: dict[int, float]):
    return weights


@app.post("/list/")
async def list_body(images: list[Image]):
    return images


@app.post("/point/")
async def point_body(point: Point) -> Point:
    return point


@app.post("/raw/")
async def raw_body(data: Annotated[Any, Body(media_type="application/vnd.api+json")]):
    return data


@app.post("/two-media/")
async def two_media(
    a: Annotated[int, Body(media_type="application/x-a")],
    b: Annotated[int, Body(media_type="application/x-b")],
):
    return {}


@app.post("/login/")
async def login(username: Annotated[str, Form()], password: Annotated[str, Form(min_length=8)]):
    return {"username": username}


@app.post("/form-model/")
async def form_model(data: Annotated[FormData, Form()]):
    return data


@app.post("/files/")
async def create_file(file: Annotated[bytes, File(description="A file read as bytes")]):
    return {"file_size": len(file)}


@app.post("/uploadfile/")
async def create_upload_file(
    file: Annotated[UploadFile, File(description="A file read as UploadFile")],
):
    return {"filename": file.filename}


@app.post("/optional-upload/")
async def optional_upload(file: UploadFile | None = None):
    return {}


@app.post("/uploadfiles/")
async def create_upload_files(
    files: list[UploadFile], token: Annotated[str, Form()], note: Annotated[str, Form()] = ""
):
    return {}


def body_dependency(extra: Annotated[str, Body()]) -> str:
    return extra


@app.post("/dep-body/")
async def dep_body(item: Item, extra: Annotated[str, Depends(body_dependency)]):
    return {}


@app.get("/get-body/")
async def get_with_body(item: Item):
    return item
