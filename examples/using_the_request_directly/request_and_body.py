"""The raw ``Request`` next to a validated body: the body stays validated and documented.

The seed: "any other parameter declared normally (for example, the body with a Pydantic
model) would still be validated, converted, annotated, etc." The raw body and headers are
read from the same request.
"""

from __future__ import annotations

from pydantic import BaseModel

from framework import App, Request

__all__ = ["app"]

app = App()


class Item(BaseModel):
    name: str
    price: float


@app.post("/items/{item_id}")
async def create_item(item_id: int, item: Item, request: Request):
    raw = await request.body()
    return {
        "item_id": item_id,
        "item": item,
        "raw_body": raw.decode(),
        "method": request.method,
        "content_type": request.headers.get("content-type"),
        "query": dict(request.query_params),
    }
