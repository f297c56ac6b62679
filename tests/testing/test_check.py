"""check_app: passes a correct app; catches a 500 on a boundary, a body breaking its
response model, a valid request refused, an invalid one accepted, and prints the call."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel, Field

from framework import App, Path, Query
from framework.responses import JSONResponse
from testing import TestClient
from testing.check import CheckFailure, check_app


class Item(BaseModel):
    name: str = Field(min_length=1, max_length=8)
    price: float = Field(gt=0, le=1000)
    tags: list[str] = []


def correct_app() -> App:
    app = App()

    @app.post("/items/{item_id}", response_model=Item)
    async def create(item_id: Annotated[int, Path(ge=1, le=100)], item: Item,
                     q: Annotated[str | None, Query(max_length=3)] = None) -> Item:
        return item

    @app.get("/ratio")
    def ratio(n: Annotated[int, Query(ge=0, le=10)], verbose: bool = False):
        return {"ratio": n / 10, "verbose": verbose}

    return app


def test_a_correct_app_passes():
    check_app(correct_app(), max_examples=30)


def test_a_500_on_a_boundary_value_is_found_and_printed_as_a_call(backend="asyncio"):
    app = App()

    @app.get("/inverse")
    def inverse(n: Annotated[int, Query(ge=0, le=10)]):
        return {"inverse": 1 / (10 - n)}

    with pytest.raises(CheckFailure) as failure:
        check_app(app, max_examples=50, invalid=False)
    message = str(failure.value)
    assert "ZeroDivisionError" in message
    call = "client.request('GET', '/inverse', params={'n': '10'})"
    assert call in message
    # the printed call is runnable as it is
    client = TestClient(app)
    with pytest.raises(ZeroDivisionError):
        eval(call, {"client": client})


def test_a_body_breaking_the_response_model_is_found():
    app = App()

    @app.get("/item", response_model=Item)
    async def item():
        return JSONResponse({"name": "", "price": -1})  # bypasses the model

    with pytest.raises(CheckFailure) as failure:
        check_app(app, max_examples=5)
    message = str(failure.value)
    assert "GET /item broke its contract" in message
    assert "$.name: '' breaks the length limits" in message
    assert "$.price: -1 breaks exclusiveMinimum 0" in message
    assert "client.request('GET', '/item')" in message


def test_an_invalid_request_answered_2xx_is_found():
    app = App()

    @app.get("/lenient", openapi_extra={"parameters": [
        {"name": "n", "in": "query", "required": True,
         "schema": {"type": "integer", "maximum": 5}},
    ]})
    async def lenient():
        return {"ok": True}

    with pytest.raises(CheckFailure, match=r"an invalid request \(query 'n'.*\) got 200"):
        check_app(app, max_examples=20, valid=False)


def test_a_valid_request_refused_with_422_is_found():
    app = App()

    @app.get("/strict", openapi_extra={"parameters": [
        {"name": "n", "in": "query", "required": False, "schema": {"type": "integer"}},
    ]})
    async def strict(n: Annotated[int, Query(le=5)] = 0):
        return {"n": n}

    with pytest.raises(CheckFailure, match="a valid request got 422"):
        check_app(app, max_examples=30, invalid=False)


def test_undeclared_statuses_are_reported():
    app = App()

    @app.get("/teapot")
    async def teapot():
        return JSONResponse({"tea": True}, status_code=418)

    with pytest.raises(CheckFailure, match=r"status 418 is not among the declared responses"):
        check_app(app, max_examples=3)


def test_only_limits_the_operations():
    app = correct_app()

    @app.get("/broken")
    async def broken():
        raise RuntimeError("never called")

    check_app(app, max_examples=10, only=["GET /ratio", "create_items__item_id__post"])
