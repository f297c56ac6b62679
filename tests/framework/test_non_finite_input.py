"""A body holding NaN or ±Infinity where a 422 reports it answers 422, never 500.

Python's JSON parser and pydantic both take ``NaN``, ``Infinity`` and ``-Infinity`` as
numbers; JSON cannot write them back. FastAPI's 422 fails to encode such an input and
answers 500; Keel writes it as a string and answers the 422.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from framework import App
from testing import AsyncClient

pytestmark = pytest.mark.anyio


class Item(BaseModel):
    id: int
    price: float


app = App()


@app.post("/items")
async def create(item: Item) -> dict[str, Any]:
    return {"id": item.id, "price": repr(item.price)}


async def post(raw: bytes) -> tuple[int, list[tuple[str, str]], Any]:
    async with AsyncClient(app=app, base_url="http://test") as client:
        response = await client.post(
            "/items", content=raw, headers={"content-type": "application/json"}
        )
    return response.status_code, sorted(response.headers.items()), json.loads(response.content)


def _model_type(value: Any) -> dict[str, Any]:
    return {
        "type": "model_type",
        "loc": ["body"],
        "msg": "Input should be a valid dictionary or instance of Item",
        "input": value,
        "ctx": {"class_name": "Item"},
    }


@pytest.mark.parametrize(
    ("raw", "detail"),
    [
        (b"NaN", [_model_type("NaN")]),
        (b"-Infinity", [_model_type("-Infinity")]),
        (b"[NaN, 1, Infinity]", [_model_type(["NaN", 1, "Infinity"])]),
        (
            b'{"id": NaN, "price": 2}',
            [
                {
                    "type": "finite_number",
                    "loc": ["body", "id"],
                    "msg": "Input should be a finite number",
                    "input": "NaN",
                }
            ],
        ),
    ],
    ids=["nan", "minus-infinity", "in-a-list", "in-a-field"],
)
async def test_the_422_writes_the_number_as_a_string(raw: bytes, detail: Any) -> None:
    status, headers, body = await post(raw)
    assert status == 422
    assert body == {"detail": detail}
    assert ("content-type", "application/json") in headers


async def test_a_float_field_still_takes_them() -> None:
    assert await post(b'{"id": 1, "price": Infinity}') == (
        200,
        [("content-length", "22"), ("content-type", "application/json")],
        {"id": 1, "price": "inf"},
    )
