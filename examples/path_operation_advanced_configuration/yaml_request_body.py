"""A YAML request body: documented with the model's JSON Schema, parsed and validated by hand.

``openapi_extra`` puts ``Item``'s schema under ``application/x-yaml``; the endpoint loads the
YAML and validates it with pydantic, turning both failures into 422 responses.
"""

from __future__ import annotations

import yaml
from pydantic import BaseModel, ValidationError

from framework import App, HTTPException, Request

__all__ = ["Item", "app"]

app = App()


class Item(BaseModel):
    name: str
    tags: list[str]


@app.post(
    "/items/",
    openapi_extra={
        "requestBody": {
            "content": {"application/x-yaml": {"schema": Item.model_json_schema()}},
            "required": True,
        },
    },
)
async def create_item(request: Request):
    raw_body = await request.body()
    try:
        data = yaml.safe_load(raw_body)
    except yaml.YAMLError:
        raise HTTPException(status_code=422, detail="Invalid YAML") from None
    try:
        item = Item.model_validate(data)
    except ValidationError as e:
        raise HTTPException(status_code=422, detail=e.errors(include_url=False)) from None
    return item
