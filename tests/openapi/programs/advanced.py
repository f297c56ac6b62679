"""The seed's "Path Operation Advanced Configuration" programs: ``openapi_extra``
(extensions, a hand-written request body, a model's JSON Schema for a YAML body)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from framework import App, Request

app = App()


@app.get("/items/", openapi_extra={"x-aperture-labs-portal": "blue"})
async def read_items():
    return [{"item_id": "portal-gun"}]


def magic_data_reader(raw_body: bytes) -> dict[str, Any]:
    return {"size": len(raw_body), "content": {"name": "Maaaagic", "price": 42}}


@app.post(
    "/magic/",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {
                        "required": ["name", "price"],
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "price": {"type": "number"},
                            "description": {"type": "string"},
                        },
                    }
                }
            },
            "required": True,
        },
    },
)
async def create_magic(request: Request):
    raw_body = await request.body()
    return magic_data_reader(raw_body)


class Item(BaseModel):
    name: str
    tags: list[str]


@app.post(
    "/yaml/",
    openapi_extra={
        "requestBody": {
            "content": {"application/x-yaml": {"schema": Item.model_json_schema()}},
            "required": True,
        },
    },
)
async def create_yaml(request: Request):
    return {}


@app.put(
    "/merged/{item_id}",
    responses={404: {"description": "Missing"}},
    openapi_extra={
        "parameters": [{"name": "trace", "in": "header", "schema": {"type": "string"}}],
        "responses": {"404": {"x-note": "merged"}, "500": {"description": "Boom"}},
        "x-codegen": {"skip": False},
        "summary": "Overridden summary",
    },
)
async def merged(item_id: int, item: Item):
    return {}
