"""``openapi_extra`` documenting a request body the code reads itself (no pydantic model).

The endpoint parses the raw body with its own logic (``magic_data_reader``); the
``requestBody`` schema exists only in the document.
"""

from __future__ import annotations

from typing import Any

from framework import App, Request

__all__ = ["app", "magic_data_reader"]

app = App()


def magic_data_reader(raw_body: bytes) -> dict[str, Any]:
    return {
        "size": len(raw_body),
        "content": {
            "name": "Maaaagic",
            "price": 42,
            "description": "Just kiddin', no magic here. ✨",
        },
    }


@app.post(
    "/items/",
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
async def create_item(request: Request):
    raw_body = await request.body()
    data = magic_data_reader(raw_body)
    return data
